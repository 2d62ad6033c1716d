/**
 * Text from a credential (or a registry) made safe to show to a person. A credential's names and
 * descriptions are whatever its author typed: a right-to-left override (U+202E) there reverses the
 * text that follows it on screen, so that "Guild (did:web:guild.example)" + U+202E can make the real
 * DID beside it read backwards; terminal escapes (ESC, CSI) rewrite a terminal; zero-width and other
 * invisible characters hide text inside text. Every place that shows credential text (the verify page,
 * `tessera verify`) passes it through `displayText` first; everything a command or script prints of its
 * input (a spreadsheet's cell, a file name, an error message) through `terminalText`, and JSON it prints
 * through `jsonText`: one definition of what is hidden, one way of showing it.
 */

export interface DisplayTextOptions {
  /** Longest text kept, in characters (code points); longer text is cut and ends with "…". Default 300. */
  maxLength?: number
  /** Keep line breaks (a description); otherwise they become spaces (a name, an identifier). */
  multiline?: boolean
  /**
   * Wrap the text in FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE (U+2068, U+2069), so that
   * right-to-left letters inside cannot reorder the text around it: for plain-text output (a terminal,
   * a log line). A web page puts the text in a `<bdi>` element instead. Default false.
   */
  isolate?: boolean
  /**
   * What becomes of hidden characters: `remove` them (a page, which then says so), or `escape` them as
   * `\u202E` (a terminal, where the escape is the evidence). Default `remove`.
   */
  hidden?: 'remove' | 'escape'
  /**
   * Keep the text's own layout (an identifier, a file name, a message printed as it is): blanks are neither
   * collapsed nor trimmed, no length limit applies unless `maxLength` is given, and line breaks (unless
   * `multiline`) and tabs count as hidden characters. Default false.
   */
  verbatim?: boolean
}

export interface DisplayText {
  /** The text to show. */
  text: string
  /** How many hidden characters were removed (or escaped): controls, bidirectional formatting, invisible ones. */
  removed: number
  /** Whether the text was cut at `maxLength`. */
  truncated: boolean
}

export const FIRST_STRONG_ISOLATE = '\u2068'
export const POP_DIRECTIONAL_ISOLATE = '\u2069'
const DEFAULT_MAX_LENGTH = 300

/**
 * Characters never shown: C0 controls but tab and line breaks, DEL and C1 controls (U+0080-U+009F, CSI
 * among them), the bidirectional formatting characters (ALM, LRM, RLM, LRE, RLE, PDF, LRO, RLO, LRI, RLI,
 * FSI, PDI), invisible characters that can hide or split text (soft hyphen, Mongolian vowel separator,
 * zero width space, word joiner and the invisible operators, byte order mark, Hangul fillers, the
 * interlinear annotation marks) and the tag characters (U+E0000-U+E007F). Zero width joiner and
 * non-joiner stay: scripts such as Persian and the Indic ones, and emoji, need them.
 */
const HIDDEN =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is what it is for
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u00AD\u061C\u115F\u1160\u180E\u200B\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\u3164\uFEFF\uFFA0\uFFF9-\uFFFB]|\uDB40[\uDC00-\uDC7F]/g
/** Line and paragraph breaks, in every spelling. */
const BREAKS = /\r\n|[\n\r\u0085\u2028\u2029]/g
/** More than 8 combining marks in a row ("Zalgo" text, drawn over the lines around it): the rest is dropped. */
const MARK_FLOOD =
  /([\u0300-\u036F\u1AB0-\u1AFF\u1DC0-\u1DFF\u20D0-\u20FF\uFE20-\uFE2F]{8})[\u0300-\u036F\u1AB0-\u1AFF\u1DC0-\u1DFF\u20D0-\u20FF\uFE20-\uFE2F]+/g
/** Blanks other than line breaks (tab included). */
const BLANKS = /[\t \u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]+/g
/** What `verbatim` text hides besides HIDDEN: tabs, and line breaks unless multiline. */
const VERBATIM_BREAKS = /[\t\n\r\u0085\u2028\u2029]/g
const VERBATIM_TABS = /\t/g

/** Lone surrogates (not valid UTF-16, unprintable) become U+FFFD, without lookbehind (older Hermes lacks it). */
function wellFormed(text: string): string {
  let out = ''
  let start = 0
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i)
    if (unit < 0xd800 || unit > 0xdfff) continue
    const next = text.charCodeAt(i + 1)
    if (unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      i++
      continue
    }
    out += `${text.slice(start, i)}\uFFFD`
    start = i + 1
  }
  return start === 0 ? text : out + text.slice(start)
}

/** `\u202E`, `\u{E0041}`: a hidden character written so that it shows. */
function escaped(character: string): string {
  const code = character.codePointAt(0) as number
  return code > 0xffff
    ? `\\u{${code.toString(16).toUpperCase()}}`
    : `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`
}

/** Cuts `text` to `max` code points (never inside a surrogate pair), ending with "…" when cut. */
function cut(text: string, max: number): { text: string; truncated: boolean } {
  if (text.length <= max) return { text, truncated: false }
  let units = 0
  for (let points = 0; points < max - 1 && units < text.length; points++) {
    const unit = text.charCodeAt(units)
    units += unit >= 0xd800 && unit <= 0xdbff ? 2 : 1
  }
  if (units >= text.length) return { text, truncated: false }
  return { text: `${text.slice(0, units).trimEnd()}…`, truncated: true }
}

/**
 * `value` as text safe to show: hidden characters removed (and counted), blanks collapsed, line breaks
 * kept only when `multiline`, cut at `maxLength`, isolated when asked. Anything but a string is "".
 */
export function displayText(value: unknown, options: DisplayTextOptions = {}): DisplayText {
  if (typeof value !== 'string') return { text: '', removed: 0, truncated: false }
  const verbatim = options.verbatim === true
  const max = Math.max(1, options.maxLength ?? (verbatim ? Number.POSITIVE_INFINITY : DEFAULT_MAX_LENGTH))
  // Bounded work on huge input: far more than `max` characters can never be shown anyway.
  const bounded = value.length > max * 8 + 64 ? value.slice(0, max * 8 + 64) : value
  let removed = 0
  const escaping = options.hidden === 'escape'
  const hide = (character: string) => {
    removed++
    return escaping ? escaped(character) : ''
  }
  let text = wellFormed(bounded)
  if (verbatim) {
    // line breaks and tabs shown as what they are, so that one line stays one line
    if (options.multiline) text = text.replace(BREAKS, '\n')
    text = text.replace(options.multiline ? VERBATIM_TABS : VERBATIM_BREAKS, hide)
  } else {
    // line breaks first: NEL (U+0085) is one, though among the C1 controls
    text = text.replace(BREAKS, options.multiline ? '\n' : ' ')
  }
  text = text.replace(HIDDEN, hide)
  text = text.replace(MARK_FLOOD, (flood: string, kept: string) => {
    removed += flood.length - kept.length
    return kept
  })
  if (!verbatim)
    text = options.multiline
      ? text
          .split('\n')
          .map((line) => line.replace(BLANKS, ' ').trim())
          .join('\n')
          .replace(/\n{3,}/g, '\n\n')
          .trim()
      : text.replace(BLANKS, ' ').trim()
  const shortened = cut(text, max)
  const truncated = shortened.truncated || bounded !== value
  let shown = shortened.text
  if (truncated && !shown.endsWith('…')) shown = `${shown}…`
  if (options.isolate === true && shown !== '')
    shown = `${FIRST_STRONG_ISOLATE}${shown}${POP_DIRECTIONAL_ISOLATE}`
  return { text: shown, removed, truncated }
}

/** The text of `displayText`, alone. */
export function safeText(value: unknown, options: DisplayTextOptions = {}): string {
  return displayText(value, options).text
}

/**
 * Any value printed on one line of a terminal or a log, as it is but harmless: `String(value)` with every
 * hidden character, line break and tab written as an escape (`\u001B`, `\u000A`, `\u202E`), nothing
 * else changed. What a command prints of its input (a cell, a file name, an id, a message) goes through it.
 */
export function terminalText(value: unknown): string {
  return displayText(String(value), { hidden: 'escape', verbatim: true }).text
}

/**
 * What JSON.stringify leaves raw inside strings: the hidden characters past the C0 controls (which it
 * escapes itself), and the line and paragraph separators.
 */
const HIDDEN_IN_JSON =
  /[\u007F-\u009F\u00AD\u061C\u115F\u1160\u180E\u200B\u200E\u200F\u2028\u2029\u202A-\u202E\u2060-\u2064\u2066-\u206F\u3164\uFEFF\uFFA0\uFFF9-\uFFFB]|\uDB40[\uDC00-\uDC7F]/g

/**
 * JSON text whose strings hold no hidden character (each UTF-16 unit written `\uxxxx`, so that it is the
 * same JSON value): JSON a command prints to a terminal.
 */
export function jsonText(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(HIDDEN_IN_JSON, (match) => {
    let out = ''
    for (let i = 0; i < match.length; i++) out += `\\u${match.charCodeAt(i).toString(16).padStart(4, '0')}`
    return out
  })
}
