/**
 * Reading a request's body within bounds: a declared length over the limit is refused before a byte is
 * read, a body of a declared length within it is read whole, a streamed one (no length) is refused as soon
 * as it passes the limit, and JSON goes through @tessera/schema's bounded
 * parser (depth, number of values, no `__proto__`). Each refusal is a ProtocolError with the code the
 * endpoint gives malformed requests (`invalid_request` at the token endpoint, `invalid_credential_request`
 * at the credential endpoint, ...), with 413 for a body too large.
 */
import { decodeUtf8, isJsonObject, type JsonObject, parseJson, repeatedMember } from '@tessera/schema'
import { type ProtocolErrorCode, refuse } from './errors.js'

/** A JSON request's value budget: far above any credential request, far below what would cost time. */
const JSON_LIMITS = { maxDepth: 16, maxValues: 2_000 }

async function readBytes(request: Request, limit: number, code: ProtocolErrorCode): Promise<Uint8Array> {
  const declared = request.headers.get('content-length')
  if (declared !== null && Number(declared) > limit)
    refuse(code, `the body is larger than the ${limit} bytes accepted`, { status: 413 })
  if (declared !== null && /^\d+$/.test(declared)) {
    // A declared length within the limit: the HTTP parser reads that many bytes and no more, so the body
    // is read in one piece (under @hono/node-server straight from the socket, with no web stream between).
    const bytes = new Uint8Array(await request.arrayBuffer())
    if (bytes.byteLength > limit)
      refuse(code, `the body is larger than the ${limit} bytes accepted`, { status: 413 })
    return bytes
  }
  if (request.body === null) return new Uint8Array()
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > limit) {
      await reader.cancel().catch(() => undefined)
      refuse(code, `the body is larger than the ${limit} bytes accepted`, { status: 413 })
    }
    chunks.push(value)
  }
  const bytes = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.byteLength
  }
  return bytes
}

/** The body as text: strict UTF-8, at most `limit` bytes. */
export async function readText(request: Request, limit: number, code: ProtocolErrorCode): Promise<string> {
  const bytes = await readBytes(request, limit, code)
  try {
    return decodeUtf8(bytes, { maxBytes: limit })
  } catch {
    return refuse(code, 'the body is not UTF-8 text')
  }
}

/** The media type of the request, without parameters, lower case. */
function mediaType(request: Request): string {
  return (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
}

/** A JSON object body (`application/json`), each of its parameters once. */
export async function readJsonObject(
  request: Request,
  limit: number,
  code: ProtocolErrorCode,
): Promise<JsonObject> {
  if (mediaType(request) !== 'application/json') refuse(code, 'the body must be application/json')
  const text = await readText(request, limit, code)
  let value: unknown
  try {
    value = parseJson(text, { ...JSON_LIMITS, maxBytes: limit })
  } catch (error) {
    return refuse(code, `the body is not acceptable JSON: ${error instanceof Error ? error.message : error}`)
  }
  if (!isJsonObject(value)) refuse(code, 'the body must be a JSON object')
  // OpenID4VCI (8.3.1.2, 11.3) refuses a request that repeats a parameter, where JSON.parse keeps the last
  // silently (two `jwt` lists in one `proofs` would leave open which one was checked)
  const repeated = repeatedMember(text)
  if (repeated !== undefined)
    refuse(code, `the parameter at ${repeated.slice(0, 60)} is given more than once`)
  return value
}

/**
 * A form body (`application/x-www-form-urlencoded`) as single-valued parameters: RFC 6749 (3.1, 3.2)
 * allows no parameter twice, and a parameter sent without a value is treated as omitted (an empty
 * `tx_code` is no transaction code, not a wrong one).
 */
export async function readForm(request: Request, limit: number): Promise<Map<string, string>> {
  if (mediaType(request) !== 'application/x-www-form-urlencoded')
    refuse('invalid_request', 'the token request must be application/x-www-form-urlencoded')
  const text = await readText(request, limit, 'invalid_request')
  const form = new Map<string, string>()
  for (const [name, value] of new URLSearchParams(text)) {
    if (value === '') continue
    if (form.has(name))
      refuse('invalid_request', `the parameter ${name.slice(0, 40)} is given more than once`)
    form.set(name, value)
  }
  return form
}
