/**
 * The page: reads a credential (a file picked or dropped, pasted text, or the link's fragment), verifies
 * it with @tessera/verifier in this browser, and shows the badge and each check in plain language.
 * Everything shown from a credential goes through textContent: a credential is untrusted input.
 */
import { isJsonObject, type JsonObject } from '@tessera/schema'
import { isPng, type VerificationResult, Verifier } from '@tessera/verifier'
import { fetchOptionsFor } from './fetch-options.js'
import { readFragment } from './input.js'
import { describeCheck, formatDate } from './reasons.js'

declare const __TESSERA_LOCAL_FETCH_HOSTS__: readonly string[]
const LOCAL_FETCH_HOSTS: readonly string[] = __TESSERA_LOCAL_FETCH_HOSTS__

// One verifier for the page's life: it keeps the DID documents and status lists it fetched.
const verifier = new Verifier({ fetch: fetchOptionsFor(LOCAL_FETCH_HOSTS) })

type Input = string | Uint8Array

interface Shown {
  input: Input
  result: VerificationResult
}

let shown: Shown | undefined
let imageUrl: string | undefined
let run = 0

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id)
  if (found === null) throw new Error(`the page lacks #${id}`)
  return found as T
}

const el = {
  localNote: element<HTMLParagraphElement>('local-fetch-note'),
  dropZone: element<HTMLDivElement>('drop-zone'),
  file: element<HTMLInputElement>('file'),
  pasteForm: element<HTMLFormElement>('paste-form'),
  paste: element<HTMLTextAreaElement>('paste'),
  result: element<HTMLElement>('result'),
  resultHeading: element<HTMLHeadingElement>('result-heading'),
  verdict: element<HTMLParagraphElement>('verdict'),
  unconfirmed: element<HTMLParagraphElement>('unconfirmed'),
  badge: element<HTMLDivElement>('badge'),
  image: element<HTMLImageElement>('badge-image'),
  name: element<HTMLHeadingElement>('achievement-name'),
  description: element<HTMLParagraphElement>('achievement-description'),
  facts: element<HTMLDListElement>('facts'),
  checks: element<HTMLUListElement>('checks'),
  warnings: element<HTMLDetailsElement>('warnings'),
  warningList: element<HTMLUListElement>('warning-list'),
  recipientForm: element<HTMLFormElement>('recipient-form'),
  email: element<HTMLInputElement>('email'),
  recipientResult: element<HTMLParagraphElement>('recipient-result'),
}

function object(value: unknown): JsonObject {
  return isJsonObject(value) ? value : {}
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined
}

/** An image URL safe to show: a data: image or an https address. Anything else is not shown. */
function safeImageUrl(image: unknown): string | undefined {
  const url = text(isJsonObject(image) ? image.id : image)
  if (url === undefined) return undefined
  if (/^data:image\/(png|jpeg|gif|webp|svg\+xml)[;,]/i.test(url)) return url
  try {
    return new URL(url).protocol === 'https:' ? url : undefined
  } catch {
    return undefined
  }
}

function setImage(url: string | undefined, alt: string): void {
  if (url === undefined) {
    el.image.hidden = true
    el.image.removeAttribute('src')
    return
  }
  el.image.src = url
  el.image.alt = alt
  el.image.hidden = false
}

function addFact(term: string, value: string | undefined): void {
  if (value === undefined) return
  const dt = document.createElement('dt')
  dt.textContent = term
  const dd = document.createElement('dd')
  dd.textContent = value
  el.facts.append(dt, dd)
}

function issuerLine(credential: JsonObject, issuerId: string | undefined): string | undefined {
  const issuer = credential.issuer
  const name = isJsonObject(issuer) ? text(issuer.name) : undefined
  if (name !== undefined && issuerId !== undefined) return `${name} (${issuerId})`
  return name ?? issuerId
}

function recipientLine(subject: JsonObject): string | undefined {
  const identities = Array.isArray(subject.identifier) ? subject.identifier.filter(isJsonObject) : []
  const hashed = identities.some((i) => i.hashed === true)
  const plain = identities.find((i) => i.hashed !== true && typeof i.identityHash === 'string')
  if (plain !== undefined) return String(plain.identityHash)
  if (hashed) return 'a hashed email address (compare one below)'
  return text(subject.id)
}

function hasEmailIdentity(credential: JsonObject | undefined): boolean {
  const subject = object(credential?.credentialSubject)
  const identities = Array.isArray(subject.identifier) ? subject.identifier.filter(isJsonObject) : []
  return identities.some((i) => i.identityType === 'emailAddress')
}

function showResult({ result }: Shown, fileImage: string | undefined): void {
  const credential = result.credential
  el.result.hidden = false
  el.verdict.className = `verdict ${result.verified ? 'ok' : 'bad'}`
  const failures = result.checks.filter((c) => !c.ok)
  const first = failures[0]
  el.verdict.textContent = result.verified
    ? 'Verified: this badge is genuine and in force.'
    : first === undefined
      ? 'Not verified.'
      : `Not verified. ${describeCheck(first, credential, result.format).reason}${failures.length > 1 ? ` (${failures.length} checks failed: see below.)` : ''}`
  el.facts.replaceChildren()
  el.unconfirmed.hidden = result.verified || credential === undefined
  if (credential === undefined) {
    el.badge.hidden = true
  } else {
    const subject = object(credential.credentialSubject)
    const achievement = object(subject.achievement)
    const name = text(achievement.name) ?? text(credential.name) ?? 'A badge without a name'
    el.name.textContent = name
    el.description.textContent = text(achievement.description) ?? text(credential.description) ?? ''
    setImage(
      fileImage ?? safeImageUrl(credential.image) ?? safeImageUrl(achievement.image),
      `Badge image: ${name}`,
    )
    addFact('Issuer', issuerLine(credential, result.issuer))
    addFact('Recipient', recipientLine(subject))
    const from = credential.validFrom ?? credential.issuanceDate
    const until = credential.validUntil ?? credential.expirationDate
    addFact('Valid from', from === undefined ? undefined : formatDate(from))
    addFact('Valid until', until === undefined ? 'no end date' : formatDate(until))
    if (credential.awardedDate !== undefined) addFact('Awarded', formatDate(credential.awardedDate))
    el.badge.hidden = false
  }
  el.checks.replaceChildren(
    ...result.checks.map((check) => {
      const { label, reason } = describeCheck(check, credential, result.format)
      const li = document.createElement('li')
      li.className = `check ${check.ok ? 'pass' : 'fail'}`
      li.dataset.check = check.id
      if (check.code !== undefined) li.dataset.code = check.code
      const mark = document.createElement('span')
      mark.className = 'mark'
      mark.setAttribute('aria-hidden', 'true')
      mark.textContent = check.ok ? '✓' : '✗'
      const outcome = document.createElement('strong')
      outcome.className = 'outcome'
      outcome.textContent = check.ok ? 'Pass' : 'Fail'
      const what = document.createElement('span')
      what.className = 'label'
      what.textContent = `${label}: `
      const why = document.createElement('span')
      why.className = 'reason'
      why.textContent = reason
      const detail = document.createElement('small')
      detail.className = 'detail'
      detail.textContent = check.code === undefined ? check.message : `${check.code}: ${check.message}`
      li.append(mark, outcome, ' ', what, why, detail)
      return li
    }),
  )
  el.warningList.replaceChildren(
    ...result.warnings.map((w) => {
      const li = document.createElement('li')
      li.textContent = `${w.message} (${w.code})`
      return li
    }),
  )
  el.warnings.hidden = result.warnings.length === 0
  el.recipientForm.hidden = credential === undefined
  el.recipientResult.textContent = ''
  el.recipientResult.className = ''
}

async function verify(input: Input, fileImage?: string): Promise<void> {
  const mine = ++run
  el.result.hidden = false
  el.result.setAttribute('aria-busy', 'true')
  el.verdict.className = 'verdict busy'
  el.verdict.textContent = 'Checking…'
  el.checks.replaceChildren()
  el.badge.hidden = true
  el.unconfirmed.hidden = true
  el.recipientForm.hidden = true
  let result: VerificationResult
  try {
    result = await verifier.verifyCredential(input)
  } catch (error) {
    // The verifier reports failures as checks; this is for the unexpected.
    result = {
      verified: false,
      checks: [{ id: 'parse', ok: false, code: 'INTERNAL', message: String(error) }],
      warnings: [],
    }
  }
  if (mine !== run) return // a newer input took over
  if (imageUrl !== undefined && imageUrl !== fileImage) URL.revokeObjectURL(imageUrl)
  imageUrl = fileImage
  shown = { input, result }
  showResult(shown, fileImage)
  el.result.removeAttribute('aria-busy')
  el.result.dataset.state = result.verified ? 'verified' : 'failed'
  el.resultHeading.focus()
}

async function verifyFile(file: File): Promise<void> {
  const bytes = new Uint8Array(await file.arrayBuffer())
  const svg = file.type === 'image/svg+xml' || /\.svg$/i.test(file.name)
  // The picture itself is shown for a baked badge; as an <img>, an SVG runs no script.
  const picture =
    isPng(bytes) || svg
      ? URL.createObjectURL(new Blob([bytes], { type: svg ? 'image/svg+xml' : 'image/png' }))
      : undefined
  await verify(bytes, picture)
}

function verifyFragment(): void {
  const reading = readFragment(location.hash)
  if (reading.kind === 'none') return
  if (reading.kind === 'error') {
    el.result.hidden = false
    el.badge.hidden = true
    el.unconfirmed.hidden = true
    el.recipientForm.hidden = true
    el.checks.replaceChildren()
    el.verdict.className = 'verdict bad'
    el.verdict.textContent = `Not verified: ${reading.message}`
    el.result.dataset.state = 'failed'
    return
  }
  void verify(reading.text)
}

async function compareRecipient(): Promise<void> {
  if (shown === undefined) return
  const email = el.email.value.trim()
  if (email === '') {
    el.recipientResult.className = 'bad'
    el.recipientResult.textContent = 'Type an email address first.'
    return
  }
  if (!hasEmailIdentity(shown.result.credential)) {
    el.recipientResult.className = 'bad'
    el.recipientResult.textContent = 'This badge names no email address to compare with.'
    return
  }
  const result = await verifier.verifyCredential(shown.input, { recipient: { email }, status: false })
  const match = result.checks.find((c) => c.id === 'recipient')?.ok === true
  el.recipientResult.className = match ? 'ok' : 'bad'
  el.recipientResult.textContent = match
    ? `Yes: this badge was issued to ${email}.`
    : `No: this badge was not issued to ${email}.`
}

if (LOCAL_FETCH_HOSTS.length > 0) {
  el.localNote.hidden = false
  el.localNote.textContent = `Test build: this page also fetches over plain http from ${LOCAL_FETCH_HOSTS.join(', ')}. Do not publish it.`
}

el.file.addEventListener('change', () => {
  const file = el.file.files?.[0]
  if (file !== undefined) void verifyFile(file)
})

el.pasteForm.addEventListener('submit', (event) => {
  event.preventDefault()
  const pasted = el.paste.value.trim()
  if (pasted !== '') void verify(pasted)
})

el.recipientForm.addEventListener('submit', (event) => {
  event.preventDefault()
  void compareRecipient()
})

for (const type of ['dragenter', 'dragover'] as const) {
  el.dropZone.addEventListener(type, (event) => {
    event.preventDefault()
    el.dropZone.classList.add('over')
  })
}
el.dropZone.addEventListener('dragleave', () => el.dropZone.classList.remove('over'))
el.dropZone.addEventListener('drop', (event) => {
  event.preventDefault()
  el.dropZone.classList.remove('over')
  const file = event.dataTransfer?.files[0]
  if (file !== undefined) void verifyFile(file)
})

window.addEventListener('hashchange', verifyFragment)
verifyFragment()
