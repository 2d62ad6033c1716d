// What the example prints shows control characters and bidirectional marks instead of obeying them.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { forTerminal, lineWriter, progressBar } from '../src/terminal.js'

test('controls, DEL, C1, line separators and bidi marks are written as \\u{..}; the rest stays', () => {
  assert.is(forTerminal('Siobhán Ní Bhriain, Łukasz, 東京'), 'Siobhán Ní Bhriain, Łukasz, 東京')
  assert.is(forTerminal('\u001b[2J\u001b[31mred'), '\\u{1b}[2J\\u{1b}[31mred')
  assert.is(forTerminal('a\rb\nc\td\u0000'), 'a\\u{d}b\\u{a}c\\u{9}d\\u{0}')
  assert.is(forTerminal('\u007f\u0085\u009b\u2028\u2029'), '\\u{7f}\\u{85}\\u{9b}\\u{2028}\\u{2029}')
  assert.is(forTerminal('txt.\u202egpj'), 'txt.\\u{202e}gpj')
  assert.is(forTerminal('\u2066\u2069\u200e\u200f\u061c'), '\\u{2066}\\u{2069}\\u{200e}\\u{200f}\\u{61c}')
})

test('a line writer escapes each line and ends it; a progress bar draws only on a terminal', () => {
  let written = ''
  const stream = { isTTY: false, write: (text: string) => (written += text) }
  lineWriter(stream)('one\nforged line')
  assert.is(written, 'one\\u{a}forged line\n')
  written = ''
  progressBar(stream)('issuing', 1, 2)
  assert.is(written, '')
  progressBar({ ...stream, isTTY: true })('issuing \u001b', 2, 2)
  assert.is(written, `\r[${'#'.repeat(30)}] 2/2 issuing \\u{1b}\n`)
})

test.run()
