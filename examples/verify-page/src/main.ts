/**
 * The page: reads a credential (a file picked or dropped, pasted text, or the link's fragment), verifies
 * it with @tessera/verifier in this browser, and shows the badge and each check in plain language.
 * A credential is untrusted input: everything shown from it goes through `displayText` (controls and
 * bidirectional overrides removed) into textContent, names inside <bdi>, identifiers in <code dir="ltr">;
 * the verdict rests on the checks and the page's trust policy, never on what the credential says of
 * itself; and no picture it points at is loaded until the visitor asks.
 */
import {
  type DisplayTextOptions,
  displayText,
  isJsonObject,
  isTesseraError,
  type JsonObject,
  parseJson,
  readCredential,
} from '@tessera/schema'
import {
  capitalised,
  claimedNameStatement,
  createGuardedFetch,
  type IssuerStatement,
  isPng,
  issuerStatement,
  readTrustPolicy,
  type TrustPolicy,
  type VerificationResult,
  Verifier,
} from '@tessera/verifier'
import { fetchOptionsFor } from './fetch-options.js'
import { type ImageSource, imageSource, sniffImage } from './images.js'
import { readFragment } from './input.js'
import { describeCheck, formatDate } from './reasons.js'

declare const __TESSERA_LOCAL_FETCH_HOSTS__: readonly string[]
const LOCAL_FETCH_HOSTS: readonly string[] = __TESSERA_LOCAL_FETCH_HOSTS__
const FETCH_OPTIONS = fetchOptionsFor(LOCAL_FETCH_HOSTS)
/** Largest remote badge picture fetched when the visitor asks for it. */
const IMAGE_MAX_BYTES = 2 * 1024 * 1024
const TRUST_FILE = './trust.json'
const PAGE_LIST_NAME = 'this page’s trusted list'

type Input = string | Uint8Array

interface Shown {
  input: Input
  result: VerificationResult
}

let shown: Shown | undefined
/** Object URLs made for the picture shown now (a dropped file, a fetched image): revoked when replaced. */
let objectUrls: string[] = []
let run = 0

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id)
  if (found === null) throw new Error(`the page lacks #${id}`)
  return found as T
}

const el = {
  localNote: element<HTMLParagraphElement>('local-fetch-note'),
  trustNote: element<HTMLParagraphElement>('trust-note'),
  dropZone: element<HTMLDivElement>('drop-zone'),
  file: element<HTMLInputElement>('file'),
  pasteForm: element<HTMLFormElement>('paste-form'),
  paste: element<HTMLTextAreaElement>('paste'),
  result: element<HTMLElement>('result'),
  resultHeading: element<HTMLHeadingElement>('result-heading'),
  verdict: element<HTMLParagraphElement>('verdict'),
  unconfirmed: element<HTMLParagraphElement>('unconfirmed'),
  hiddenText: element<HTMLParagraphElement>('hidden-text-note'),
  badge: element<HTMLDivElement>('badge'),
  image: element<HTMLImageElement>('badge-image'),
  showImage: element<HTMLButtonElement>('show-image'),
  imageNote: element<HTMLParagraphElement>('image-note'),
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

/** The page's trust policy: trust.json beside the page, if there is one; a broken one is said on screen. */
async function loadTrustPolicy(): Promise<TrustPolicy | undefined> {
  let response: Response
  try {
    response = await fetch(TRUST_FILE, { credentials: 'same-origin', cache: 'no-cache' })
  } catch {
    return undefined
  }
  // No file: 404, or the page itself, as hosts that answer every path with index.html send (vite preview)
  if (response.status === 404 || /^text\/html\b/i.test(response.headers.get('content-type') ?? ''))
    return undefined
  try {
    if (!response.ok) throw new Error(`HTTP ${response.status}`)
    const policy = readTrustPolicy(parseJson(await response.text()), { name: PAGE_LIST_NAME })
    el.trustNote.textContent = `Known issuers come from ${TRUST_FILE.slice(2)}, beside this page.`
    el.trustNote.hidden = false
    return policy
  } catch (error) {
    const code = isTesseraError(error) ? error.code : 'TRUST_POLICY_INVALID'
    el.trustNote.textContent = `${TRUST_FILE.slice(2)} could not be used (${code}): no issuer is shown as known.`
    el.trustNote.className = 'note bad'
    el.trustNote.hidden = false
    return undefined
  }
}

// One verifier for the page's life: it keeps the DID documents, status lists and registries it fetched.
const verifier: Promise<Verifier> = loadTrustPolicy().then(
  (trust) => new Verifier({ fetch: FETCH_OPTIONS, ...(trust === undefined ? {} : { trust }) }),
)
const fetchImage = createGuardedFetch({ ...FETCH_OPTIONS, maxBytes: IMAGE_MAX_BYTES })

/** Counts what `displayText` removed while one result is drawn: the page says so when anything was. */
let removedCharacters = 0

function safe(value: unknown, options: DisplayTextOptions = {}): string {
  const shownText = displayText(value, options)
  removedCharacters += shownText.removed
  return shownText.text
}

/** A name from the credential, isolated so that its letters cannot reorder the text around it. */
function isolated(text: string): HTMLElement {
  const bdi = document.createElement('bdi')
  bdi.textContent = text
  return bdi
}

function identifier(text: string): HTMLElement {
  const code = document.createElement('code')
  code.dir = 'ltr'
  code.textContent = text
  return code
}

function statementNodes(statement: IssuerStatement): Node[] {
  removedCharacters += statement.removed
  return statement.parts.map((p) =>
    p.kind === 'name'
      ? isolated(p.text)
      : p.kind === 'id'
        ? identifier(p.text)
        : document.createTextNode(p.text),
  )
}

function addFact(term: string, value: string | Node[] | undefined): void {
  if (value === undefined || value === '') return
  const dt = document.createElement('dt')
  dt.textContent = term
  const dd = document.createElement('dd')
  if (typeof value === 'string') dd.append(isolated(value))
  else dd.append(...value)
  el.facts.append(dt, dd)
}

/** The recipient's identifiers other than the name (which the Recipient fact shows). */
function recipientIdLine(subject: JsonObject): string | undefined {
  const identities = (Array.isArray(subject.identifier) ? subject.identifier : [subject.identifier]).filter(
    isJsonObject,
  )
  const hashed = identities.some((i) => i.hashed === true)
  const plain = identities.find(
    (i) => i.hashed !== true && i.identityType !== 'name' && typeof i.identityHash === 'string',
  )
  if (plain !== undefined) return safe(plain.identityHash)
  if (hashed) return 'a hashed email address (compare one below)'
  return typeof subject.id === 'string' ? safe(subject.id) : undefined
}

function hasEmailIdentity(credential: JsonObject | undefined): boolean {
  const subject = readCredential(credential).subject ?? {}
  const identities = Array.isArray(subject.identifier) ? subject.identifier.filter(isJsonObject) : []
  return identities.some((i) => i.identityType === 'emailAddress')
}

function forgetPicture(): void {
  for (const url of objectUrls) URL.revokeObjectURL(url)
  objectUrls = []
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

/** The picture: the file itself or a data: image at once; a remote one behind a button. */
function showPicture(source: ImageSource | undefined, fileImage: string | undefined, alt: string): void {
  el.showImage.hidden = true
  el.imageNote.hidden = true
  el.imageNote.textContent = ''
  if (fileImage !== undefined || source?.kind !== 'remote') {
    setImage(fileImage ?? source?.url, alt)
    return
  }
  setImage(undefined, alt)
  el.showImage.textContent = `Show the image from ${source.host}`
  el.showImage.dataset.url = source.url
  el.showImage.dataset.alt = alt
  el.showImage.hidden = false
  el.imageNote.textContent = `The badge's picture is on ${source.host}. It is not loaded until you ask: loading it tells that server you opened this badge.`
  el.imageNote.hidden = false
}

async function loadRemotePicture(): Promise<void> {
  const url = el.showImage.dataset.url
  if (url === undefined) return
  const mine = run
  el.showImage.disabled = true
  try {
    const bytes = await fetchImage(url)
    const type = sniffImage(bytes)
    if (type === undefined) throw new Error('what it sent is not an image')
    if (mine !== run) return
    const objectUrl = URL.createObjectURL(new Blob([bytes as BlobPart], { type }))
    objectUrls.push(objectUrl)
    setImage(objectUrl, el.showImage.dataset.alt ?? 'Badge image')
    el.showImage.hidden = true
    el.imageNote.hidden = true
  } catch (error) {
    if (mine !== run) return
    const code = isTesseraError(error) ? error.code : undefined
    el.imageNote.textContent = `The image could not be loaded${code === undefined ? '' : ` (${code})`}: ${safe(error instanceof Error ? error.message : String(error))}`
    el.imageNote.hidden = false
  } finally {
    el.showImage.disabled = false
  }
}

interface Verdict {
  state: 'verified' | 'unknown-issuer' | 'failed'
  tone: 'ok' | 'warn' | 'bad'
  nodes: Node[]
}

/**
 * The verdict: "Verified: issued by <name> (<domain or DID>), a known issuer of <registry>." only when
 * the trust policy knows the issuer; a genuine credential of an issuer it does not know says who signed
 * it and that this issuer is not in the trusted list.
 */
function verdictOf(result: VerificationResult): Verdict {
  const failures = result.checks.filter((c) => !c.ok)
  const first = failures[0]
  if (!result.verified || result.trust === undefined) {
    const reason =
      first === undefined
        ? ''
        : ` ${safe(describeCheck(first, result.credential, result.format).reason)}${failures.length > 1 ? ` (${failures.length} checks failed: see below.)` : ''}`
    return { state: 'failed', tone: 'bad', nodes: [document.createTextNode(`Not verified.${reason}`)] }
  }
  const statement = issuerStatement(result.trust)
  if (result.trust.known) {
    return {
      state: 'verified',
      tone: 'ok',
      nodes: [
        document.createTextNode('Verified: '),
        ...statementNodes(statement),
        document.createTextNode('.'),
      ],
    }
  }
  return {
    state: 'unknown-issuer',
    tone: 'warn',
    nodes: [
      ...statementNodes(capitalised(statement)),
      document.createTextNode(
        '. The signature holds and the badge is in force, but nothing here confirms who is behind this issuer.',
      ),
    ],
  }
}

function issuerFacts(result: VerificationResult): void {
  const trust = result.trust
  if (trust === undefined) {
    addFact('Issuer', 'not named')
    return
  }
  addFact('Issuer', statementNodes(capitalised(issuerStatement(trust))))
  const claim = claimedNameStatement(trust)
  if (claim !== undefined) addFact('Its own name', statementNodes(capitalised(claim)))
}

function showResult({ result }: Shown, fileImage: string | undefined): void {
  removedCharacters = 0
  const credential = result.credential
  el.result.hidden = false
  const verdict = verdictOf(result)
  el.verdict.className = `verdict ${verdict.tone}`
  el.verdict.replaceChildren(...verdict.nodes)
  el.result.dataset.state = verdict.state
  el.facts.replaceChildren()
  el.unconfirmed.hidden = result.verified || credential === undefined
  if (credential === undefined) {
    el.badge.hidden = true
  } else {
    const { validity, achievement: read, subject: first, recipientName } = readCredential(credential)
    const subject = first ?? {}
    const achievement = read ?? {}
    const name = safe(achievement.name ?? credential.name, { maxLength: 200 }) || 'A badge without a name'
    el.name.replaceChildren(isolated(name))
    el.description.replaceChildren(
      isolated(safe(achievement.description ?? credential.description, { multiline: true, maxLength: 2000 })),
    )
    showPicture(
      imageSource(credential.image, LOCAL_FETCH_HOSTS) ?? imageSource(achievement.image, LOCAL_FETCH_HOSTS),
      fileImage,
      `Badge image: ${name}`,
    )
    issuerFacts(result)
    if (recipientName !== undefined && safe(recipientName) !== '') {
      addFact('Recipient', [
        isolated(safe(recipientName)),
        document.createTextNode(' (as the issuer states)'),
      ])
    }
    addFact(recipientName === undefined ? 'Recipient' : 'Recipient’s identifier', recipientIdLine(subject))
    const from = validity.validFrom
    const until = validity.validUntil
    addFact('Valid from', from === undefined ? undefined : safe(formatDate(from)))
    addFact('Valid until', until === undefined ? 'no end date' : safe(formatDate(until)))
    if (credential.awardedDate !== undefined) addFact('Awarded', safe(formatDate(credential.awardedDate)))
    el.badge.hidden = false
  }
  el.checks.replaceChildren(
    ...result.checks.map((check) => {
      const { label, reason } = describeCheck(check, credential, result.format)
      const li = document.createElement('li')
      li.className = `check ${check.ok ? 'pass' : 'fail'}`
      li.dataset.check = check.id
      if (check.code !== undefined) li.dataset.code = safe(check.code)
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
      why.textContent = safe(reason, { maxLength: 400 })
      const detail = document.createElement('small')
      detail.className = 'detail'
      detail.textContent = safe(
        check.code === undefined ? check.message : `${check.code}: ${check.message}`,
        {
          maxLength: 600,
        },
      )
      li.append(mark, outcome, ' ', what, why, detail)
      return li
    }),
  )
  el.warningList.replaceChildren(
    ...result.warnings.map((w) => {
      const li = document.createElement('li')
      li.textContent = safe(`${w.message} (${w.code})`, { maxLength: 600 })
      return li
    }),
  )
  el.warnings.hidden = result.warnings.length === 0
  el.hiddenText.hidden = removedCharacters === 0
  el.hiddenText.textContent =
    removedCharacters === 0
      ? ''
      : `This credential's text holds ${removedCharacters} hidden or control character${removedCharacters === 1 ? '' : 's'} (such as right-to-left overrides, which make text read backwards): removed from what is shown here.`
  el.recipientForm.hidden = credential === undefined
  el.recipientResult.textContent = ''
  el.recipientResult.className = ''
}

async function verify(input: Input, fileImage?: string): Promise<void> {
  const mine = ++run
  el.result.hidden = false
  el.result.setAttribute('aria-busy', 'true')
  delete el.result.dataset.state
  el.verdict.className = 'verdict busy'
  el.verdict.textContent = 'Checking…'
  el.checks.replaceChildren()
  el.badge.hidden = true
  el.unconfirmed.hidden = true
  el.hiddenText.hidden = true
  el.imageNote.hidden = true
  el.recipientForm.hidden = true
  let result: VerificationResult
  try {
    result = await (await verifier).verifyCredential(input)
  } catch (error) {
    // The verifier reports failures as checks; this is for the unexpected.
    result = {
      verified: false,
      checks: [{ id: 'parse', ok: false, code: 'MALFORMED_INPUT', message: String(error) }],
      warnings: [],
    }
  }
  if (mine !== run) {
    if (fileImage !== undefined) URL.revokeObjectURL(fileImage)
    return // a newer input took over
  }
  forgetPicture()
  if (fileImage !== undefined) objectUrls.push(fileImage)
  shown = { input, result }
  showResult(shown, fileImage)
  el.result.removeAttribute('aria-busy')
  el.resultHeading.focus()
}

async function verifyFile(file: File): Promise<void> {
  const bytes = new Uint8Array(await file.arrayBuffer())
  const svg = file.type === 'image/svg+xml' || /\.svg$/i.test(file.name)
  // The picture itself is shown for a baked badge; as an <img>, an SVG runs no script and loads nothing.
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
    el.hiddenText.hidden = true
    el.imageNote.hidden = true
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
  const result = await (await verifier).verifyCredential(shown.input, { recipient: { email }, status: false })
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

el.showImage.addEventListener('click', () => {
  void loadRemotePicture()
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
