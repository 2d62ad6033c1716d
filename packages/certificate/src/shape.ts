/**
 * Text as positioned glyphs: the work a browser does before it paints a line. The text is split into
 * grapheme clusters (Intl.Segmenter); each cluster gets the first font of the chain that has every one of
 * its characters (emoji try the emoji font first; spaces and punctuation stay with their neighbours'
 * font); the Unicode bidi algorithm (bidi-js) gives each character its level; runs of one font, one level
 * and one script are shaped by HarfBuzz (contextual forms, ligatures, conjuncts, mark positioning), then
 * laid out left to right in visual order (UAX #9, rule L2). A character that no font has is refused,
 * with its code point, rather than drawn as a blank or a .notdef box.
 */
import bidiModule from 'bidi-js'
import * as hb from 'harfbuzzjs'
import { fail } from './errors.js'
import type { FontChain } from './font-chain.js'
import { type LoadedFont, loadFont } from './loaded-font.js'

// bidi-js is CommonJS whose module.exports is its factory; its types declare an ES default export.
const bidi = (bidiModule as unknown as typeof bidiModule.default)()
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' })

/** One glyph of a line, in em of the text size (multiply by the size in points). */
export interface PlacedGlyph {
  font: LoadedFont
  glyph: number
  /** Where the glyph is drawn, from the line's left end and its baseline (offsets applied). */
  x: number
  y: number
  /** How far the pen moves after it. */
  advance: number
  /**
   * The text it stands for, for text extraction (a PDF's ToUnicode map): a cluster's characters shared
   * out, in visual order, over its glyphs that advance the pen (one each, the last the rest), '' on its
   * marks; reversed in right-to-left runs, since an extractor reads glyphs in visual order and turns
   * right-to-left runs back character by character. Extractors skip a glyph without text but not its
   * advance, which they would read as a space: hence every advancing glyph gets a character.
   */
  text: string
}

export interface ShapedLine {
  /** The line's text, in logical order. */
  text: string
  glyphs: PlacedGlyph[]
  /** Its width, in em. */
  width: number
  /** The paragraph's direction. */
  rtl: boolean
}

/** What a text is, for the refusal's code and message. */
export interface TextRole {
  /** 'the name', 'the achievement's name', ... */
  label: string
  /** The member's name (NAME_NOT_RENDERABLE) or another text (TEXT_NOT_RENDERABLE). */
  isName: boolean
}

export interface ShapeOptions {
  /** BCP 47 language, for HarfBuzz's language-specific forms. */
  language?: string
  /** The paragraph's direction when it is known (a line of a longer text); by default, its first strong character's. */
  direction?: 'ltr' | 'rtl'
}

const NEUTRAL = /^[\p{Script=Common}\p{Script=Inherited}]+$/u
const IGNORABLE = /\p{Default_Ignorable_Code_Point}/u
const PICTOGRAPH = /\p{Extended_Pictographic}|\p{Regional_Indicator}/u
const EMOJI_PRESENTATION =
  /\p{Emoji_Presentation}|\uFE0F|\u200D|[\u{1F3FB}-\u{1F3FF}]|\p{Regional_Indicator}/u

/** Scripts that split runs (shaped apart); Han and kana go together, as Japanese names mix them. */
const SCRIPTS: readonly [string, RegExp][] = [
  ['Latn', /\p{Script=Latin}/u],
  ['Grek', /\p{Script=Greek}/u],
  ['Cyrl', /\p{Script=Cyrillic}/u],
  ['Arab', /\p{Script=Arabic}/u],
  ['Hebr', /\p{Script=Hebrew}/u],
  ['Deva', /\p{Script=Devanagari}/u],
  ['Beng', /\p{Script=Bengali}/u],
  ['Taml', /\p{Script=Tamil}/u],
  ['Thai', /\p{Script=Thai}/u],
  ['Armn', /\p{Script=Armenian}/u],
  ['Geor', /\p{Script=Georgian}/u],
  ['Hani', /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Bopomofo}]/u],
  ['Hang', /\p{Script=Hangul}/u],
]

function scriptOf(cluster: string): string {
  if (NEUTRAL.test(cluster)) return ''
  for (const [tag, pattern] of SCRIPTS) if (pattern.test(cluster)) return tag
  return 'Zzzz'
}

const codePoint = (c: string) => c.codePointAt(0) ?? 0
export const codePointName = (c: number) => `U+${c.toString(16).toUpperCase().padStart(4, '0')}`

interface Cluster {
  start: number
  end: number
  text: string
  font?: LoadedFont
  neutral: boolean
  script: string
}

/** Whether the font draws every character of the cluster that is not default-ignorable (ZWJ, variation selectors). */
function covers(font: LoadedFont, text: string): boolean {
  for (const c of text) if (!IGNORABLE.test(c) && !font.covers(codePoint(c))) return false
  return true
}

/** The fonts of the chain in the order a cluster tries them (emoji first for emoji), opened as needed. */
function* candidates(chain: FontChain, text: string): Generator<LoadedFont> {
  const emojiFirst = PICTOGRAPH.test(text) && EMOJI_PRESENTATION.test(text)
  const files = emojiFirst ? [...chain.fonts.filter((f) => f.emoji), ...chain.fonts] : chain.fonts
  for (const file of files) yield loadFont(file)
}

function firstCovering(chain: FontChain, text: string): LoadedFont | undefined {
  for (const font of candidates(chain, text)) if (covers(font, text)) return font
  return undefined
}

/** Each cluster's font; refuses (naming the code points) when a character has none. */
function assignFonts(text: string, chain: FontChain, role: TextRole): Cluster[] {
  const clusters: Cluster[] = [...graphemes.segment(text)].map(({ segment, index }) => ({
    start: index,
    end: index + segment.length,
    text: segment,
    neutral: NEUTRAL.test(segment) && !PICTOGRAPH.test(segment),
    script: scriptOf(segment),
  }))
  for (const cluster of clusters) if (!cluster.neutral) cluster.font = firstCovering(chain, cluster.text)
  // Spaces, digits and punctuation take the font of the text before them (else after) when it has them.
  clusters.forEach((cluster, i) => {
    if (!cluster.neutral) return
    const before = clusters
      .slice(0, i)
      .reverse()
      .find((c) => !c.neutral && c.font !== undefined)?.font
    const after = clusters.slice(i + 1).find((c) => !c.neutral && c.font !== undefined)?.font
    cluster.font = [before, after].find((f) => f !== undefined && covers(f, cluster.text))
    cluster.font ??= firstCovering(chain, cluster.text)
  })
  const missing = new Set<number>()
  for (const cluster of clusters)
    if (cluster.font === undefined)
      for (const c of cluster.text)
        if (!IGNORABLE.test(c) && !chain.fonts.some((f) => loadFont(f).covers(codePoint(c))))
          missing.add(codePoint(c))
  if (missing.size > 0) refuse(text, [...missing], chain, role)
  return clusters
}

function refuse(text: string, missing: number[], chain: FontChain, role: TextRole): never {
  const listed = missing.map(codePointName).join(', ')
  const characters = missing.map((c) => String.fromCodePoint(c)).join('')
  const uninstalled = chain.missing.filter((family) => family.scripts.test(characters))
  if (uninstalled.length > 0)
    fail(
      'FONT_NOT_INSTALLED',
      `${role.label} has characters (${listed}) of a script whose font is not installed: install ${uninstalled.map((f) => f.package).join(' and ')} (${uninstalled.map((f) => f.family).join(', ')})`,
    )
  fail(
    role.isName ? 'NAME_NOT_RENDERABLE' : 'TEXT_NOT_RENDERABLE',
    `${role.label} (${[...text].length} characters) has characters that no font of the certificate draws: ${listed}`,
  )
}

interface Run {
  start: number
  end: number
  font: LoadedFont
  level: number
  glyphs: PlacedGlyph[]
  width: number
}

/** Runs of one font, one bidi level and one script, in logical order. */
function runsOf(clusters: Cluster[], levels: Uint8Array): Omit<Run, 'glyphs' | 'width'>[] {
  const runs: Omit<Run, 'glyphs' | 'width'>[] = []
  let script = ''
  for (const cluster of clusters) {
    const font = cluster.font as LoadedFont
    const level = levels[cluster.start] ?? 0
    const last = runs.at(-1)
    const sameScript = cluster.script === '' || script === '' || cluster.script === script
    if (last !== undefined && last.font === font && last.level === level && sameScript) {
      last.end = cluster.end
      if (cluster.script !== '') script = cluster.script
    } else {
      runs.push({ start: cluster.start, end: cluster.end, font, level })
      script = cluster.script
    }
  }
  return runs
}

/** Shapes one run with HarfBuzz (the whole text as context); glyphs in visual order, positions in em. */
function shapeRun(text: string, run: Omit<Run, 'glyphs' | 'width'>, options: ShapeOptions): Run {
  const { font } = run
  const rtl = run.level % 2 === 1
  const buffer = new hb.Buffer()
  buffer.addText(text, run.start, run.end - run.start)
  buffer.guessSegmentProperties()
  buffer.setDirection(rtl ? hb.Direction.RTL : hb.Direction.LTR)
  if (options.language !== undefined) buffer.setLanguage(options.language)
  buffer.setFlags(
    hb.BufferFlag.REMOVE_DEFAULT_IGNORABLES |
      (run.start === 0 ? hb.BufferFlag.BOT : 0) |
      (run.end === text.length ? hb.BufferFlag.EOT : 0),
  )
  hb.shape(font.font, buffer)
  const infos = buffer.getGlyphInfos()
  const positions = buffer.getGlyphPositions()
  const starts = [...new Set(infos.map((i) => i.cluster))].sort((a, b) => a - b)
  const clusterText = (cluster: number) => {
    const next = starts.find((s) => s > cluster) ?? run.end
    const part = text.slice(cluster, next)
    return rtl ? [...part].reverse().join('') : part
  }
  const glyphs: PlacedGlyph[] = []
  const em = 1 / font.upem
  let pen = 0
  infos.forEach((info, i) => {
    const position = positions[i] ?? { xAdvance: 0, yAdvance: 0, xOffset: 0, yOffset: 0 }
    glyphs.push({
      font,
      glyph: info.codepoint,
      x: (pen + position.xOffset) * em,
      y: position.yOffset * em,
      advance: position.xAdvance * em,
      text: '',
    })
    pen += position.xAdvance
  })
  shareText(glyphs, infos, clusterText)
  return { ...run, glyphs, width: pen * em }
}

/** Shares each cluster's text over its glyphs (see PlacedGlyph.text). */
function shareText(
  glyphs: PlacedGlyph[],
  infos: readonly { cluster: number }[],
  clusterText: (cluster: number) => string,
): void {
  const byCluster = new Map<number, PlacedGlyph[]>()
  glyphs.forEach((glyph, i) => {
    const cluster = infos[i]?.cluster ?? 0
    byCluster.set(cluster, [...(byCluster.get(cluster) ?? []), glyph])
  })
  for (const [cluster, members] of byCluster) {
    const characters = [...clusterText(cluster)]
    const advancing = members.filter((g) => g.advance > 0)
    const carriers = advancing.length > 0 ? advancing : members.slice(0, 1)
    carriers.forEach((glyph, i) => {
      glyph.text = i === carriers.length - 1 ? characters.slice(i).join('') : (characters[i] ?? '')
    })
  }
}

/** UAX #9 rule L2: from the highest level down to the lowest odd one, reverse every sequence at that level or above. */
function visualOrder<T extends { level: number }>(runs: T[]): T[] {
  const order = [...runs]
  const levels = runs.map((r) => r.level)
  const highest = Math.max(0, ...levels)
  const lowestOdd = Math.min(...levels.filter((l) => l % 2 === 1), highest + 1)
  for (let level = highest; level >= lowestOdd; level--) {
    for (let i = 0; i < order.length; ) {
      if ((order[i]?.level ?? 0) < level) {
        i++
        continue
      }
      let j = i
      while (j < order.length && (order[j]?.level ?? 0) >= level) j++
      order.splice(i, j - i, ...order.slice(i, j).reverse())
      i = j
    }
  }
  return order
}

/** The paragraph direction of a text: its first strong character's (left to right when it has none). */
export function directionOf(text: string): 'ltr' | 'rtl' {
  return (bidi.getEmbeddingLevels(text, 'auto').paragraphs[0]?.level ?? 0) % 2 === 1 ? 'rtl' : 'ltr'
}

/**
 * One line of text, shaped: NFC-normalised, fonts chosen along the chain, bidi-ordered, shaped. Refuses a
 * character no font has (NAME_NOT_RENDERABLE / TEXT_NOT_RENDERABLE / FONT_NOT_INSTALLED) and a glyph the
 * shaper could only give as .notdef.
 */
export function shapeLine(
  input: string,
  chain: FontChain,
  role: TextRole,
  options: ShapeOptions = {},
): ShapedLine {
  const text = input.normalize('NFC')
  const direction = options.direction ?? directionOf(text)
  const clusters = assignFonts(text, chain, role)
  const { levels } = bidi.getEmbeddingLevels(text, direction)
  const runs = runsOf(clusters, levels).map((run) => shapeRun(text, run, options))
  const glyphs: PlacedGlyph[] = []
  let pen = 0
  for (const run of visualOrder(runs)) {
    for (const glyph of run.glyphs) glyphs.push({ ...glyph, x: glyph.x + pen })
    pen += run.width
  }
  const notdef = runs.flatMap((run) =>
    run.glyphs.some((g) => g.glyph === 0) ? [...text.slice(run.start, run.end)].map(codePoint) : [],
  )
  if (notdef.length > 0) refuse(text, [...new Set(notdef)], { ...chain, missing: [] }, role)
  return { text, glyphs, width: pen, rtl: direction === 'rtl' }
}
