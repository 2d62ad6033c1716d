/**
 * Fitting a text into a width: the largest size, from the style's own down to its legible minimum, at
 * which it fits on one line, else on two lines broken where Unicode line breaking (UAX #14, `linebreak`)
 * allows, the break chosen so the longer line is as short as it can be. A text that does not fit on two
 * lines at the minimum is refused (NAME_TOO_LONG / TEXT_TOO_LONG), never drawn over the margins.
 */
import { createRequire } from 'node:module'
import { fail } from './errors.js'
import type { FontChain } from './font-chain.js'
import { directionOf, type ShapedLine, type ShapeOptions, shapeLine, type TextRole } from './shape.js'

/** A break `linebreak` found (UAX #14 line breaking, by the author of fontkit and pdfkit, which ships no types). */
interface Break {
  /** Where the next line would start (a UTF-16 index). */
  position: number
  /** A mandatory break (a newline). */
  required: boolean
}
const LineBreaker = createRequire(import.meta.url)('linebreak') as new (
  text: string,
) => { nextBreak(): Break | null }

export interface FitOptions {
  /** The size it is drawn at when it fits, in points. */
  size: number
  /** The smallest size it may shrink to (14 pt for the name). */
  minSize: number
  /** The width it must fit in, in points. */
  width: number
  /** How many lines it may take (1 or 2). */
  maxLines: 1 | 2
  /** Shrinking on one line is preferred down to this size, before the text is wrapped. Default: `size`. */
  wrapBelow?: number
  language?: string
}

export interface FittedText {
  lines: ShapedLine[]
  size: number
}

/** The UTF-16 positions where a line may break (not the text's end), by UAX #14. */
export function breakOpportunities(text: string): number[] {
  const breaker = new LineBreaker(text)
  const positions: number[] = []
  for (let next = breaker.nextBreak(); next !== null; next = breaker.nextBreak())
    if (next.position > 0 && next.position < text.length) positions.push(next.position)
  return positions
}

/** The two lines of `text` whose longer one is shortest, if it can break at all. */
function bestSplit(text: string, chain: FontChain, role: TextRole, shape: ShapeOptions) {
  let best: ShapedLine[] | undefined
  let bestWidth = Number.POSITIVE_INFINITY
  for (const position of breakOpportunities(text)) {
    const first = text.slice(0, position).trimEnd()
    const second = text.slice(position).trimStart()
    if (first === '' || second === '') continue
    const lines = [shapeLine(first, chain, role, shape), shapeLine(second, chain, role, shape)]
    const width = Math.max(...lines.map((l) => l.width))
    if (width < bestWidth) {
      best = lines
      bestWidth = width
    }
  }
  return best === undefined ? undefined : { lines: best, width: bestWidth }
}

/** The size and lines `text` is drawn with; refuses it when it does not fit at the minimum. */
export function fitText(input: string, chain: FontChain, role: TextRole, options: FitOptions): FittedText {
  const text = input.normalize('NFC').replace(/\s+/gu, ' ').trim()
  const shape: ShapeOptions = {
    direction: directionOf(text),
    ...(options.language === undefined ? {} : { language: options.language }),
  }
  const single = shapeLine(text, chain, role, shape)
  const wrapBelow = options.maxLines === 1 ? options.minSize : (options.wrapBelow ?? options.size)
  const oneLineSize = Math.min(options.size, options.width / Math.max(single.width, 1e-6))
  if (oneLineSize >= wrapBelow) return { lines: [single], size: round(oneLineSize) }
  // Two lines hold at most twice the width: a text longer than that is refused before any break is tried.
  if (options.maxLines === 2 && single.width * options.minSize <= 2 * options.width) {
    const split = bestSplit(text, chain, role, shape)
    if (split !== undefined) {
      const size = Math.min(options.size, options.width / split.width)
      if (size >= options.minSize) return { lines: split.lines, size: round(size) }
    }
  }
  fail(
    role.isName ? 'NAME_TOO_LONG' : 'TEXT_TOO_LONG',
    `${role.label} (${[...text].length} characters) does not fit on ${options.maxLines === 2 ? 'two lines' : 'one line'} at ${options.minSize} pt, the smallest size it is printed at`,
  )
}

/** Rounds a size down to a tenth of a point, so that a fitted line never overflows by rounding. */
const round = (size: number) => Math.floor(size * 10) / 10

/** Lines of at most `width` points at `size` (a paragraph), breaking by UAX #14; at most `maxLines`, the last ending in an ellipsis if cut. */
export function wrapParagraph(
  input: string,
  chain: FontChain,
  role: TextRole,
  options: { size: number; width: number; maxLines: number; language?: string },
): ShapedLine[] {
  const text = input.normalize('NFC').replace(/\s+/gu, ' ').trim()
  const shape: ShapeOptions = {
    direction: directionOf(text),
    ...(options.language === undefined ? {} : { language: options.language }),
  }
  const limit = options.width / options.size
  const lines: ShapedLine[] = []
  let start = 0
  const breaks = [...breakOpportunities(text), text.length]
  while (start < text.length && lines.length < options.maxLines) {
    let end = breaks.find((b) => b > start) ?? text.length
    for (const b of breaks) {
      if (b <= end) continue
      if (shapeLine(text.slice(start, b).trim(), chain, role, shape).width > limit) break
      end = b
    }
    const last = lines.length === options.maxLines - 1 && end < text.length
    const part = text.slice(start, end).trim()
    lines.push(shapeLine(last ? `${part.replace(/[\s\p{P}]+$/u, '')}…` : part, chain, role, shape))
    start = end
  }
  return lines
}
