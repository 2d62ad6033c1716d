// Text as SVG path data (shapeToSvgPath, lineToSvgPath): every name of the members sheet becomes path
// data that fills with ink inside its advance box, right-to-left names say so, a point map moves every
// point, and text no font draws is refused with its code rather than drawn blank.
import { createCanvas, Path2D } from '@napi-rs/canvas'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { fontChain, lineToSvgPath, shapeLine, shapeToSvgPath } from '../src/index.js'
import { codeOf, MEMBERS } from './fixtures.js'

const SIZE = 40
const COMMAND = /^(?:[MLQC](?:-?\d+(?:\.\d+)? -?\d+(?:\.\d+)?(?: |(?=[MLQCZ]|$)))+|Z)/

/** The path's commands, each checked to be M, L, Q, C (with coordinate pairs) or Z. */
function commands(d: string): string[] {
  const out: string[] = []
  for (let rest = d; rest !== ''; ) {
    const match = COMMAND.exec(rest)
    if (match === null) throw new Error(`not path data at: ${rest.slice(0, 40)}`)
    out.push(match[0])
    rest = rest.slice(match[0].length)
  }
  return out
}

/** Every coordinate pair of the path. */
const points = (d: string) =>
  [...d.matchAll(/(-?\d+(?:\.\d+)?) (-?\d+(?:\.\d+)?)/g)].map((m) => [Number(m[1]), Number(m[2])] as const)

/** How many pixels the path fills, drawn with its baseline at y = 60, 10 px from the left. */
function ink(d: string, width: number): number {
  const canvas = createCanvas(Math.ceil(width) + 20, 90)
  const context = canvas.getContext('2d')
  context.translate(10, 60)
  context.fill(new Path2D(d))
  const { data } = context.getImageData(0, 0, canvas.width, canvas.height)
  let filled = 0
  for (let i = 3; i < data.length; i += 4) if ((data[i] ?? 0) > 128) filled++
  return filled
}

test('every name of the members sheet becomes path data with ink, within its advance box', () => {
  for (const { script, name, locale } of MEMBERS) {
    const path = shapeToSvgPath(name, { size: SIZE, ...(locale === undefined ? {} : { locale }) })
    assert.is(path.text, name.normalize('NFC'), script)
    assert.ok(path.width > SIZE / 2, `${script}: width ${path.width}`)
    assert.ok(commands(path.d).length > 10, script)
    for (const [x, y] of points(path.d)) {
      assert.ok(x > -SIZE / 2 && x < path.width + SIZE / 2, `${script}: x ${x}`)
      assert.ok(y > -1.5 * SIZE && y < SIZE, `${script}: y ${y}`)
    }
    assert.ok(ink(path.d, path.width) > 100, `${script}: no ink`)
  }
})

test('right-to-left names say so; left-to-right ones do not', () => {
  assert.ok(shapeToSvgPath('محمد عبد الله', { size: SIZE }).rtl)
  assert.ok(shapeToSvgPath('דוד כהן', { size: SIZE }).rtl)
  assert.not.ok(shapeToSvgPath('Анна Кузнецова', { size: SIZE }).rtl)
})

test('the path is the shaped line scaled to the size, and the map moves every point', () => {
  const line = shapeLine('देवनागरी क्षत्रिय', fontChain('sans'), { label: 'the text', isName: false })
  const plain = lineToSvgPath(line, { size: SIZE, precision: 3 })
  assert.is(plain.d, shapeToSvgPath('देवनागरी क्षत्रिय', { size: SIZE, precision: 3 }).d)
  assert.is(plain.width, line.width * SIZE)
  const moved = lineToSvgPath(line, { size: SIZE, precision: 3, map: (x, y) => [x + 100, y + 50] })
  const [before, after] = [points(plain.d), points(moved.d)]
  assert.is(after.length, before.length)
  before.forEach(([x, y], i) => {
    assert.ok(Math.abs((after[i]?.[0] ?? 0) - x - 100) < 0.002)
    assert.ok(Math.abs((after[i]?.[1] ?? 0) - y - 50) < 0.002)
  })
  assert.equal(
    commands(moved.d).map((c) => c[0]),
    commands(plain.d).map((c) => c[0]),
  )
})

test('text with no ink (spaces, nothing) gives empty path data', () => {
  assert.is(shapeToSvgPath('', { size: SIZE }).d, '')
  assert.is(shapeToSvgPath('   ', { size: SIZE }).d, '')
})

test('text no font draws is refused with TEXT_NOT_RENDERABLE, naming the characters', async () => {
  for (const text of ['Anna \u{13000}', '\u{E000}']) {
    assert.is(await codeOf(() => shapeToSvgPath(text, { size: SIZE })), 'TEXT_NOT_RENDERABLE', text)
  }
  try {
    shapeToSvgPath('Anna \u{13000}', { size: SIZE, label: 'the badge title' })
    assert.unreachable()
  } catch (error) {
    assert.match((error as Error).message, /^the badge title .*U\+13000/)
  }
})

test.run()
