/**
 * The page: reads a credential (a file picked or dropped, pasted text, or the link's fragment), verifies
 * it with @tessera/verifier in this browser, and shows the badge and each check in plain language.
 * A credential is untrusted input: everything shown from it goes through `displayText` (controls and
 * bidirectional overrides removed) into textContent, names inside <bdi>, identifiers in <code dir="ltr">;
 * the verdict rests on the checks and the page's trust policy, never on what the credential says of
 * itself; and no picture it points at is loaded until the visitor asks. It speaks the visitor's language
 * (src/language.ts: `?lang=` or the browser's languages), every word from that language's file.
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
import type { Locale } from './language.js'
import { chooseLanguage, formatDate as formatDateIn } from './language.js'
import { LANGUAGES, loadLocale } from './locales.js'
import { applyPageWords } from './page-words.js'
import { describeCheck, statementOptionsOf, technicalLine } from './reasons.js'

declare const __TESSERA_LOCAL_FETCH_HOSTS__: readonly string[]
const LOCAL_FETCH_HOSTS: readonly string[] = __TESSERA_LOCAL_FETCH_HOSTS__
const FETCH_OPTIONS = fetchOptionsFor(LOCAL_FETCH_HOSTS)
/** Largest remote badge picture fetched when the visitor asks for it. */
const IMAGE_MAX_BYTES = 2 * 1024 * 1024
const TRUST_FILE = './trust.json'

const language = chooseLanguage(location.search, navigator.languages, LANGUAGES)
let locale!: Locale
/** The page's words, in the visitor's language: set once its file is loaded (`ready`). */
let t!: Locale['verify']
/**
 * The visitor's language file, loaded (its own small chunk). The page listens for input at once and
 * waits for this before it says anything, so that a file dropped meanwhile is neither lost nor opened.
 */
const ready: Promise<void> = loadLocale(language).then((loaded) => {
  locale = loaded
  t = loaded.verify
  applyPageWords(loaded, LANGUAGES)
})
const formatDate = (value: unknown) => formatDateIn(value, locale)

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
  await ready // its notes are said in the page's language
  // No file: 404, or the page itself, as hosts that answer every path with index.html send (vite preview)
  if (response.status === 404 || /^text\/html\b/i.test(response.headers.get('content-type') ?? ''))
    return undefined
  try {
    if (!response.ok) throw new Error(`HTTP ${response.status}`)
    const policy = readTrustPolicy(parseJson(await response.text()), { name: t.pageListName })
    el.trustNote.textContent = t.trustFrom(TRUST_FILE.slice(2))
    el.trustNote.hidden = false
    return policy
  } catch (error) {
    const code = isTesseraError(error) ? error.code : 'TRUST_POLICY_INVALID'
    el.trustNote.textContent = t.trustBroken(TRUST_FILE.slice(2), code)
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
  if (hashed) return t.hashedEmail
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
  el.showImage.textContent = t.showImage(source.host)
  el.showImage.dataset.url = source.url
  el.showImage.dataset.alt = alt
  el.showImage.hidden = false
  el.imageNote.textContent = t.imageElsewhere(source.host)
  el.imageNote.hidden = false
}

async function loadRemotePicture(): Promise<void> {
  await ready
  const url = el.showImage.dataset.url
  if (url === undefined) return
  const mine = run
  el.showImage.disabled = true
  try {
    const bytes = await fetchImage(url)
    const type = sniffImage(bytes)
    if (type === undefined) throw new Error(t.notAnImage)
    if (mine !== run) return
    const objectUrl = URL.createObjectURL(new Blob([bytes as BlobPart], { type }))
    objectUrls.push(objectUrl)
    setImage(objectUrl, el.showImage.dataset.alt ?? t.badgeImage)
    el.showImage.hidden = true
    el.imageNote.hidden = true
  } catch (error) {
    if (mine !== run) return
    const code = isTesseraError(error) ? error.code : undefined
    el.imageNote.textContent = `${t.imageNotLoaded}${code === undefined ? '' : ` (${code})`}: ${safe(error instanceof Error ? error.message : String(error))}`
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
/** The statements' words in the page's language (the verifier's English when it is English). */
const statementOptions = () => statementOptionsOf(locale)

function verdictOf(result: VerificationResult): Verdict {
  const failures = result.checks.filter((c) => !c.ok)
  const first = failures[0]
  if (!result.verified || result.trust === undefined) {
    const reason =
      first === undefined
        ? ''
        : ` ${safe(describeCheck(first, result.credential, locale, result.format).reason)}${failures.length > 1 ? ` ${t.failedCount(failures.length)}` : ''}`
    return { state: 'failed', tone: 'bad', nodes: [document.createTextNode(`${t.notVerified}${reason}`)] }
  }
  const statement = issuerStatement(result.trust, statementOptions())
  if (result.trust.known) {
    return {
      state: 'verified',
      tone: 'ok',
      nodes: [
        document.createTextNode(t.verified),
        ...statementNodes(statement),
        document.createTextNode('.'),
      ],
    }
  }
  return {
    state: 'unknown-issuer',
    tone: 'warn',
    nodes: [...statementNodes(capitalised(statement)), document.createTextNode(t.unknownIssuerTail)],
  }
}

function issuerFacts(result: VerificationResult): void {
  const trust = result.trust
  if (trust === undefined) {
    addFact(t.issuer, t.issuerNotNamed)
    return
  }
  addFact(t.issuer, statementNodes(capitalised(issuerStatement(trust, statementOptions()))))
  const claim = claimedNameStatement(trust, statementOptions())
  if (claim !== undefined) addFact(t.ownName, statementNodes(capitalised(claim)))
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
    const name = safe(achievement.name ?? credential.name, { maxLength: 200 }) || t.noName
    el.name.replaceChildren(isolated(name))
    el.description.replaceChildren(
      isolated(safe(achievement.description ?? credential.description, { multiline: true, maxLength: 2000 })),
    )
    showPicture(
      imageSource(credential.image, LOCAL_FETCH_HOSTS) ?? imageSource(achievement.image, LOCAL_FETCH_HOSTS),
      fileImage,
      `${t.badgeImage} ${name}`,
    )
    issuerFacts(result)
    if (recipientName !== undefined && safe(recipientName) !== '') {
      addFact(t.recipient, [isolated(safe(recipientName)), document.createTextNode(t.asIssuerStates)])
    }
    addFact(recipientName === undefined ? t.recipient : t.recipientIdentifier, recipientIdLine(subject))
    const from = validity.validFrom
    const until = validity.validUntil
    addFact(t.validFrom, from === undefined ? undefined : safe(formatDate(from)))
    addFact(t.validUntil, until === undefined ? t.noEndDate : safe(formatDate(until)))
    if (credential.awardedDate !== undefined) addFact(t.awarded, safe(formatDate(credential.awardedDate)))
    el.badge.hidden = false
  }
  el.checks.replaceChildren(
    ...result.checks.map((check) => {
      const { label, reason } = describeCheck(check, credential, locale, result.format)
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
      outcome.textContent = check.ok ? t.pass : t.fail
      const what = document.createElement('span')
      what.className = 'label'
      what.textContent = `${label}: `
      const why = document.createElement('span')
      why.className = 'reason'
      why.textContent = safe(reason, { maxLength: 400 })
      const detail = document.createElement('small')
      detail.className = 'detail'
      const technical = technicalLine(check, locale)
      // The verifier's own English (a passed check's detail, English's lines): said to be English.
      if (technical.lang !== undefined && technical.lang !== locale.code) detail.lang = technical.lang
      detail.textContent = safe(technical.text, { maxLength: 600 })
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
  el.hiddenText.textContent = removedCharacters === 0 ? '' : t.hiddenCharacters(removedCharacters)
  el.recipientForm.hidden = credential === undefined
  el.recipientResult.textContent = ''
  el.recipientResult.className = ''
}

async function verify(input: Input, fileImage?: string): Promise<void> {
  const mine = ++run
  await ready
  if (mine !== run) {
    if (fileImage !== undefined) URL.revokeObjectURL(fileImage)
    return // a newer input took over
  }
  el.result.hidden = false
  el.result.setAttribute('aria-busy', 'true')
  delete el.result.dataset.state
  el.verdict.className = 'verdict busy'
  el.verdict.textContent = t.checking
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
    el.verdict.textContent = t.notVerifiedBecause(
      reading.problem === 'damaged' ? t.fragmentDamaged : t.fragmentNoCredential,
    )
    el.result.dataset.state = 'failed'
    return
  }
  void verify(reading.text)
}

async function compareRecipient(): Promise<void> {
  await ready
  if (shown === undefined) return
  const email = el.email.value.trim()
  if (email === '') {
    el.recipientResult.className = 'bad'
    el.recipientResult.textContent = t.typeEmailFirst
    return
  }
  if (!hasEmailIdentity(shown.result.credential)) {
    el.recipientResult.className = 'bad'
    el.recipientResult.textContent = t.noEmailToCompare
    return
  }
  const result = await (await verifier).verifyCredential(shown.input, { recipient: { email }, status: false })
  const match = result.checks.find((c) => c.id === 'recipient')?.ok === true
  el.recipientResult.className = match ? 'ok' : 'bad'
  el.recipientResult.textContent = match ? t.issuedToYes(email) : t.issuedToNo(email)
}

if (LOCAL_FETCH_HOSTS.length > 0) {
  void ready.then(() => {
    el.localNote.hidden = false
    el.localNote.textContent = t.testBuild(LOCAL_FETCH_HOSTS.join(', '))
  })
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

window.addEventListener('hashchange', () => void ready.then(verifyFragment))
void ready.then(verifyFragment)
