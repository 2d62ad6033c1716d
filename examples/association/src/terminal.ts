/**
 * What the example prints goes through here: a spreadsheet value, a file name or an error message may
 * hold control characters (an escape sequence that recolours or clears the terminal, a carriage return
 * that overwrites a line, a line break that forges one) or bidirectional overrides that reorder what is
 * shown. Each is printed as a visible `\u{...}` instead, so a line says what it is.
 */

/** C0 and C1 controls, DEL, the line and paragraph separators, and the bidirectional formatting marks. */
const UNSAFE = /[\p{Cc}\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu

/** `text` with every control and bidirectional mark written as `\u{hex}`: one line, shown as it is. */
export function forTerminal(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u{${(c.codePointAt(0) as number).toString(16)}}`)
}

/** Where the example's lines go: each is escaped, then written with its own line break. */
export type LineWriter = (line: string) => void

/** A writer to a stream (stdout, stderr) that escapes what it is given. */
export function lineWriter(stream: { write(text: string): unknown }): LineWriter {
  return (line) => {
    stream.write(`${forTerminal(line)}\n`)
  }
}

/**
 * A progress line on a terminal (`[#####.....] 12/58 label`), redrawn in place; nothing when the stream
 * is not a terminal (a file, a pipe, a test).
 */
export function progressBar(stream: { isTTY?: boolean; write(text: string): unknown }) {
  return (label: string, done: number, total: number): void => {
    if (stream.isTTY !== true || total === 0) return
    const width = 30
    const filled = Math.round((done / total) * width)
    stream.write(
      `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${forTerminal(label)}`,
    )
    if (done === total) stream.write('\n')
  }
}
