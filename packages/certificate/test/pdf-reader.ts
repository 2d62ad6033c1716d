// Reading a certificate back as a reader would: its text with positions (pdf.js), the page rendered to
// pixels (pdf.js on @napi-rs/canvas), and the glyph ids written with each embedded font (pdf-lib).
import { inflateSync } from 'node:zlib'
import { type PDFArray, PDFDict, PDFDocument, PDFName, type PDFRawStream, type PDFRef } from 'pdf-lib'
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs'

export interface TextItem {
  str: string
  x: number
  y: number
  width: number
  dir: string
}

const open = (bytes: Uint8Array) =>
  getDocument({ data: Uint8Array.from(bytes), useSystemFonts: false, isEvalSupported: false, verbosity: 0 })
    .promise

/** The page's text items in content order, with their origin in PDF points. */
export async function textItems(bytes: Uint8Array): Promise<TextItem[]> {
  const document = await open(bytes)
  const content = await (await document.getPage(1)).getTextContent()
  await document.destroy()
  return content.items.flatMap((item) =>
    'str' in item
      ? [
          {
            str: item.str,
            x: item.transform[4] ?? 0,
            y: item.transform[5] ?? 0,
            width: item.width,
            dir: item.dir,
          },
        ]
      : [],
  )
}

/** The page's text, items joined by newlines. */
export async function pageText(bytes: Uint8Array): Promise<string> {
  return (await textItems(bytes)).map((i) => i.str).join('\n')
}

export interface Rendered {
  width: number
  height: number
  /** Points to pixels. */
  scale: number
  rgba: Uint8ClampedArray
  png: () => Uint8Array
}

/** The page rendered at `scale` pixels a point, on white. */
export async function renderPage(bytes: Uint8Array, scale = 1): Promise<Rendered> {
  const document = await open(bytes)
  const page = await document.getPage(1)
  const viewport = page.getViewport({ scale })
  const factory = document.canvasFactory as {
    create(
      w: number,
      h: number,
    ): { canvas: { toBuffer(type: string): Buffer }; context: CanvasRenderingContext2D }
  }
  const { canvas, context } = factory.create(Math.ceil(viewport.width), Math.ceil(viewport.height))
  context.fillStyle = '#fff'
  context.fillRect(0, 0, Math.ceil(viewport.width), Math.ceil(viewport.height))
  await page.render({ canvasContext: context, canvas: context.canvas, viewport } as never).promise
  const { width, height } = context.canvas
  const rgba = context.getImageData(0, 0, width, height).data
  const png = canvas.toBuffer('image/png')
  await document.destroy()
  return { width, height, scale, rgba, png: () => Uint8Array.from(png) }
}

/** How many dark ink pixels (the name's colour, not the gold or the navy) lie in a box given in points, and their horizontal extent. */
export function inkIn(
  image: Rendered,
  box: { left: number; right: number; bottom: number; top: number },
): { pixels: number; left: number; right: number } {
  const { scale, width, height, rgba } = image
  let pixels = 0
  let left = Number.POSITIVE_INFINITY
  let right = Number.NEGATIVE_INFINITY
  for (
    let py = Math.max(0, Math.floor(height - box.top * scale));
    py < Math.min(height, height - box.bottom * scale);
    py++
  )
    for (let px = Math.max(0, Math.floor(box.left * scale)); px < Math.min(width, box.right * scale); px++) {
      const i = (py * width + px) * 4
      const [r = 255, g = 255, b = 255] = [rgba[i], rgba[i + 1], rgba[i + 2]]
      if (r < 110 && g < 110 && b < 110 && Math.abs(b - r) < 40) {
        pixels++
        left = Math.min(left, px / scale)
        right = Math.max(right, px / scale)
      }
    }
  return { pixels, left, right }
}

export interface EmbeddedFontInfo {
  baseFont: string
  subtype: string
  encoding: string
  /** The glyph ids its codes map to (CIDToGIDMap), code 0 left out. */
  glyphs: number[]
  /** The size of its embedded font file, compressed. */
  fileBytes: number
  hasToUnicode: boolean
}

/** Every Type0 font of the PDF. */
export async function embeddedFonts(bytes: Uint8Array): Promise<EmbeddedFontInfo[]> {
  const document = await PDFDocument.load(bytes)
  const { context } = document
  const fonts: EmbeddedFontInfo[] = []
  for (const [, object] of context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object.get(PDFName.of('Type')) !== PDFName.of('Font')) continue
    const subtype = String(object.get(PDFName.of('Subtype')))
    if (subtype !== '/Type0') {
      if (subtype !== '/CIDFontType2')
        fonts.push({
          baseFont: String(object.get(PDFName.of('BaseFont'))),
          subtype,
          encoding: '',
          glyphs: [],
          fileBytes: 0,
          hasToUnicode: false,
        })
      continue
    }
    const descendant = context.lookup(
      (object.get(PDFName.of('DescendantFonts')) as PDFArray).get(0),
    ) as PDFDict
    const map = context.lookup(descendant.get(PDFName.of('CIDToGIDMap')) as PDFRef) as PDFRawStream
    const gids = inflateSync(map.contents)
    const glyphs: number[] = []
    for (let i = 2; i + 1 < gids.length; i += 2) glyphs.push((gids[i] ?? 0) * 256 + (gids[i + 1] ?? 0))
    const descriptor = context.lookup(descendant.get(PDFName.of('FontDescriptor')) as PDFRef) as PDFDict
    const file = context.lookup(descriptor.get(PDFName.of('FontFile2')) as PDFRef) as PDFRawStream
    fonts.push({
      baseFont: String(object.get(PDFName.of('BaseFont'))),
      subtype,
      encoding: String(object.get(PDFName.of('Encoding'))),
      glyphs,
      fileBytes: file.contents.byteLength,
      hasToUnicode: object.get(PDFName.of('ToUnicode')) !== undefined,
    })
  }
  return fonts
}
