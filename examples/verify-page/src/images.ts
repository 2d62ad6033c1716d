/**
 * Badge pictures without tracking. A credential's `image` can be any URL, and an image loaded from it
 * tells that server who opened the badge, when, and from where (`https://tracker.example/pixel.png?
 * viewer=...`). So a picture the credential carries (a `data:` image) or the dropped file itself shows
 * at once, and a remote one only when the visitor asks for it: then it is fetched through the
 * verifier's guarded fetch (no private addresses, a size cap, no cookies) and shown from memory. The
 * page's Content-Security-Policy (`img-src 'self' data: blob:`) keeps it so: no <img> can reach the
 * network.
 */
import { isJsonObject } from '@tessera/schema'

export type ImageSource =
  /** Shown at once: the picture is in the credential. */
  | { kind: 'inline'; url: string }
  /** Shown when the visitor asks: the picture is on `host`. */
  | { kind: 'remote'; url: string; host: string }

const DATA_IMAGE = /^data:image\/(png|jpeg|gif|webp|svg\+xml)[;,]/i

/**
 * Where the credential's image (a URL, or an Image object with an `id`) can be shown from: a data:
 * image inline, an https URL (or plain http to a test build's local hosts) on request. Anything else
 * (javascript:, file:, http elsewhere, not a URL) is not shown at all.
 */
export function imageSource(image: unknown, localHosts: readonly string[] = []): ImageSource | undefined {
  const value = isJsonObject(image) ? image.id : image
  if (typeof value !== 'string' || value.trim() === '') return undefined
  const url = value.trim()
  if (DATA_IMAGE.test(url)) return { kind: 'inline', url }
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return undefined
  }
  const local =
    parsed.protocol === 'http:' && (localHosts.includes(parsed.hostname) || localHosts.includes(parsed.host))
  if (parsed.protocol !== 'https:' && !local) return undefined
  if (parsed.username !== '' || parsed.password !== '') return undefined
  // host as the URL parser writes it: lower case, internationalised names in punycode
  return { kind: 'remote', url: parsed.href, host: parsed.host }
}

export type ImageType = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp' | 'image/svg+xml'

const startsWith = (bytes: Uint8Array, prefix: readonly number[], at = 0): boolean =>
  prefix.every((b, i) => bytes[at + i] === b)
const ascii = (text: string): number[] => Array.from(text, (c) => c.charCodeAt(0))

/**
 * The type of an image by its first bytes, whatever the server called it; undefined when it is none of
 * the types a badge picture comes in (an HTML page, a script). An SVG shown through <img> runs no script
 * and loads nothing.
 */
export function sniffImage(bytes: Uint8Array): ImageType | undefined {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png'
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg'
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'image/gif'
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'image/webp'
  const head = new TextDecoder()
    .decode(bytes.subarray(0, 4096))
    .replace(/^\uFEFF/, '')
    .trimStart()
  if (head.startsWith('<') && /<svg[\s>]/.test(head)) return 'image/svg+xml'
  return undefined
}
