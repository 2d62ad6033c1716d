// displayText: what a page or a terminal may show of a credential's text. Controls, bidirectional
// formatting and invisible characters removed (or escaped) and counted; scripts that need joiners kept.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { displayText, jsonText, safeText, terminalText } from '../src/index.js'

test('bidirectional formatting characters are removed and counted: the text reads in its own order', () => {
  const bidi = [
    '\u061C',
    '\u200E',
    '\u200F',
    '\u202A',
    '\u202B',
    '\u202C',
    '\u202D',
    '\u202E',
    '\u2066',
    '\u2067',
    '\u2068',
    '\u2069',
  ]
  for (const c of bidi)
    assert.equal(
      displayText(`Guild${c} (did:web:guild.example)`),
      { text: 'Guild (did:web:guild.example)', removed: 1, truncated: false },
      c.codePointAt(0)?.toString(16),
    )
  assert.is(
    displayText('Guild of Independent Bookbinders (did:web:bookbinders.example)\u202E').text,
    'Guild of Independent Bookbinders (did:web:bookbinders.example)',
  )
})

test('C0 and C1 controls (terminal escapes, CSI) and DEL are removed; tabs and line breaks become spaces', () => {
  assert.equal(displayText('Bound\u001b[2J a book\u009b31m\u007f'), {
    text: 'Bound[2J a book31m',
    removed: 3,
    truncated: false,
  })
  assert.is(safeText('a\u0000b\u0007c'), 'abc')
  assert.is(safeText('one\ttwo\r\nthree\u2028four\u0085five'), 'one two three four five')
  assert.is(safeText('  many    blanks\u00A0\u3000here  '), 'many blanks here')
})

test('invisible characters that hide or split text are removed; joiners that scripts and emoji need stay', () => {
  for (const c of [
    '\u00AD',
    '\u180E',
    '\u200B',
    '\u2060',
    '\u2062',
    '\uFEFF',
    '\u115F',
    '\u3164',
    '\uFFA0',
    '\uFFF9',
    '\u{E0041}',
    '\u{E007F}',
  ])
    assert.is(displayText(`gu${c}ild`).text, 'guild', c.codePointAt(0)?.toString(16))
  // ZWNJ in Persian, ZWJ in an emoji sequence
  assert.is(safeText('می‌خواهم'), 'می‌خواهم')
  assert.is(safeText('👩‍💻 Coder'), '👩‍💻 Coder')
  // right-to-left letters are kept as they are: isolation, not removal, keeps them in their place
  assert.is(safeText('نقابة المجلدين'), 'نقابة المجلدين')
})

test('multiline keeps line breaks (at most one blank line), single line does not', () => {
  assert.is(safeText('a\n\n\n\nb\r\nc', { multiline: true }), 'a\n\nb\nc')
  assert.is(safeText('a\n\nb'), 'a b')
})

test('long text is cut at maxLength code points with an ellipsis, never inside a surrogate pair', () => {
  assert.equal(displayText('abcdef', { maxLength: 4 }), { text: 'abc…', removed: 0, truncated: true })
  assert.equal(displayText('abcd', { maxLength: 4 }), { text: 'abcd', removed: 0, truncated: false })
  const emoji = '😀'.repeat(10)
  const cut = displayText(emoji, { maxLength: 5 })
  assert.is(cut.text, `${'😀'.repeat(4)}…`)
  // 10 MB of text: bounded work, bounded result
  const huge = displayText('x'.repeat(10_000_000), { maxLength: 300 })
  assert.is(huge.truncated, true)
  assert.is(huge.text.length, 300)
})

test('lone surrogates become U+FFFD; a flood of combining marks keeps eight', () => {
  assert.is(safeText('a\uD800b\uDC00c'), 'a\uFFFDb\uFFFDc')
  const zalgo = displayText(`Z${'\u0301'.repeat(50)}`)
  assert.is(zalgo.text, `Z${'\u0301'.repeat(8)}`)
  assert.is(zalgo.removed, 42)
})

test('isolate wraps the text in FSI … PDI; escape writes hidden characters so that they show', () => {
  assert.is(safeText('نقابة', { isolate: true }), '\u2068نقابة\u2069')
  assert.is(safeText('', { isolate: true }), '')
  assert.equal(displayText('A\u202EB\u001b\u{E0041}', { hidden: 'escape' }), {
    text: 'A\\u202EB\\u001B\\u{E0041}',
    removed: 3,
    truncated: false,
  })
})

test('anything but a string is no text', () => {
  for (const value of [undefined, null, 42, { name: 'x' }, ['x']])
    assert.equal(displayText(value), { text: '', removed: 0, truncated: false })
})

test('terminalText: any value on one line as it is, every hidden character, break and tab escaped', () => {
  assert.is(terminalText('M-1'), 'M-1')
  assert.is(terminalText(42), '42')
  assert.is(terminalText('Łukasz 李小龍 محمد  two  blanks '), 'Łukasz 李小龍 محمد  two  blanks ')
  assert.is(terminalText('\u001b[2J\u001b[Hissued 3000'), '\\u001B[2J\\u001B[Hissued 3000')
  assert.is(terminalText('a\r\nb\tc\u2028d\u0085e'), 'a\\u000D\\u000Ab\\u0009c\\u2028d\\u0085e')
  assert.is(terminalText('gnp\u202Eexe \u200B\u{E0041}'), 'gnp\\u202Eexe \\u200B\\u{E0041}')
  // no length limit: a long identifier is printed whole
  assert.is(terminalText('x'.repeat(5000)).length, 5000)
})

test('verbatim text keeps its blanks; multiline verbatim text keeps its line breaks', () => {
  assert.equal(displayText(' a  b ', { verbatim: true }), { text: ' a  b ', removed: 0, truncated: false })
  assert.equal(displayText('a\r\nb\tc', { verbatim: true, multiline: true, hidden: 'escape' }), {
    text: 'a\nb\\u0009c',
    removed: 1,
    truncated: false,
  })
})

test('jsonText: the same JSON value, with no hidden character left raw in its strings', () => {
  const value = { name: 'a\u202eb\u0085\u001b\u2028\u{E0041}', n: 1 }
  const json = jsonText(value, 2)
  assert.equal(JSON.parse(json), value)
  for (const hidden of ['\u202e', '\u0085', '\u001b', '\u2028', '\u{E0041}'])
    assert.not.ok(json.includes(hidden))
  assert.ok(json.includes('\\u202e') && json.includes('\\udb40\\udc41'))
  assert.ok(json.includes('\n  "n": 1'))
})

test.run()
