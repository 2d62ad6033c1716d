// Badge artwork: an SVG per kind from one template, its text as glyph outlines in any script (drawn to PNG
// by resvg with no font loaded), then baked: the baked PNG and SVG verify and unbake to the same
// credential. Names in every script of the certificate's members sheet: the PNG decoded has ink where
// the title and the rim's name go, the SVG has paths and the text in <title>, <desc> and aria-label;
// text no font draws is refused with its code; the rendering of all 13 stays within bounded memory.

import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { inflateSync } from 'node:zlib'
import { Resvg } from '@resvg/resvg-js'
import { bakePng, bakeSvg } from '@tessera/issuer/node'
import { thrownCode } from '@tessera/testkit'
import { NAMES_IN_EVERY_SCRIPT as MEMBERS } from '@tessera/testkit/names'
import { extractFromPng, Verifier } from '@tessera/verifier'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { association } from '../src/association.js'
import { badgeArtOf, badgeSvg, escapeXml, layoutTitle, PALETTES, renderPng } from '../src/badge-art.js'
import { NOW, testIssuer } from './helpers.js'

const art = { kind: 'certificate', organization: association.name, title: 'Certified Practitioner' } as const

function pixels(svg: string): { width: number; data: Uint8Array } {
  const image = new Resvg(svg, {
    fitTo: { mode: 'width', value: 128 },
    font: { loadSystemFonts: false },
  }).render()
  return { width: image.width, data: Uint8Array.from(image.pixels) }
}

function hex(data: Uint8Array, width: number, x: number, y: number): string {
  const at = (y * width + x) * 4
  return `#${[...data.subarray(at, at + 3)].map((v) => v.toString(16).padStart(2, '0')).join('')}`
}

test('the PNG is a 512 px wide PNG (or the width asked)', () => {
  const png = renderPng(badgeSvg(art))
  assert.equal([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  const view = new DataView(png.buffer, png.byteOffset)
  assert.is(view.getUint32(16), 512)
  assert.is(new DataView(renderPng(badgeSvg(art), { width: 200 }).buffer).getUint32(16), 200)
})

test('text is drawn as paths, offline, with no font loaded at all', () => {
  const withText = pixels(badgeSvg(art))
  const withoutText = pixels(badgeSvg({ ...art, title: '', organization: '' }))
  let differing = 0
  for (let i = 0; i < withText.data.length; i++) if (withText.data[i] !== withoutText.data[i]) differing++
  assert.ok(differing > 2000, `only ${differing} bytes differ: the text was not drawn`)
  assert.not.match(badgeSvg(art), /<text|font-family/)
})

test('each kind has its own colours', () => {
  const fields = new Set<string>()
  for (const kind of Object.keys(PALETTES) as (keyof typeof PALETTES)[]) {
    const { width, data } = pixels(badgeSvg({ ...art, kind, title: '' }))
    const field = hex(data, width, 40, 64) // left of the middle, clear of emblem, text and rims
    assert.is(field, PALETTES[kind].field, kind)
    fields.add(field)
  }
  assert.is(fields.size, Object.keys(PALETTES).length)
  assert.ok(fields.size >= 9, 'milestones and pathway completions have colours of their own')
})

test('names are escaped: markup in a name is text, and the SVG still renders', () => {
  const svg = badgeSvg({ ...art, organization: 'Rosa & Sons <Bindery>', title: 'A "quoted" <b>title</b>' })
  assert.not.match(svg, /<b>|& /)
  assert.match(svg, /Rosa &#38; Sons &#60;Bindery&#62;/)
  assert.ok(renderPng(svg).length > 1000)
})

test('titles take one line at 50 px, else two down to 26 px, else three at 26 px ending in an ellipsis', () => {
  const text = (title: string) => layoutTitle(title).lines.map((line) => line.text)
  assert.equal(layoutTitle('Membership').size, 50)
  assert.equal(text('Membership'), ['Membership'])
  assert.equal(text('Attendee: the Bookbinders Conference'), ['Attendee: the', 'Bookbinders Conference'])
  const long = layoutTitle(
    'Attendee of the twenty-seventh international conference of the guilds of bookbinders, restorers and paper makers',
  )
  assert.is(long.size, 26)
  assert.is(long.lines.length, 3)
  assert.match(long.lines[2]?.text ?? '', /…$/)
  // Chinese breaks between ideographs: a long title without spaces still wraps
  assert.is(layoutTitle('国际装订与修复协会年度大会优秀志愿者荣誉证书').lines.length, 2)
})

/** A PNG's pixels (8-bit RGBA, not interlaced: what resvg writes), by its IHDR, IDAT and row filters. */
function decodePng(png: Uint8Array): { width: number; height: number; rgba: Uint8Array } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength)
  const idat: Uint8Array[] = []
  let width = 0
  let height = 0
  for (let at = 8; at < png.length; ) {
    const length = view.getUint32(at)
    const type = new TextDecoder().decode(png.subarray(at + 4, at + 8))
    const data = png.subarray(at + 8, at + 8 + length)
    if (type === 'IHDR') {
      width = view.getUint32(at + 8)
      height = view.getUint32(at + 12)
      assert.equal([data[8], data[9], data[12]], [8, 6, 0], 'an 8-bit RGBA PNG, not interlaced')
    }
    if (type === 'IDAT') idat.push(data)
    at += 12 + length
  }
  const raw = inflateSync(Buffer.concat(idat))
  const stride = width * 4
  const rgba = new Uint8Array(stride * height)
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]
    for (let x = 0; x < stride; x++) {
      const value = raw[y * (stride + 1) + 1 + x] ?? 0
      const left = x >= 4 ? (rgba[y * stride + x - 4] ?? 0) : 0
      const up = y > 0 ? (rgba[(y - 1) * stride + x] ?? 0) : 0
      const upLeft = x >= 4 && y > 0 ? (rgba[(y - 1) * stride + x - 4] ?? 0) : 0
      const p = left + up - upLeft
      const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - upLeft)]
      const paeth = pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft
      const predictor = [0, left, up, (left + up) >> 1, paeth][filter ?? 0] ?? 0
      rgba[y * stride + x] = (value + predictor) & 0xff
    }
  }
  return { width, height, rgba }
}

/** Pixels of exactly this colour, opaque, where `where(x, y)` holds. */
function count(
  image: ReturnType<typeof decodePng>,
  colour: string,
  where: (x: number, y: number) => boolean,
) {
  const rgb = [1, 3, 5].map((i) => Number.parseInt(colour.slice(i, i + 2), 16))
  let n = 0
  for (let y = 0; y < image.height; y++)
    for (let x = 0; x < image.width; x++) {
      const at = (y * image.width + x) * 4
      if (!where(x, y) || image.rgba[at + 3] !== 255) continue
      if (rgb.every((v, i) => image.rgba[at + i] === v)) n++
    }
  return n
}

/** Below the emblem, in the field: only the title is drawn in the ink colour there. */
const titleBox = (x: number, y: number) => y > 262 && y < 420 && x > 60 && x < 452
/** The top of the ring between the rim's baseline and the dotted circle: only the association's name. */
const rimBand = (x: number, y: number) => {
  const r = Math.hypot(x - 256, y - 256)
  return y < 200 && r > 181 && r < 207
}

test('names in every script: the PNG has ink where the title and the rim go, the SVG paths and the text', () => {
  const palette = PALETTES.certificate
  const blank = decodePng(renderPng(badgeSvg({ ...art, title: '', organization: '' })))
  assert.is(count(blank, palette.ink, titleBox), 0)
  assert.is(count(blank, palette.accent, rimBand), 0)
  for (const { script, name } of MEMBERS) {
    const svg = badgeSvg({ kind: 'certificate', organization: name, title: name, caption: '2026' })
    assert.ok((svg.match(/<path fill=/g) ?? []).length >= 3, `${script}: title, caption and rim as paths`)
    assert.ok(svg.includes(`<title>${escapeXml(`${name} · ${name}`)}</title>`), `${script}: <title>`)
    assert.ok(svg.includes(`aria-label="${escapeXml(`${name}, ${name}`)}"`), `${script}: aria-label`)
    assert.ok(svg.includes(`<desc>${escapeXml(`${name} (2026), awarded by ${name}`)}</desc>`), script)
    const image = decodePng(renderPng(svg))
    assert.is(image.width, 512)
    assert.ok(count(image, palette.ink, titleBox) > 100, `${script}: no ink where the title goes`)
    assert.ok(count(image, palette.accent, rimBand) > 30, `${script}: no ink on the rim`)
  }
})

test('text no font draws is refused with BADGE_TEXT_NOT_RENDERABLE naming it, never drawn blank', () => {
  for (const input of [
    { ...art, title: 'Anna \u{13000}' },
    { ...art, organization: 'Guild \u{E000}' },
    { ...art, caption: '\u{13000}' },
  ]) {
    assert.is(
      thrownCode(() => badgeSvg(input)),
      'BADGE_TEXT_NOT_RENDERABLE',
    )
  }
  try {
    badgeSvg({ ...art, title: 'Anna \u{13000}\u{13001}' })
    assert.unreachable()
  } catch (error) {
    assert.match((error as Error).message, /achievement's name.*U\+13000, U\+13001/)
  }
})

test("an association's name too long for the rim at 12 px is BADGE_TEXT_TOO_LONG", () => {
  assert.is(
    thrownCode(() => badgeSvg({ ...art, organization: 'Guild of Bookbinders '.repeat(8) })),
    'BADGE_TEXT_TOO_LONG',
  )
  assert.ok(badgeSvg({ ...art, organization: 'The International Guild of Bookbinders and Paper Makers' }))
})

test('rendering badges in 13 scripts completes in a child process within 1 GB of memory', () => {
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL('./badge-memory.ts', import.meta.url))],
    {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      encoding: 'utf8',
    },
  )
  assert.is(child.status, 0, child.stderr)
  const { badges, maxRssKb } = JSON.parse(child.stdout) as { badges: number; maxRssKb: number }
  assert.is(badges, MEMBERS.length)
  assert.ok(maxRssKb < 1024 * 1024, `peak RSS ${Math.round(maxRssKb / 1024)} MB`)
})

test('baked PNG and SVG badges verify and unbake to the credential', async () => {
  const { signedAwards } = await testIssuer()
  const verifier = new Verifier({ offline: true })
  for (const award of await signedAwards()) {
    const svg = badgeSvg(badgeArtOf(award, association.name))
    const png = bakePng(renderPng(svg), award.json)
    assert.equal(JSON.parse(extractFromPng(png)), award.json)
    for (const baked of [png, bakeSvg(svg, award.jwt), bakeSvg(svg, award.json)]) {
      const result = await verifier.verifyCredential(baked, { now: NOW })
      assert.ok(result.verified, `${award.key}: ${JSON.stringify(result.checks.filter((c) => !c.ok))}`)
    }
  }
})

test.run()
