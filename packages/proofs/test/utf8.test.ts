// The UTF-8 encoder for engines without TextEncoder (Hermes), and Node's (Buffer's, which #utf8 resolves
// to in Node), give the bytes TextEncoder gives: ASCII, two-, three- and four-byte characters, and lone
// surrogates as U+FFFD, on fixed strings and random ones.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { utf8Encode } from '../src/utf8.js'
import { utf8Encode as nodeUtf8Encode } from '../src/utf8-node.js'

const encoder = new TextEncoder()
const same = (text: string) => {
  const expected = [...encoder.encode(text)]
  assert.equal([...utf8Encode(text)], expected, JSON.stringify(text))
  assert.equal([...nodeUtf8Encode(text)], expected, `${JSON.stringify(text)} (Node)`)
}

test('fixed strings: every width, pairs and lone surrogates', () => {
  for (const text of [
    '',
    'plain ASCII <https://example.org/#x> .\n',
    'Łukasz Wiśniewski',
    '张伟 山田 はなこ 김민준',
    'محمد עברית देवनागरी สมชาย',
    'Ana 🎉👩‍💻',
    '\u0000\u007f\u0080\u07ff\u0800\uffff',
    '\ud800',
    '\udc00',
    'a\ud83dz',
    '\udc00\ud800',
    '\ud83d\ude00\ud83d',
  ])
    same(text)
})

test('random UTF-16 strings, surrogates included, encode as TextEncoder encodes them', () => {
  let seed = 42
  const next = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff
    return seed
  }
  for (let round = 0; round < 2_000; round++) {
    const units: number[] = []
    const length = next() % 24
    for (let i = 0; i < length; i++) {
      const pick = next() % 4
      units.push(pick === 0 ? next() % 0x80 : pick === 1 ? 0xd800 + (next() % 0x800) : next() % 0x10000)
    }
    same(String.fromCharCode(...units))
  }
})

test.run()
