/**
 * Reading a credential from a link. The credential travels in the URL fragment (after `#`), which a
 * browser never sends to a server: either the compact VC-JWT as it is, or the credential's JSON
 * encoded as base64url (RFC 4648, section 5, padding optional).
 */

export type FragmentReading =
  | { kind: 'none' }
  | { kind: 'jwt' | 'json'; text: string }
  | { kind: 'error'; problem: 'damaged' | 'no-credential'; message: string }

const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/
const BASE64URL = /^[A-Za-z0-9_-]+={0,2}$/

/** Bytes of base64url text (RFC 4648 section 5), padding optional; undefined when it is not base64url. */
export function base64urlToBytes(text: string): Uint8Array | undefined {
  if (!BASE64URL.test(text)) return undefined
  const unpadded = text.replace(/=+$/, '')
  if (unpadded.length % 4 === 1) return undefined
  const binary = atob(unpadded.replace(/-/g, '+').replace(/_/g, '/'))
  return Uint8Array.from(binary, (c) => c.charCodeAt(0))
}

/** base64url without padding, of UTF-8 text: what a link to this page carries for a JSON credential. */
export function textToBase64url(text: string): string {
  let binary = ''
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

/** What a location's hash (`#...`, or empty) carries. */
export function readFragment(hash: string): FragmentReading {
  let fragment = hash.startsWith('#') ? hash.slice(1) : hash
  if (fragment === '') return { kind: 'none' }
  if (fragment.includes('%')) {
    // Some QR code tools percent-encode what they are given; neither form needs it.
    try {
      fragment = decodeURIComponent(fragment)
    } catch {
      return {
        kind: 'error',
        problem: 'damaged',
        message: 'The link is damaged: its credential part is not a valid URL fragment.',
      }
    }
  }
  fragment = fragment.trim()
  if (JWT.test(fragment)) return { kind: 'jwt', text: fragment }
  const bytes = base64urlToBytes(fragment)
  if (bytes !== undefined) {
    try {
      const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
      if (text.trimStart().startsWith('{')) return { kind: 'json', text }
    } catch {
      // not UTF-8: reported below
    }
  }
  return {
    kind: 'error',
    problem: 'no-credential',
    message:
      'The link does not carry a credential: after the # there should be a VC-JWT or a credential in base64url.',
  }
}
