/**
 * Text as SVG path data: a line shaped as for the certificate (fonts along the Noto chain, bidi, HarfBuzz)
 * and each glyph's outline read from its font (hb_font_draw_glyph), so that an SVG shows any script with
 * no font at all and a renderer (resvg, a browser) only fills paths: cheap, bounded, the same everywhere.
 * An SVG made this way keeps its text for screen readers and search in its <title>, <desc> or aria-label,
 * which is the caller's part. Text no font draws is refused (TEXT_NOT_RENDERABLE, FONT_NOT_INSTALLED),
 * never drawn blank.
 */
import { fontChain, type TextStyle } from './font-chain.js'
import type { LoadedFont } from './loaded-font.js'
import { type ShapedLine, shapeLine } from './shape.js'

/** Maps a point of the line (x from its left end, y down from its baseline, in px) to where it is drawn. */
export type PointMap = (x: number, y: number) => readonly [number, number]

export interface SvgPathOptions {
  /** The text size in px (user units of the SVG): an em. */
  size: number
  /** Where each point goes (an arc, a translation); by default the line's own coordinates. */
  map?: PointMap
  /** Decimals kept in the path data. Default 2. */
  precision?: number
}

export interface ShapeToSvgPathOptions extends SvgPathOptions {
  /** The chain's own face: 'sans' (Source Sans 3, the default), 'serif' or 'serif-bold' (EB Garamond). */
  style?: TextStyle
  /** Font files tried first (a bold face, an association's own font). */
  fonts?: readonly string[]
  /** BCP 47 language, for language-specific forms (and Korean before Chinese for Han). */
  locale?: string
  /** What the text is, for the refusal's message ("the achievement's name"). Default "the text". */
  label?: string
}

export interface SvgTextPath {
  /** The outlines of every glyph, one path's data (nonzero fill). '' for a text without ink (spaces). */
  d: string
  /** The line's advance width, in px. */
  width: number
  /** The text, NFC-normalised, in logical order (for a <title> or aria-label). */
  text: string
  /** Whether the paragraph runs right to left. */
  rtl: boolean
}

interface Command {
  type: string
  values: number[]
}

/** Each font's glyph outlines, in font units (y up), read once per process. */
const outlines = new WeakMap<LoadedFont, Map<number, Command[]>>()

function outline(font: LoadedFont, glyph: number): Command[] {
  let known = outlines.get(font)
  if (known === undefined) {
    known = new Map()
    outlines.set(font, known)
  }
  let commands = known.get(glyph)
  if (commands === undefined) {
    commands = font.font.glyphToJson(glyph) as Command[]
    known.set(glyph, commands)
  }
  return commands
}

/** The path data of a line already shaped (by shapeLine or fitText), at `size` px. */
export function lineToSvgPath(line: ShapedLine, options: SvgPathOptions): SvgTextPath {
  const { size } = options
  const map: PointMap = options.map ?? ((x, y) => [x, y])
  const digits = options.precision ?? 2
  const number = (n: number) => {
    const fixed = n.toFixed(digits)
    return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') || '0' : fixed
  }
  const parts: string[] = []
  for (const glyph of line.glyphs) {
    const scale = size / glyph.font.upem
    const originX = glyph.x * size
    const originY = -glyph.y * size
    for (const command of outline(glyph.font, glyph.glyph)) {
      const points: string[] = []
      for (let i = 0; i + 1 < command.values.length; i += 2) {
        const [x, y] = map(
          originX + (command.values[i] ?? 0) * scale,
          originY - (command.values[i + 1] ?? 0) * scale,
        )
        points.push(`${number(x)} ${number(y)}`)
      }
      parts.push(command.type === 'Z' ? 'Z' : `${command.type}${points.join(' ')}`)
    }
  }
  return { d: parts.join(''), width: line.width * size, text: line.text, rtl: line.rtl }
}

/**
 * One line of text as SVG path data at `size` px: shaped along the certificate's font chain (the style's
 * face, then the Noto families, then Noto Emoji), bidi-ordered, complex scripts shaped by HarfBuzz.
 * Refuses text with characters no font draws: TEXT_NOT_RENDERABLE naming them (U+XXXX), or
 * FONT_NOT_INSTALLED naming the optional font package of their script.
 */
export function shapeToSvgPath(text: string, options: ShapeToSvgPathOptions): SvgTextPath {
  const chain = fontChain(options.style ?? 'sans', {
    ...(options.locale === undefined ? {} : { locale: options.locale }),
    ...(options.fonts === undefined ? {} : { extra: options.fonts }),
  })
  const line = shapeLine(
    text,
    chain,
    { label: options.label ?? 'the text', isName: false },
    options.locale === undefined ? {} : { language: options.locale },
  )
  return lineToSvgPath(line, options)
}
