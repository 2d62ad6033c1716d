/**
 * Baking a credential into a badge image (Open Badges 3.0, section 5.3 "Baking"):
 * - PNG: one uncompressed `iTXt` chunk with the keyword `openbadgecredential`, its text the credential's
 *   JSON or the compact JWS of a VC-JWT. The chunks are read and written by `png-chunks-extract` and
 *   `png-chunks-encode` (lengths and CRCs); only the iTXt payload is assembled here.
 * - SVG: `xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"` on the root element and one
 *   `<openbadges:credential>` element directly after the `<svg>` tag, the JWS in its `verify` attribute
 *   or the JSON in a CDATA section.
 * Baking again replaces the credential already there: an image never carries two.
 */
import { isJsonObject, type JsonObject, parseJsonObject } from '@tessera/schema'
import encodeChunks from 'png-chunks-encode'
import extractChunks from 'png-chunks-extract'
import { fail } from '../errors.js'

export const OB3_NAMESPACE = 'https://purl.imsglobal.org/ob/v3p0'
export const PNG_CREDENTIAL_KEYWORD = 'openbadgecredential'

const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
const latin1 = new TextDecoder('latin1')
const utf8 = new TextEncoder()

/** What gets baked: a compact JWS as it is, or the credential as JSON text. */
type Baked = { kind: 'jwt'; text: string } | { kind: 'json'; text: string }

function bakedForm(credential: JsonObject | string): Baked {
  if (typeof credential !== 'string') {
    if (!isJsonObject(credential)) fail('NOT_A_CREDENTIAL', 'the credential is not a JSON object')
    return { kind: 'json', text: JSON.stringify(credential) }
  }
  const text = credential.trim()
  if (COMPACT_JWS.test(text)) return { kind: 'jwt', text }
  try {
    return { kind: 'json', text: JSON.stringify(parseJsonObject(text)) }
  } catch (cause) {
    return fail('NOT_A_CREDENTIAL', 'the credential is neither a compact JWS nor a JSON object', cause)
  }
}

/** The iTXt payload: keyword, NUL, compression flag 0, method 0, empty language, NUL, empty translation, NUL, text. */
function itxtData(text: string): Uint8Array {
  const keyword = utf8.encode(PNG_CREDENTIAL_KEYWORD)
  const body = utf8.encode(text)
  const data = new Uint8Array(keyword.length + 5 + body.length)
  data.set(keyword, 0)
  // keyword NUL, compression flag, compression method, language tag NUL, translated keyword NUL: all zero.
  data.set(body, keyword.length + 5)
  return data
}

function isCredentialChunk(chunk: { name: string; data: Uint8Array }): boolean {
  if (chunk.name !== 'iTXt') return false
  const nul = chunk.data.indexOf(0)
  return nul >= 0 && latin1.decode(chunk.data.subarray(0, nul)) === PNG_CREDENTIAL_KEYWORD
}

/**
 * The PNG with the credential baked in: any `openbadgecredential` chunk it had is dropped and one new
 * uncompressed iTXt chunk goes right after IHDR. A JsonObject is baked as JSON, a string as it is when
 * it is a compact JWS, else it must be a credential's JSON text.
 */
export function bakePng(png: Uint8Array, credential: JsonObject | string): Uint8Array {
  if (!PNG_SIGNATURE.every((b, i) => png[i] === b)) fail('NOT_A_BADGE_IMAGE', 'not a PNG file')
  const { text } = bakedForm(credential)
  let chunks: { name: string; data: Uint8Array }[]
  try {
    chunks = extractChunks(png)
  } catch (cause) {
    return fail('MALFORMED_IMAGE', `the PNG's chunks cannot be read: ${(cause as Error).message}`, cause)
  }
  if (chunks[0]?.name !== 'IHDR' || chunks.at(-1)?.name !== 'IEND')
    fail('MALFORMED_IMAGE', 'the PNG does not start with IHDR and end with IEND')
  const kept = chunks.filter((chunk) => !isCredentialChunk(chunk))
  kept.splice(1, 0, { name: 'iTXt', data: itxtData(text) })
  return Uint8Array.from(encodeChunks(kept))
}

/** XML declaration, processing instructions, comments and a DOCTYPE before the root element. */
const PROLOG = /^(?:\s|<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE(?:[^>[]|\[[\s\S]*?\])*>)*/
/** The root start tag: `<svg`, attributes (quoted values may hold `>`), `>` or `/>`. */
const SVG_START = /^<svg((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/
const ATTRIBUTE = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/**
 * The SVG with the credential baked in, as OB 3.0 says: the namespace declared on the root `<svg>` (or
 * the prefix it already binds to it reused), any credential element already there removed, and one
 * `<prefix:credential>` directly after the root's start tag: a JWS in `verify`, JSON in CDATA. JSON
 * text can hold `]]>` only inside a string, where it is written `]]\u003e` (the same JSON once parsed),
 * so no credential can close the CDATA section early.
 */
export function bakeSvg(svg: string, credential: JsonObject | string): string {
  const baked = bakedForm(credential)
  const prolog = PROLOG.exec(svg)?.[0] ?? ''
  const rest = svg.slice(prolog.length)
  const start = SVG_START.exec(rest)
  if (start === null) fail('NOT_A_BADGE_IMAGE', 'not an SVG document: no <svg> root element after the prolog')
  const [tag, attributes = '', selfClosing] = start
  let prefix: string | undefined
  for (const match of attributes.matchAll(ATTRIBUTE)) {
    const [, name = '', double, single] = match
    if (name.startsWith('xmlns:') && (double ?? single) === OB3_NAMESPACE) prefix = name.slice(6)
  }
  let openTag = tag
  if (prefix === undefined) {
    prefix = 'openbadges'
    if (new RegExp(`\\sxmlns:${prefix}\\s*=`).test(attributes))
      fail('MALFORMED_IMAGE', `the SVG binds the prefix ${prefix} to another namespace`)
    openTag = `<svg${attributes} xmlns:${prefix}="${OB3_NAMESPACE}"${selfClosing === '/' ? '/' : ''}>`
  }
  const element =
    baked.kind === 'jwt'
      ? `<${prefix}:credential verify="${baked.text}"></${prefix}:credential>`
      : `<${prefix}:credential><![CDATA[${baked.text.replaceAll(']]>', ']]\\u003e')}]]></${prefix}:credential>`
  if (selfClosing === '/') return `${prolog}${openTag.replace(/\/>$/, '>')}${element}</svg>`
  const name = escapeRegExp(`${prefix}:credential`)
  const existing = new RegExp(
    `<${name}(?:\\s+[^\\s=/>]+\\s*=\\s*(?:"[^"]*"|'[^']*'))*\\s*(?:/>|>(?:<!\\[CDATA\\[[\\s\\S]*?\\]\\]>|[^<]+|<(?!/${name}\\s*>))*</${name}\\s*>)\\s*`,
    'g',
  )
  const body = rest.slice(tag.length).replace(existing, '')
  return `${prolog}${openTag}${element}${body}`
}
