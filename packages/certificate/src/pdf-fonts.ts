/**
 * Shaped glyphs written into a PDF as real text: each font becomes a Type0 font with a CIDFontType2
 * descendant (Identity-H, two bytes a code), its file cut down by hb-subset to the glyphs drawn, and a
 * ToUnicode CMap, so that search, copy and screen readers get the text back. Codes (CIDs) are handed out
 * per glyph, advance and text: the same glyph standing for two texts gets two codes, and the second and
 * later glyphs of a cluster (a conjunct's parts, a mark) map to an invisible format character, so that extraction yields each
 * character once. CIDToGIDMap takes each code back to its glyph.
 */
import { type PDFDocument, type PDFPage, type PDFRef, PDFString } from 'pdf-lib'
import type { LoadedFont } from './loaded-font.js'
import { subsetGlyphs } from './subset.js'

interface EmbeddedFont {
  font: LoadedFont
  ref: PDFRef
  /** The font's name in the page's resources. */
  name: string
  /** Codes by `glyph text`, in the order they were handed out (code 1 first). */
  codes: Map<string, number>
  entries: { glyph: number; text: string; width: number }[]
}

const hex = (n: number, digits = 4) => n.toString(16).toUpperCase().padStart(digits, '0')

/** Text as a PDF hex string of UTF-16BE code units (empty: `<>`). */
export function utf16Hex(text: string): string {
  let out = ''
  for (let i = 0; i < text.length; i++) out += hex(text.charCodeAt(i))
  return `<${out}>`
}

/** A six-letter subset tag (PDF 32000 9.6.4) derived from the content, so that the same input makes the same file. */
function subsetTag(seed: string): string {
  let hash = 0x811c9dc5
  for (let i = 0; i < seed.length; i++) hash = Math.imul(hash ^ seed.charCodeAt(i), 0x01000193) >>> 0
  let tag = ''
  for (let i = 0; i < 6; i++) {
    tag += String.fromCharCode(65 + (hash % 26))
    hash = Math.floor(hash / 26) + i * 7919
  }
  return tag
}

/**
 * What a glyph that stands for no text of its own maps to: U+2060 WORD JOINER, an invisible format
 * character that extractors drop (pdf.js skips format characters; an empty mapping would make it fall
 * back to the code itself, a control character in the text).
 */
const WORD_JOINER = '\u2060'

function toUnicodeCMap(entries: { text: string }[]): string {
  const lines: string[] = []
  for (let start = 0; start < entries.length; start += 100) {
    const block = entries.slice(start, start + 100)
    lines.push(`${block.length} beginbfchar`)
    block.forEach((entry, i) => {
      lines.push(`<${hex(start + i + 1)}> ${utf16Hex(entry.text === '' ? WORD_JOINER : entry.text)}`)
    })
    lines.push('endbfchar')
  }
  return `/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
/CMapName /Adobe-Identity-UCS def
/CMapType 2 def
1 begincodespacerange
<0000> <FFFF>
endcodespacerange
${lines.join('\n')}
endcmap
CMapName currentdict /CMap defineresource pop
end
end
`
}

/** The fonts of one page: codes handed out while its text is written, the font objects made at the end. */
export class PageFonts {
  private readonly fonts = new Map<LoadedFont, EmbeddedFont>()

  constructor(
    private readonly document: PDFDocument,
    private readonly page: PDFPage,
  ) {}

  /**
   * The resource name of the font and the code that draws `glyph` standing for `text` with the advance
   * the shaper gave it (`width`, in thousandths of an em): the font's widths then agree with where the
   * next glyph is drawn, so extractors see no gap (which pdf.js would read as a space).
   */
  code(font: LoadedFont, glyph: number, text: string, width: number): { name: string; code: number } {
    let embedded = this.fonts.get(font)
    if (embedded === undefined) {
      const ref = this.document.context.nextRef()
      const name = this.page.node.newFontDictionary('Shaped', ref).decodeText()
      embedded = { font, ref, name, codes: new Map(), entries: [] }
      this.fonts.set(font, embedded)
    }
    const key = `${glyph} ${width} ${text}`
    let code = embedded.codes.get(key)
    if (code === undefined) {
      embedded.entries.push({ glyph, text, width })
      code = embedded.entries.length
      embedded.codes.set(key, code)
    }
    return { name: embedded.name, code }
  }

  /** The glyph ids written with each font (for checks: none is 0, .notdef). */
  glyphsUsed(): Map<LoadedFont, number[]> {
    return new Map([...this.fonts].map(([font, e]) => [font, e.entries.map((entry) => entry.glyph)]))
  }

  /** Writes every font used: subset file, descriptor, CID font, Type0 font, ToUnicode. */
  async embed(): Promise<void> {
    for (const embedded of this.fonts.values()) await this.embedOne(embedded)
  }

  private async embedOne({ font, ref, entries }: EmbeddedFont): Promise<void> {
    const { context } = this.document
    const glyphs = [...new Set(entries.map((e) => e.glyph))].sort((a, b) => a - b)
    const scale = (units: number) => Math.round((units * 1000) / font.upem)
    const baseFont = `${subsetTag(`${font.postscriptName} ${glyphs.join(',')}`)}+${font.postscriptName}`
    const file = await subsetGlyphs(font, glyphs)
    const fontFile = context.register(context.flateStream(file, { Length1: file.byteLength }))
    const { ascender, descender, capHeight, bbox } = font.metrics
    const descriptor = context.register(
      context.obj({
        Type: 'FontDescriptor',
        FontName: baseFont,
        Flags: 4,
        FontBBox: bbox.map(scale),
        ItalicAngle: 0,
        Ascent: scale(ascender),
        Descent: scale(descender),
        CapHeight: scale(capHeight),
        StemV: 80,
        FontFile2: fontFile,
      }),
    )
    const cidToGid = new Uint8Array((entries.length + 1) * 2)
    entries.forEach((entry, i) => {
      cidToGid[(i + 1) * 2] = entry.glyph >> 8
      cidToGid[(i + 1) * 2 + 1] = entry.glyph & 0xff
    })
    const cidFont = context.register(
      context.obj({
        Type: 'Font',
        Subtype: 'CIDFontType2',
        BaseFont: baseFont,
        CIDSystemInfo: { Registry: PDFString.of('Adobe'), Ordering: PDFString.of('Identity'), Supplement: 0 },
        FontDescriptor: descriptor,
        DW: 0,
        W: [1, entries.map((entry) => entry.width)],
        CIDToGIDMap: context.register(context.flateStream(cidToGid)),
      }),
    )
    const toUnicode = context.register(context.flateStream(toUnicodeCMap(entries)))
    context.assign(
      ref,
      context.obj({
        Type: 'Font',
        Subtype: 'Type0',
        BaseFont: baseFont,
        Encoding: 'Identity-H',
        DescendantFonts: [cidFont],
        ToUnicode: toUnicode,
      }),
    )
  }
}
