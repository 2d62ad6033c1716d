/**
 * Credentials baked into badge images (Open Badges 3.0, "Baking"): a PNG `iTXt` chunk with the keyword
 * `openbadgecredential`, or an SVG `<openbadges:credential>` element (a JWT in `verify`, JSON as text).
 */
import { TesseraError } from '@tessera/schema'
import { XMLParser, XMLValidator } from 'fast-xml-parser'

export type BakedErrorCode =
  | 'NOT_A_BADGE_IMAGE'
  | 'BAKED_CREDENTIAL_MISSING'
  | 'BAKED_CREDENTIAL_DUPLICATED'
  | 'MALFORMED_IMAGE'
  | 'SVG_DOCTYPE_NOT_ALLOWED'
  | 'SVG_TOO_COMPLEX'

export const OB3_SVG_NAMESPACE = 'https://purl.imsglobal.org/ob/v3p0'
const KEYWORD = 'openbadgecredential'
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]

function fail(code: BakedErrorCode, message: string, cause?: unknown): never {
  throw new TesseraError<BakedErrorCode>(code, message, cause === undefined ? undefined : { cause })
}

export function isPng(bytes: Uint8Array): boolean {
  return PNG_SIGNATURE.every((b, i) => bytes[i] === b)
}

const utf8 = new TextDecoder('utf-8', { fatal: true })
const latin1 = new TextDecoder('latin1')

/**
 * The text of the PNG's `openbadgecredential` iTXt chunk. The chunk walk checks every declared length
 * against the bytes that remain, so a lying length cannot make it allocate or read past the file.
 */
export function extractFromPng(bytes: Uint8Array): string {
  if (!isPng(bytes)) fail('NOT_A_BADGE_IMAGE', 'not a PNG file')
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const found: string[] = []
  let at = 8
  while (at + 8 <= bytes.length) {
    const length = view.getUint32(at)
    const type = latin1.decode(bytes.subarray(at + 4, at + 8))
    const start = at + 8
    const end = start + length
    if (end + 4 > bytes.length)
      fail('MALFORMED_IMAGE', `the PNG chunk ${type} claims ${length} bytes past the end of the file`)
    if (type === 'iTXt') {
      const text = readItxt(bytes.subarray(start, end))
      if (text !== undefined) found.push(text)
    }
    if (type === 'IEND') break
    at = end + 4
  }
  if (found.length === 0) fail('BAKED_CREDENTIAL_MISSING', 'the PNG has no openbadgecredential iTXt chunk')
  if (found.length > 1)
    fail(
      'BAKED_CREDENTIAL_DUPLICATED',
      `the PNG has ${found.length} openbadgecredential chunks: which one counts is ambiguous`,
    )
  return found[0] as string
}

/** iTXt: keyword NUL, compression flag, method, language NUL, translated keyword NUL, text. */
function readItxt(data: Uint8Array): string | undefined {
  const nul = data.indexOf(0)
  if (nul < 0 || latin1.decode(data.subarray(0, nul)) !== KEYWORD) return undefined
  const compressed = data[nul + 1]
  if (compressed !== 0)
    fail('MALFORMED_IMAGE', 'the openbadgecredential chunk is compressed; Open Badges bakes it uncompressed')
  const language = data.indexOf(0, nul + 3)
  const translated = language < 0 ? -1 : data.indexOf(0, language + 1)
  if (translated < 0) fail('MALFORMED_IMAGE', 'the openbadgecredential iTXt chunk is truncated')
  try {
    return utf8.decode(data.subarray(translated + 1))
  } catch (cause) {
    return fail('MALFORMED_IMAGE', 'the openbadgecredential chunk is not UTF-8', cause)
  }
}

type XmlNode = { [key: string]: unknown }

/**
 * Most markup (`<` and `=`: tags and attributes) an SVG may hold. The XML parser spends microseconds on
 * each, so a 16 MiB file of tiny tags took 7 s (and attributes cost more); a badge image needs far fewer.
 */
export const SVG_MAX_MARKUP = 50_000

function markupCount(text: string, max: number): number {
  let count = 0
  for (const mark of ['<', '=']) {
    for (let at = text.indexOf(mark); at >= 0 && count <= max; at = text.indexOf(mark, at + 1)) count++
  }
  return count
}

/**
 * The credential of an SVG badge. Entity declarations and internal DTD subsets are refused outright
 * (entity expansion and external entities come only through them; the usual public SVG DOCTYPE is
 * harmless, as no DTD is ever loaded); the element is found by the prefix the root element binds to
 * the Open Badges 3.0 namespace.
 */
export function extractFromSvg(text: string): string {
  if (/<!ENTITY|<!DOCTYPE[^>]*\[/i.test(text)) {
    fail('SVG_DOCTYPE_NOT_ALLOWED', 'the SVG declares entities or an internal DTD subset, which are refused')
  }
  if (markupCount(text, SVG_MAX_MARKUP) > SVG_MAX_MARKUP) {
    fail('SVG_TOO_COMPLEX', `the SVG holds more than ${SVG_MAX_MARKUP} tags and attributes`)
  }
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    cdataPropName: '#cdata',
    processEntities: false,
    htmlEntities: false,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
  })
  const wellFormed = XMLValidator.validate(text)
  if (wellFormed !== true)
    fail(
      'MALFORMED_IMAGE',
      `the SVG is not well-formed XML: ${wellFormed.err.msg} (line ${wellFormed.err.line})`,
    )
  let document: XmlNode
  try {
    document = parser.parse(text) as XmlNode
  } catch (cause) {
    return fail('MALFORMED_IMAGE', `the SVG is not well-formed XML: ${(cause as Error).message}`, cause)
  }
  const svg = document.svg
  if (typeof svg !== 'object' || svg === null || Array.isArray(svg))
    fail('NOT_A_BADGE_IMAGE', 'not an SVG document (no single svg root)')
  const root = svg as XmlNode
  const prefix = Object.keys(root)
    .find((k) => k.startsWith('@xmlns:') && root[k] === OB3_SVG_NAMESPACE)
    ?.slice('@xmlns:'.length)
  if (prefix === undefined)
    fail(
      'BAKED_CREDENTIAL_MISSING',
      `the SVG does not declare the Open Badges namespace ${OB3_SVG_NAMESPACE}`,
    )
  const element = root[`${prefix}:credential`]
  if (element === undefined) fail('BAKED_CREDENTIAL_MISSING', `the SVG has no <${prefix}:credential> element`)
  if (Array.isArray(element))
    fail('BAKED_CREDENTIAL_DUPLICATED', `the SVG has ${element.length} <${prefix}:credential> elements`)
  const node = typeof element === 'string' ? { '#text': element } : (element as XmlNode)
  const verify = node['@verify']
  if (typeof verify === 'string' && verify.trim() !== '') return verify.trim()
  const content = node['#cdata'] ?? node['#text']
  const value = Array.isArray(content) ? content.join('') : content
  if (typeof value !== 'string' || value.trim() === '')
    fail('BAKED_CREDENTIAL_MISSING', `the <${prefix}:credential> element is empty`)
  return value.trim()
}
