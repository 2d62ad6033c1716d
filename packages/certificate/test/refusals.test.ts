// What a certificate refuses, each with its code: a name with characters no font draws (the message
// names the code points), a script whose optional font is not installed, a name too long for two lines
// at 14 pt, a credential without what a certificate prints, a bad locale, a font file that is no font,
// a URL too long for a QR code. Long names wrap onto two lines, shrink, and move the page down.
import { writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { certificatePdf, fontChain, layoutName, NAME_BOX, shapeLine } from '../src/index.js'
import { codeOf, credential, VERIFY_URL } from './fixtures.js'
import { textItems } from './pdf-reader.js'

const NAME = { label: 'the name', isName: true }

async function messageOf(run: () => unknown): Promise<string> {
  try {
    await run()
  } catch (error) {
    return (error as Error).message
  }
  return ''
}

test('a name with characters no font draws is NAME_NOT_RENDERABLE, naming them as U+XXXX', async () => {
  for (const name of ['Anna \u{13000}', '\u{E000}', 'Bob \u{10FFFD}']) {
    assert.is(await codeOf(() => layoutName(name)), 'NAME_NOT_RENDERABLE', name)
    assert.is(
      await codeOf(() =>
        certificatePdf({ credential: credential(), recipientName: name, verificationUrl: VERIFY_URL }),
      ),
      'NAME_NOT_RENDERABLE',
    )
  }
  assert.match(await messageOf(() => layoutName('Anna \u{13000}\u{13001}')), /U\+13000, U\+13001/)
  assert.is(await codeOf(() => layoutName('   ')), 'NAME_NOT_RENDERABLE')
})

test('the same character in another text is TEXT_NOT_RENDERABLE', async () => {
  const code = await codeOf(() =>
    certificatePdf({
      credential: credential({ achievement: 'Scribe \u{13000}' }),
      recipientName: 'Ada',
      verificationUrl: VERIFY_URL,
    }),
  )
  assert.is(code, 'TEXT_NOT_RENDERABLE')
})

test('a script whose font package is not installed is FONT_NOT_INSTALLED, naming the package', async () => {
  const full = fontChain('serif-bold')
  const withoutHan = {
    fonts: full.fonts.filter(
      (f) => !f.family.startsWith('Noto Sans SC') && !f.family.startsWith('Noto Sans KR'),
    ),
    missing: [
      { family: 'Noto Sans SC', package: '@expo-google-fonts/noto-sans-sc', scripts: /\p{Script=Han}/u },
    ],
  }
  assert.is(await codeOf(() => shapeLine('张伟', withoutHan, NAME)), 'FONT_NOT_INSTALLED')
  assert.match(await messageOf(() => shapeLine('张伟', withoutHan, NAME)), /@expo-google-fonts\/noto-sans-sc/)
  assert.is(await codeOf(() => shapeLine('Ada', withoutHan, NAME)), undefined)
})

test('a long name wraps onto two lines, no smaller than 14 pt, and moves the page down', async () => {
  const long = 'Maria Magdalena Theresia Alexandrina von Hohenzollern-Sigmaringen und Habsburg-Lothringen'
  const { lines, size } = layoutName(long)
  assert.is(lines.length, 2)
  assert.ok(size >= NAME_BOX.minSize && size <= NAME_BOX.size, String(size))
  for (const line of lines) assert.ok(line.width * size <= NAME_BOX.width + 0.01)
  assert.is(lines.map((l) => l.text).join(' '), long)
  const short = await textItems(
    await certificatePdf({ credential: credential(), recipientName: 'Ada', verificationUrl: VERIFY_URL }),
  )
  const wrapped = await textItems(
    await certificatePdf({ credential: credential(), recipientName: long, verificationUrl: VERIFY_URL }),
  )
  const datesY = (items: typeof short) => items.find((i) => i.str.startsWith('Issued on'))?.y ?? 0
  assert.ok(datesY(wrapped) < datesY(short) - size, `${datesY(wrapped)} vs ${datesY(short)}`)
  const texts = wrapped.map((i) => i.str)
  for (const line of lines) assert.ok(texts.includes(line.text), line.text)
})

test('a long Chinese name breaks between ideographs; a name too long for two lines is NAME_TOO_LONG', async () => {
  const han = '张'.repeat(40)
  assert.is(layoutName(han).lines.length, 2)
  assert.is(await codeOf(() => layoutName('W'.repeat(300))), 'NAME_TOO_LONG')
  assert.is(await codeOf(() => layoutName('张'.repeat(200))), 'NAME_TOO_LONG')
  assert.match(await messageOf(() => layoutName('W'.repeat(300))), /14 pt/)
})

test('a short name stays on one line at its full size', () => {
  const { lines, size } = layoutName('Ada Lovelace')
  assert.is(lines.length, 1)
  assert.is(size, NAME_BOX.size)
})

test('a credential without what a certificate prints is NOT_A_CREDENTIAL; no name anywhere is too', async () => {
  const json = credential()
  delete json.id
  assert.is(
    await codeOf(() =>
      certificatePdf({ credential: json, recipientName: 'Ada', verificationUrl: VERIFY_URL }),
    ),
    'NOT_A_CREDENTIAL',
  )
  assert.is(
    await codeOf(() => certificatePdf({ credential: credential(), verificationUrl: VERIFY_URL })),
    'NOT_A_CREDENTIAL',
  )
})

test('the name the credential states is printed when none is given; a VC-JWT is read', async () => {
  const { vcJwt } = await import('./fixtures.js')
  const pdf = await certificatePdf({
    credential: vcJwt(credential({ recipientName: 'Siobhán Ní Bhriain' })),
    verificationUrl: VERIFY_URL,
  })
  assert.ok((await textItems(pdf)).some((i) => i.str === 'Siobhán Ní Bhriain'))
})

test('a bad locale is INVALID_LOCALE; a font that is no font is FONT_NOT_READABLE; a huge URL is URL_TOO_LONG_FOR_QR', async () => {
  const base = { credential: credential(), recipientName: 'Ada', verificationUrl: VERIFY_URL }
  assert.is(await codeOf(() => certificatePdf({ ...base, locale: 'not a locale!' })), 'INVALID_LOCALE')
  const notAFont = join(tmpdir(), `tessera-not-a-font-${process.pid}.ttf`)
  writeFileSync(notAFont, 'hello')
  assert.is(await codeOf(() => certificatePdf({ ...base, fonts: [notAFont] })), 'FONT_NOT_READABLE')
  assert.is(
    await codeOf(() =>
      certificatePdf({ ...base, verificationUrl: `https://x.example/#${'a'.repeat(5000)}` }),
    ),
    'URL_TOO_LONG_FOR_QR',
  )
})

test('dates are written in the locale', async () => {
  const items = await textItems(
    await certificatePdf({
      credential: credential(),
      recipientName: 'Ada',
      verificationUrl: VERIFY_URL,
      locale: 'de',
    }),
  )
  assert.ok(
    items.some((i) => i.str.includes('1. Januar 2026')),
    JSON.stringify(items.map((i) => i.str)),
  )
})

test.run()
