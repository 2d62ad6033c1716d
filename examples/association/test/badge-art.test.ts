// Badge artwork: an SVG per kind from one template, drawn to PNG by resvg with the bundled fonts, then
// baked: the baked PNG and SVG verify and unbake to the same credential.

import { Resvg } from '@resvg/resvg-js'
import { bakePng, bakeSvg } from '@tessera/issuer/node'
import { extractFromPng, Verifier } from '@tessera/verifier'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { association } from '../src/association.js'
import {
  BADGE_FONT,
  BADGE_FONT_FILES,
  badgeArtOf,
  badgeSvg,
  PALETTES,
  renderPng,
  wrap,
} from '../src/badge-art.js'
import { NOW, testIssuer } from './helpers.js'

const art = { kind: 'certificate', organization: association.name, title: 'Certified Practitioner' } as const

function pixels(svg: string): { width: number; data: Uint8Array } {
  const image = new Resvg(svg, {
    fitTo: { mode: 'width', value: 128 },
    font: { fontFiles: [...BADGE_FONT_FILES], loadSystemFonts: false, defaultFontFamily: BADGE_FONT },
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

test('text is drawn with the bundled font, offline (no system font loaded)', () => {
  const withText = pixels(badgeSvg(art))
  const withoutText = pixels(badgeSvg({ ...art, title: '', organization: '' }))
  let differing = 0
  for (let i = 0; i < withText.data.length; i++) if (withText.data[i] !== withoutText.data[i]) differing++
  assert.ok(differing > 2000, `only ${differing} bytes differ: the text was not drawn`)
})

test('each kind has its own colours', () => {
  const fields = new Set<string>()
  for (const kind of Object.keys(PALETTES) as (keyof typeof PALETTES)[]) {
    const { width, data } = pixels(badgeSvg({ ...art, kind, title: '' }))
    const field = hex(data, width, 40, 64) // left of the middle, clear of emblem, text and rims
    assert.is(field, PALETTES[kind].field, kind)
    fields.add(field)
  }
  assert.is(fields.size, 7)
})

test('names are escaped: markup in a name is text, and the SVG still renders', () => {
  const svg = badgeSvg({ ...art, organization: 'Rosa & Sons <Bindery>', title: 'A "quoted" <b>title</b>' })
  assert.not.match(svg, /<b>|& /)
  assert.match(svg, /Rosa &#38; Sons &#60;Bindery&#62;/)
  assert.ok(renderPng(svg).length > 1000)
})

test('long titles wrap on at most three lines', () => {
  assert.equal(wrap('Attendee: the Bookbinders Conference', 16, 3), [
    'Attendee: the',
    'Bookbinders',
    'Conference',
  ])
  assert.equal(wrap('one two three four five six seven eight nine ten', 9, 3), [
    'one two',
    'three',
    'four fiv…',
  ])
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
