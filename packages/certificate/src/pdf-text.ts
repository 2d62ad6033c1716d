/**
 * The content-stream operators that draw a shaped line: each glyph at the position HarfBuzz gave it
 * (offsets for marks and cursive attachment included), by its code in the page's fonts. The line is
 * wrapped in a marked-content span whose /ActualText is the line's text in logical order, which text
 * extractors that read it (poppler, Acrobat) prefer to the per-glyph ToUnicode map.
 *
 * Extractors that read glyph by glyph (pdf.js) take a glyph whose text has a combining mark (a virama,
 * a vowel sign, a harakat) for a zero-width mark, so the next glyph seems to start after a gap, which
 * they turn into a space. Such marks are therefore moved onto a blank glyph of zero width drawn just
 * before or after the glyph (its "carrier"), leaving the glyph itself the cluster's other characters.
 */
import type { PageFonts } from './pdf-fonts.js'
import { utf16Hex } from './pdf-fonts.js'
import type { PlacedGlyph, ShapedLine } from './shape.js'

export type Rgb = readonly [number, number, number]

const number = (n: number) => (Math.round(n * 1000) / 1000).toString()

const MARK = /\p{Mn}/u

/** What is written for one glyph: the glyph itself and, around it, blank carriers for its leading and trailing marks. */
interface Piece {
  glyph: number
  x: number
  y: number
  advance: number
  text: string
}

function pieces(glyph: PlacedGlyph): Piece[] {
  const characters = [...glyph.text]
  const first = characters.findIndex((c) => !MARK.test(c))
  const blank = glyph.font.blankGlyph
  if (blank === undefined || glyph.advance === 0 || first === -1 || !MARK.test(glyph.text))
    return [{ ...glyph }]
  let end = first
  while (end < characters.length && !MARK.test(characters[end] ?? '')) end++
  const carrier = (text: string, x: number): Piece[] =>
    text === '' ? [] : [{ glyph: blank, x, y: glyph.y, advance: 0, text }]
  return [
    ...carrier(characters.slice(0, first).join(''), glyph.x),
    { ...glyph, text: characters.slice(first, end).join('') },
    ...carrier(characters.slice(end).join(''), glyph.x + glyph.advance),
  ]
}

/** Draws `line` with its left end at `x`, baseline `y`, `size` points, in `color`. */
export function lineOperators(
  line: ShapedLine,
  at: { x: number; y: number; size: number; color: Rgb },
  fonts: PageFonts,
): string {
  const { x, y, size, color } = at
  const out = [
    `/Span << /ActualText ${utf16Hex(`\uFEFF${line.text}`)} >> BDC`,
    'BT',
    `${color.map(number).join(' ')} rg`,
  ]
  let current = ''
  for (const placed of line.glyphs) {
    for (const piece of pieces(placed)) {
      const { name, code } = fonts.code(
        placed.font,
        piece.glyph,
        piece.text,
        Math.round(piece.advance * 1000),
      )
      if (name !== current) {
        out.push(`/${name} ${number(size)} Tf`)
        current = name
      }
      out.push(
        `1 0 0 1 ${number(x + piece.x * size)} ${number(y + piece.y * size)} Tm <${code.toString(16).toUpperCase().padStart(4, '0')}> Tj`,
      )
    }
  }
  out.push('ET', 'EMC')
  return out.join('\n')
}
