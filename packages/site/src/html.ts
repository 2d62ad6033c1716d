/**
 * HTML that escapes by construction: `html\`<p>${text}</p>\`` escapes every interpolation, so a
 * credential's name or description can never become markup. Only another `html` fragment (or the result
 * of `join`) goes in as it is. Attribute values are escaped the same way (quotes included), so
 * `<a href="${url}">` is safe for text; what may go into an `href` is decided by `safeHref`.
 */

const SAFE = Symbol('tessera.html')

/** A piece of HTML known to be safe: made by `html`, `join` or `unsafeRaw`. */
export interface Html {
  readonly [SAFE]: true
  readonly text: string
}

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
}

/** Text escaped for HTML content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => ESCAPES[c] as string)
}

function isHtml(value: unknown): value is Html {
  return typeof value === 'object' && value !== null && (value as Partial<Html>)[SAFE] === true
}

/** What may be interpolated: text (escaped), numbers, safe HTML, lists of these; nothing for absent values. */
export type Interpolation = string | number | Html | undefined | null | false | readonly Interpolation[]

function render(value: Interpolation): string {
  if (value === undefined || value === null || value === false) return ''
  if (Array.isArray(value)) return value.map(render).join('')
  if (isHtml(value)) return value.text
  return escapeHtml(String(value))
}

function fragment(text: string): Html {
  return { [SAFE]: true, text }
}

/** The tagged template: literal parts as they are, every interpolation escaped unless it is `Html`. */
export function html(strings: TemplateStringsArray, ...values: Interpolation[]): Html {
  let out = strings[0] ?? ''
  for (let i = 0; i < values.length; i++) out += render(values[i] as Interpolation) + (strings[i + 1] ?? '')
  return fragment(out)
}

/** Fragments joined with a separator (itself escaped when it is text). */
export function join(parts: readonly Interpolation[], separator: Interpolation = ''): Html {
  return fragment(parts.map(render).join(render(separator)))
}

/**
 * Markup made elsewhere and known to be safe (the site's own CSS file name, a JSON-LD script body that
 * `jsonForScript` made): never text that came from a credential.
 */
export function unsafeRaw(text: string): Html {
  return fragment(text)
}

/**
 * A link target from a credential (an alignment's URL, an issuer's website): http(s) and mailto only;
 * anything else (javascript:, data:, a relative path) is dropped.
 */
export function safeHref(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined
  try {
    const url = new URL(value)
    if (url.protocol !== 'https:' && url.protocol !== 'http:' && url.protocol !== 'mailto:') return undefined
    if (url.username !== '' || url.password !== '') return undefined
    return url.href
  } catch {
    return undefined
  }
}
