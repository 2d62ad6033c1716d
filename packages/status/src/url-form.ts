/**
 * Whether a status list's address is a URL. The platform's WHATWG parser where there is one with
 * `URL.canParse` (Node, browsers); React Native has none (its `URL` is partial, Hermes has no `URL`),
 * and there the form alone is checked: a scheme, a colon, no white space. The list is fetched through
 * the verifier's guard (or found among the documents given), which checks the address in full.
 */
const FORM = /^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s]+$/

export function isUrl(text: string): boolean {
  const parser = (globalThis as { URL?: { canParse?: (url: string) => boolean } }).URL
  return typeof parser?.canParse === 'function' ? parser.canParse(text) : FORM.test(text)
}
