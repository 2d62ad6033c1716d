// Reading a PDF back in tests: its text (pdf.js) and its RGB images (pdf-lib), to find the QR code.
import { inflateSync } from 'node:zlib'
import { PDFDocument, PDFName, type PDFNumber, PDFRawStream } from 'pdf-lib'
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs'

export async function pageText(bytes: Uint8Array): Promise<string[]> {
  const document = await getDocument({ data: bytes.slice(), useSystemFonts: false, isEvalSupported: false })
    .promise
  const texts: string[] = []
  for (let n = 1; n <= document.numPages; n++) {
    const content = await (await document.getPage(n)).getTextContent()
    texts.push(content.items.map((item) => ('str' in item ? item.str : '')).join('\n'))
  }
  await document.destroy()
  return texts
}

/** Every RGB image of the PDF, as RGBA pixels. */
export async function images(
  bytes: Uint8Array,
): Promise<{ width: number; height: number; rgba: Uint8ClampedArray }[]> {
  const document = await PDFDocument.load(bytes)
  const out = []
  for (const [, object] of document.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFRawStream)) continue
    const { dict } = object
    if (dict.get(PDFName.of('Subtype')) !== PDFName.of('Image')) continue
    if (dict.get(PDFName.of('ColorSpace')) !== PDFName.of('DeviceRGB')) continue
    const width = (dict.get(PDFName.of('Width')) as PDFNumber).asNumber()
    const height = (dict.get(PDFName.of('Height')) as PDFNumber).asNumber()
    const rgb = inflateSync(object.contents)
    const rgba = new Uint8ClampedArray(width * height * 4)
    for (let i = 0; i < width * height; i++) {
      rgba.set(rgb.subarray(i * 3, i * 3 + 3), i * 4)
      rgba[i * 4 + 3] = 255
    }
    out.push({ width, height, rgba })
  }
  return out
}
