/**
 * Text read from input (a spreadsheet, a credential, a ledger) printed to a terminal: a control
 * character could move the cursor, clear the screen or print a fake summary, a bidirectional override
 * could reverse what follows. Every command that prints such a value passes it through `printable`;
 * JSON output through `jsonText`.
 */

/** Controls (C0, DEL, C1), line and paragraph separators, bidi formatting, and other invisible format characters. */
const UNPRINTABLE = /[\p{Cc}\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\ufff9-\ufffb]/gu

const escapeCharacter = (character: string): string => {
  const code = character.codePointAt(0) as number
  if (character === '\n') return '\\n'
  if (character === '\r') return '\\r'
  if (character === '\t') return '\\t'
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`
}

/** `value` with every unprintable character written as an escape (`\x1b`, `\u202e`, `\n`): one line, shown as it is. */
export function printable(value: unknown): string {
  return String(value).replace(UNPRINTABLE, escapeCharacter)
}

/** What JSON.stringify leaves raw inside strings: DEL, C1, separators, bidi and format characters (C0 it escapes). */
const UNPRINTABLE_IN_JSON =
  /[\u007f-\u009f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\ufff9-\ufffb]/gu

/** JSON text whose strings hold no unprintable character, written as `\uXXXX` (the same JSON value). */
export function jsonText(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(
    UNPRINTABLE_IN_JSON,
    (character) => `\\u${(character.codePointAt(0) as number).toString(16).padStart(4, '0')}`,
  )
}
