/**
 * A font file opened in HarfBuzz (harfbuzzjs, its WebAssembly build) for shaping, with what the PDF needs
 * of it: its PostScript name, units per em, advances, vertical metrics and bounding box. Fonts are read
 * once per process and kept: a batch of a thousand certificates opens each file once.
 */
import { readFileSync } from 'node:fs'
import * as hb from 'harfbuzzjs'
import { fail } from './errors.js'
import type { FontFile } from './font-chain.js'

export interface LoadedFont {
  file: FontFile
  /** The whole file, for subsetting. */
  bytes: Uint8Array
  /**
   * HarfBuzz's font, for shaping. @internal: left out of the published declarations (stripInternal), since
   * harfbuzzjs's own declarations need the DOM's and Emscripten's types, which a Node project has not.
   */
  font: hb.Font
  upem: number
  postscriptName: string
  /** Ascender, descender (negative), cap height and bounding box, in font units. */
  metrics: { ascender: number; descender: number; capHeight: number; bbox: [number, number, number, number] }
  /** Whether the font maps the code point to a glyph. */
  covers(codePoint: number): boolean
  /** The horizontal advance of a glyph, in font units. */
  advance(glyph: number): number
  /** A glyph that draws nothing (the space's), to carry text without ink; undefined if it has none. */
  blankGlyph: number | undefined
}

const opened = new Map<string, LoadedFont>()

const int16 = (table: Uint8Array | undefined, at: number): number =>
  table === undefined || table.length < at + 2 ? 0 : new DataView(table.buffer, table.byteOffset).getInt16(at)

/** Opens a font file (once per process); FONT_NOT_READABLE when it is no TrueType/OpenType font. */
export function loadFont(file: FontFile): LoadedFont {
  const known = opened.get(file.path)
  if (known !== undefined) return known
  let bytes: Uint8Array
  try {
    bytes = readFileSync(file.path)
  } catch (cause) {
    fail('FONT_NOT_READABLE', `cannot read the font ${file.path}: ${(cause as Error).message}`, cause)
  }
  const tag = new TextDecoder('latin1').decode(bytes.subarray(0, 4))
  if (!['\0\x01\0\0', 'OTTO', 'true'].includes(tag))
    fail(
      'FONT_NOT_READABLE',
      `${file.path} is no TrueType or OpenType font (WOFF and collections are not read)`,
    )
  const face = new hb.Face(new hb.Blob(bytes))
  const font = new hb.Font(face)
  const head = face.referenceTable('head')
  const hhea = face.referenceTable('hhea')
  const os2 = face.referenceTable('OS/2')
  if (face.upem === 0 || head === undefined || hhea === undefined)
    fail('FONT_NOT_READABLE', `${file.path} has no usable head or hhea table`)
  const postscriptName = (face.getName(6, 'en') || file.family).replace(/[^\x21-\x7e]|[[\]()<>{}/%#]/g, '')
  const ascender = int16(hhea, 4)
  const loaded: LoadedFont = {
    file,
    bytes,
    font,
    upem: face.upem,
    postscriptName: postscriptName === '' ? 'Font' : postscriptName,
    metrics: {
      ascender,
      descender: int16(hhea, 6),
      capHeight: int16(os2, 88) || Math.round(ascender * 0.7),
      bbox: [int16(head, 36), int16(head, 38), int16(head, 40), int16(head, 42)],
    },
    covers: (codePoint) => font.nominalGlyph(codePoint) !== undefined,
    advance: (glyph) => font.glyphHAdvance(glyph),
    blankGlyph: font.nominalGlyph(0x20) ?? font.nominalGlyph(0x200b),
  }
  opened.set(file.path, loaded)
  return loaded
}
