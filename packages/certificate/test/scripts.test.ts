// The members sheet rendered: for a name in every script, the certificate is rendered by pdf.js and
// read back. The name extracts as text equal to the name (NFC), no glyph written is .notdef, there is
// ink where the name goes as wide as the shaped name, every font is a subset Type0 font with a ToUnicode
// map, and the page keeps its size and layout.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { certificatePdf, layoutName, PAGE } from '../src/index.js'
import { credential, MEMBERS, VERIFY_URL } from './fixtures.js'
import { embeddedFonts, inkIn, renderPage, type TextItem, textItems } from './pdf-reader.js'

/** The items between the "is awarded to" label and the dates: the name's lines. */
function nameItems(items: TextItem[]) {
  const label = items.find((i) => i.str === 'is awarded to')
  const dates = items.find((i) => i.str.startsWith('Issued on'))
  if (label === undefined || dates === undefined)
    throw new Error(`no label or dates in ${JSON.stringify(items)}`)
  return { label, dates, name: items.filter((i) => i.y < label.y - 1 && i.y > dates.y + 1 && i.str !== '') }
}

const reference = await textItems(
  await certificatePdf({
    credential: credential(),
    recipientName: 'Ada Lovelace',
    verificationUrl: VERIFY_URL,
  }),
)

for (const { script, name, locale } of MEMBERS) {
  test(`${script}: ${name}`, async () => {
    const pdf = await certificatePdf({
      credential: credential(),
      recipientName: name,
      verificationUrl: VERIFY_URL,
      ...(locale === undefined ? {} : { locale }),
    })
    const items = await textItems(pdf)
    const found = nameItems(items)
    assert.is(found.name.map((i) => i.str).join(''), name.normalize('NFC'), JSON.stringify(found.name))
    // The page keeps its layout: a one-line name leaves the label and the dates where a Latin name has them.
    const was = nameItems(reference)
    assert.is(Math.round(found.label.y), Math.round(was.label.y))
    assert.is(Math.round(found.dates.y), Math.round(was.dates.y))

    const fonts = await embeddedFonts(pdf)
    for (const font of fonts) {
      assert.is(font.subtype, '/Type0', font.baseFont)
      assert.is(font.encoding, '/Identity-H', font.baseFont)
      assert.ok(font.hasToUnicode, font.baseFont)
      assert.match(font.baseFont, /^\/[A-Z]{6}\+/)
      assert.not.ok(font.glyphs.includes(0), `${font.baseFont} writes .notdef`)
    }

    const image = await renderPage(pdf, 1)
    assert.is(image.width, Math.ceil(PAGE.width))
    assert.is(image.height, Math.ceil(PAGE.height))
    const { lines, size } = layoutName(name, locale === undefined ? {} : { locale })
    assert.is(lines.length, 1)
    const expected = (lines[0]?.width ?? 0) * size
    const ink = inkIn(image, {
      left: 60,
      right: PAGE.width - 60,
      bottom: found.dates.y + 16,
      top: found.label.y - 4,
    })
    assert.ok(ink.pixels > 100, `only ${ink.pixels} pixels of ink where the name goes`)
    const inked = ink.right - ink.left
    assert.ok(
      inked > expected * 0.8 && inked < expected * 1.15,
      `ink ${inked} pt wide, the name ${expected} pt`,
    )
    const centre = (ink.left + ink.right) / 2
    assert.ok(Math.abs(centre - PAGE.width / 2) < 12, `the name is centred at ${centre}`)
  })
}

test('right-to-left names are laid out right to left: the first letter drawn is the rightmost', () => {
  for (const name of ['محمد', 'דני']) {
    const { lines } = layoutName(name)
    const line = lines[0]
    assert.ok(line?.rtl)
    const first = line?.glyphs.find((g) => g.text.includes([...name][0] ?? ''))
    const last = line?.glyphs.find((g) => g.text.includes([...name].at(-1) ?? ''))
    assert.ok((first?.x ?? 0) > (last?.x ?? 0), name)
  }
})

test('Devanagari is shaped: a conjunct takes fewer glyphs than it has characters', () => {
  const [line] = layoutName('क्ष').lines
  assert.is(line?.glyphs.length, 1)
})

test('Arabic is shaped: joined forms differ from the isolated ones', () => {
  const isolated = [...'محمد'].map((c) => layoutName(c).lines[0]?.glyphs[0]?.glyph)
  const joined = layoutName('محمد')
    .lines[0]?.glyphs.map((g) => g.glyph)
    .reverse()
  assert.not.equal(joined, isolated)
})

test.run()
