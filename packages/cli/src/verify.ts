import { readFile } from 'node:fs/promises'
import { basename, dirname, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { type DisplayTextOptions, displayText, jsonText, parseJson, TesseraError } from '@tessera/schema'
import {
  claimedNameStatement,
  combineTrustPolicies,
  type EvidenceMode,
  issuerStatement,
  readTrustPolicy,
  statementText,
  type TrustPolicy,
  type VerificationResult,
  Verifier,
} from '@tessera/verifier'
import { EXIT, type Io } from './io.js'
import { readInput } from './read-input.js'

const USAGE =
  'usage: tessera verify <file|-> [--json] [--now ISO-DATE] [--documents map.json] [--offline] [--store DIR] [--trust FILE]... [--require-trusted-issuer] [--evidence check|require|ignore]\n'

/**
 * `--documents map.json`: `{ "<url or DID>": "<file>" }`, files relative to the map. JSON files are
 * served as documents (DID documents, controller documents, status list credentials), others as text
 * (a status list as a JWT).
 */
async function loadDocuments(mapPath: string, cwd: string): Promise<Map<string, unknown>> {
  const path = resolve(cwd, mapPath)
  const map = parseJson(await readFile(path, 'utf8'))
  if (typeof map !== 'object' || map === null || Array.isArray(map)) {
    throw new TesseraError('INVALID_DOCUMENT_MAP', `${mapPath} is not an object of URL -> file`)
  }
  const documents = new Map<string, unknown>()
  for (const [url, file] of Object.entries(map)) {
    if (typeof file !== 'string')
      throw new TesseraError('INVALID_DOCUMENT_MAP', `${mapPath}: ${url} does not map to a file name`)
    const text = new TextDecoder().decode(await readInput(resolve(dirname(path), file), cwd))
    let document: unknown = text.trim()
    try {
      document = parseJson(text)
    } catch {
      // not JSON: served as text
    }
    documents.set(url, document)
  }
  return documents
}

/**
 * `--trust FILE` (repeatable): trusted issuers, in any shape `readTrustPolicy` reads (a policy, the DCC's
 * list of known registries, a DCC issuer registry, a plain list of DIDs and domains), each named after
 * its file unless it names itself.
 */
async function loadTrust(files: readonly string[], cwd: string): Promise<TrustPolicy> {
  const policies: TrustPolicy[] = []
  for (const file of files) {
    const json = parseJson(new TextDecoder().decode(await readInput(file, cwd)))
    policies.push(readTrustPolicy(json, { name: basename(file) }))
  }
  return combineTrustPolicies(policies)
}

/** Text from the credential or a registry, for a terminal: hidden characters written as escapes. */
const shown = (value: unknown, options: DisplayTextOptions = {}): string =>
  displayText(value, { hidden: 'escape', maxLength: 500, ...options }).text

/** Who issued it, by the trust policy: "issued by …, a known issuer of …" or "signed by …; not in your trusted list". */
function trustLines(result: VerificationResult): string {
  if (result.trust === undefined) return ''
  const statement = issuerStatement(result.trust, { hidden: 'escape' })
  const claim = claimedNameStatement(result.trust, { hidden: 'escape' })
  const unchecked = (result.trust.unchecked ?? []).map(
    (u) => `  note ${shown(u.name, { isolate: true })} not checked: ${shown(u.code)}: ${shown(u.message)}\n`,
  )
  return (
    `  ${statementText(statement)}\n` +
    (claim === undefined ? '' : `  it ${statementText(claim)}\n`) +
    unchecked.join('')
  )
}

export function report(file: string, result: VerificationResult): string {
  const head = `${shown(file)}: ${result.verified ? 'VERIFIED' : 'NOT VERIFIED'}${result.format === undefined ? '' : ` (${result.format}${result.issuer === undefined ? '' : `, issuer ${shown(result.issuer)}`})`}\n`
  const width = Math.max(...result.checks.map((c) => c.id.length))
  const lines = result.checks.map(
    (c) =>
      `  ${c.ok ? 'ok  ' : 'FAIL'} ${c.id.padEnd(width)}  ${c.ok ? '' : `${shown(c.code)}: `}${shown(c.message, { maxLength: 2000 })}\n`,
  )
  const warnings = result.warnings.map(
    (w) => `  warn ${shown(w.code)}: ${shown(w.message, { maxLength: 2000 })}\n`,
  )
  return head + trustLines(result) + lines.join('') + warnings.join('')
}

/** What `--evidence` takes: the verifier's `evidence` option. */
const EVIDENCE_MODES: readonly EvidenceMode[] = ['check', 'require', 'ignore']

/** `tessera verify`: 0 verified, 1 not verified, 2 unusable input. */
export async function verifyCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      json: { type: 'boolean', default: false },
      now: { type: 'string' },
      documents: { type: 'string' },
      offline: { type: 'boolean', default: false },
      store: { type: 'string' },
      trust: { type: 'string', multiple: true },
      'require-trusted-issuer': { type: 'boolean', default: false },
      evidence: { type: 'string', default: 'check' },
    },
    allowPositionals: true,
  })
  if (positionals.length !== 1) {
    io.stderr(USAGE)
    return EXIT.unusable
  }
  const now = values.now === undefined ? io.now() : new Date(values.now)
  if (Number.isNaN(now.getTime()))
    throw new TesseraError('INVALID_DATE', `--now ${JSON.stringify(values.now)} is not a date`)
  const evidence = values.evidence
  if (!EVIDENCE_MODES.includes(evidence as EvidenceMode))
    throw new TesseraError(
      'USAGE',
      `--evidence ${JSON.stringify(evidence)} is not one of ${EVIDENCE_MODES.join(', ')}`,
    )
  const mapped = values.documents === undefined ? undefined : await loadDocuments(values.documents, io.cwd)
  // --store: the store's own status lists and DID document, as publish would write them (the issuer's
  // libraries load only then).
  const fromStore =
    values.store === undefined
      ? undefined
      : await (await import('./store-documents.js')).storeDocuments(values.store, io, now)
  const documents =
    mapped === undefined && fromStore === undefined
      ? undefined
      : new Map([...(fromStore ?? []), ...(mapped ?? [])])
  const file = positionals[0] as string
  const bytes = await readInput(file, io.cwd, 16 * 1024 * 1024)
  const trust = values.trust === undefined ? undefined : await loadTrust(values.trust, io.cwd)
  const verifier = new Verifier({
    ...(documents === undefined ? {} : { documents }),
    ...(trust === undefined ? {} : { trust }),
    offline: values.offline,
  })
  const result = await verifier.verifyCredential(bytes, {
    now,
    requireTrustedIssuer: values['require-trusted-issuer'],
    evidence: evidence as EvidenceMode,
  })
  const unusable = result.checks.length === 1 && result.checks[0]?.id === 'parse' && !result.checks[0].ok
  if (values.json) {
    io.stdout(`${jsonText(result, 2)}\n`)
  } else if (unusable) {
    const parse = result.checks[0]
    io.stderr(`tessera verify: ${shown(parse?.code)}: ${shown(parse?.message, { maxLength: 2000 })}\n`)
  } else {
    io.stdout(report(file, result))
  }
  if (unusable) return EXIT.unusable
  return result.verified ? EXIT.ok : EXIT.negative
}
