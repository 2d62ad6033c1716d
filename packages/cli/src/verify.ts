import { readFile } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { parseJson, TesseraError } from '@tessera/schema'
import { type VerificationResult, Verifier } from '@tessera/verifier'
import { EXIT, type Io } from './io.js'
import { readInput } from './read-input.js'

const USAGE =
  'usage: tessera verify <file|-> [--json] [--now ISO-DATE] [--documents map.json] [--offline] [--store DIR]\n'

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

export function report(file: string, result: VerificationResult): string {
  const head = `${file}: ${result.verified ? 'VERIFIED' : 'NOT VERIFIED'}${result.format === undefined ? '' : ` (${result.format}${result.issuer === undefined ? '' : `, issuer ${result.issuer}`})`}\n`
  const width = Math.max(...result.checks.map((c) => c.id.length))
  const lines = result.checks.map(
    (c) => `  ${c.ok ? 'ok  ' : 'FAIL'} ${c.id.padEnd(width)}  ${c.ok ? '' : `${c.code}: `}${c.message}\n`,
  )
  const warnings = result.warnings.map((w) => `  warn ${w.code}: ${w.message}\n`)
  return head + lines.join('') + warnings.join('')
}

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
  const mapped = values.documents === undefined ? undefined : await loadDocuments(values.documents, io.cwd)
  // --store: the store's own status lists and DID document, as publish would write them (the issuer's
  // libraries load only then).
  const fromStore =
    values.store === undefined
      ? undefined
      : await (await import('./store-documents.js')).storeDocuments(values.store, io)
  const documents =
    mapped === undefined && fromStore === undefined
      ? undefined
      : new Map([...(fromStore ?? []), ...(mapped ?? [])])
  const file = positionals[0] as string
  const bytes = await readInput(file, io.cwd, 16 * 1024 * 1024)
  const verifier = new Verifier({
    ...(documents === undefined ? {} : { documents }),
    offline: values.offline,
  })
  const result = await verifier.verifyCredential(bytes, { now })
  const unusable = result.checks.length === 1 && result.checks[0]?.id === 'parse' && !result.checks[0].ok
  if (values.json) {
    io.stdout(`${JSON.stringify(result, null, 2)}\n`)
  } else if (unusable) {
    const parse = result.checks[0]
    io.stderr(`tessera verify: ${parse?.code}: ${parse?.message}\n`)
  } else {
    io.stdout(report(file, result))
  }
  if (unusable) return EXIT.unusable
  return result.verified ? EXIT.ok : EXIT.negative
}
