/**
 * What the example prints goes through here: a spreadsheet value, a file name or an error message may
 * hold control characters (an escape sequence that recolours or clears the terminal, a carriage return
 * that overwrites a line, a line break that forges one) or bidirectional overrides that reorder what is
 * shown. Each line is written through @tessera/schema's `terminalText`, which shows every such character
 * as a visible escape (`\u001B`), so a line says what it is.
 */
import { terminalText } from '@tessera/schema'

/** Where the example's lines go: each is escaped, then written with its own line break. */
export type LineWriter = (line: string) => void

/** A writer to a stream (stdout, stderr) that escapes what it is given. */
export function lineWriter(stream: { write(text: string): unknown }): LineWriter {
  return (line) => {
    stream.write(`${terminalText(line)}\n`)
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
      `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${terminalText(label)}`,
    )
    if (done === total) stream.write('\n')
  }
}
