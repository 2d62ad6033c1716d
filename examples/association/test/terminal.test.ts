// What the example prints shows control characters and bidirectional marks instead of obeying them (through
// @tessera/schema's terminalText, whose own tests cover every character class).
import { terminalText } from '@tessera/schema'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { lineWriter, progressBar } from '../src/terminal.js'

test('controls, DEL, C1, line separators and bidi marks are written as escapes; the rest stays', () => {
  assert.is(terminalText('Siobhán Ní Bhriain, Łukasz, 東京'), 'Siobhán Ní Bhriain, Łukasz, 東京')
  assert.is(terminalText('\u001b[2J\u001b[31mred'), '\\u001B[2J\\u001B[31mred')
  assert.is(terminalText('a\rb\nc\td\u0000'), 'a\\u000Db\\u000Ac\\u0009d\\u0000')
  assert.is(terminalText('\u007f\u0085\u009b\u2028\u2029'), '\\u007F\\u0085\\u009B\\u2028\\u2029')
  assert.is(terminalText('txt.\u202egpj'), 'txt.\\u202Egpj')
  assert.is(terminalText('\u2066\u2069\u200e\u200f\u061c'), '\\u2066\\u2069\\u200E\\u200F\\u061C')
})

test('a line writer escapes each line and ends it; a progress bar draws only on a terminal', () => {
  let written = ''
  const stream = { isTTY: false, write: (text: string) => (written += text) }
  lineWriter(stream)('one\nforged line')
  assert.is(written, 'one\\u000Aforged line\n')
  written = ''
  progressBar(stream)('issuing', 1, 2)
  assert.is(written, '')
  progressBar({ ...stream, isTTY: true })('issuing \u001b', 2, 2)
  assert.is(written, `\r[${'#'.repeat(30)}] 2/2 issuing \\u001B\n`)
})

test.run()
