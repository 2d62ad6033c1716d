/**
 * The printable certificate: one A4 landscape page (pdf-lib) with the member's name, the achievement,
 * the issuer, the dates, the credential id and a QR code (qrcode) of the verification URL, which opens
 * the verification page with the credential itself in its fragment. Fonts are embedded (subsets of EB
 * Garamond and Source Sans 3, cut by hb-subset and embedded through @pdf-lib/fontkit), so any name prints, Łukasz or Siobhán.
 */

import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import fontkit from '@pdf-lib/fontkit'
import { type JsonObject, readCredential, TesseraError } from '@tessera/schema'
import { PDFDocument, type PDFFont, type PDFPage, rgb } from 'pdf-lib'
import QRCode from 'qrcode'
import subsetFont from 'subset-font'

export type CertificateErrorCode = 'NOT_A_CREDENTIAL' | 'URL_TOO_LONG_FOR_QR'

const require = createRequire(import.meta.url)
const FONT_FILES = {
  serif: require.resolve('@expo-google-fonts/eb-garamond/400Regular/EBGaramond_400Regular.ttf'),
  serifBold: require.resolve('@expo-google-fonts/eb-garamond/600SemiBold/EBGaramond_600SemiBold.ttf'),
  sans: require.resolve('@expo-google-fonts/source-sans-3/400Regular/SourceSans3_400Regular.ttf'),
}

export interface CertificateInput {
  /** The signed credential, as JSON (decode a VC-JWT first). */
  credential: JsonObject
  /** The member's name as printed: credentials carry only a hashed email or a DID. */
  recipientName: string
  /** The URL the QR code holds: `verificationUrl(verifyPage, jwt)` from share-links.ts. */
  verificationUrl: string
  /** The association's logo as PNG (render its SVG with badge-art's renderPng). */
  logoPng?: Uint8Array
  /** Dates are written in this locale. Default en-GB ("1 January 2026"). */
  locale?: string
}

export interface CertificateInfo {
  achievement: string
  /** The achievement's description, if it has one. */
  description?: string
  issuer: string
  issued: string
  expires?: string
  credentialId: string
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}

/** What the certificate prints, read from the credential. */
export function certificateInfo(credential: JsonObject): CertificateInfo {
  const { achievement, issuer, issuerId, validity } = readCredential(credential)
  const name = text(achievement?.name) ?? text(credential.name)
  const issuerName = text(issuer?.name) ?? text(issuerId)
  const issued = text(validity.validFrom)
  const credentialId = text(credential.id)
  if (name === undefined || issuerName === undefined || issued === undefined || credentialId === undefined)
    throw new TesseraError<CertificateErrorCode>(
      'NOT_A_CREDENTIAL',
      'a certificate needs the credential id, issuer, validFrom and achievement name',
    )
  const expires = text(validity.validUntil)
  const description = text(achievement?.description)
  return {
    achievement: name,
    issuer: issuerName,
    issued,
    credentialId,
    ...(expires === undefined ? {} : { expires }),
    ...(description === undefined ? {} : { description }),
  }
}

/**
 * The QR code as a PNG, 4 pixels a module, error correction L (the largest capacity: a VC-JWT of a
 * few kilobytes fits; a Data Integrity JSON usually does not, hence URL_TOO_LONG_FOR_QR).
 */
export async function qrPng(url: string): Promise<Uint8Array> {
  try {
    return Uint8Array.from(
      await QRCode.toBuffer(url, { type: 'png', errorCorrectionLevel: 'L', margin: 4, scale: 4 }),
    )
  } catch (cause) {
    throw new TesseraError<CertificateErrorCode>(
      'URL_TOO_LONG_FOR_QR',
      `the verification URL (${Buffer.byteLength(url)} bytes) does not fit in a QR code (2,953 at most): the credential must be a VC-JWT with short texts (a name of about 40 characters at most)`,
      { cause },
    )
  }
}

const INK = rgb(0.13, 0.13, 0.16)
const NAVY = rgb(0x1f / 255, 0x3a / 255, 0x5f / 255)
const GOLD = rgb(0xc9 / 255, 0xa2 / 255, 0x27 / 255)
const GREY = rgb(0.4, 0.4, 0.45)

function centred(page: PDFPage, line: string, y: number, font: PDFFont, size: number, color = INK): void {
  const width = font.widthOfTextAtSize(line, size)
  page.drawText(line, { x: (page.getWidth() - width) / 2, y, size, font, color })
}

/** The largest size up to `size` at which `line` fits in `width` points. */
function fitting(line: string, font: PDFFont, size: number, width: number): number {
  return Math.min(size, (size * width) / Math.max(1, font.widthOfTextAtSize(line, size)))
}

function wrapText(text: string, width: number): string[] {
  const lines: string[] = []
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const last = lines.at(-1)
    if (last !== undefined && `${last} ${word}`.length <= width) lines[lines.length - 1] = `${last} ${word}`
    else lines.push(word)
  }
  return lines
}

function day(date: string, locale: string): string {
  return new Date(date).toLocaleDateString(locale, {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  })
}

/** The certificate as PDF bytes: one page, text as real text, the QR code as an image. */
export async function certificatePdf(input: CertificateInput): Promise<Uint8Array> {
  const info = certificateInfo(input.credential)
  const locale = input.locale ?? 'en-GB'
  const pdf = await PDFDocument.create()
  pdf.registerFontkit(fontkit)
  pdf.setTitle(`${info.achievement}: ${input.recipientName}`)
  pdf.setAuthor(info.issuer)
  pdf.setSubject(info.credentialId)
  pdf.setCreator('Tessera')
  const dates = `Issued on ${day(info.issued, locale)}${info.expires === undefined ? '' : ` · valid until ${day(info.expires, locale)}`}`
  const lines = {
    awarded: 'is awarded to',
    credentialId: 'Credential id',
    scan: 'Scan to verify this certificate',
    signed: `Signed digitally by ${info.issuer}: an Open Badges 3.0 credential anyone can check, in the QR code.`,
  }
  // Fonts are cut down to the characters printed (hb-subset, through subset-font) and embedded whole:
  // pdf-lib's own subsetting drops glyphs of these fonts.
  const description = info.description === undefined ? [] : wrapText(info.description, 90).slice(0, 3)
  const printed = [
    info.issuer.toUpperCase(),
    info.achievement,
    input.recipientName,
    dates,
    info.credentialId,
    ...description,
  ]
  const characters = [...new Set([...printed, ...Object.values(lines)].join(''))].join('')
  const [serif, serifBold, sans] = await Promise.all(
    [FONT_FILES.serif, FONT_FILES.serifBold, FONT_FILES.sans].map(async (file) =>
      pdf.embedFont(await subsetFont(await readFile(file), characters, { targetFormat: 'truetype' }), {
        subset: false,
        features: { liga: false },
      }),
    ),
  )
  if (serif === undefined || serifBold === undefined || sans === undefined)
    throw new Error('fonts not embedded')
  const page = pdf.addPage([841.89, 595.28])
  const { width, height } = page.getSize()
  page.drawRectangle({
    x: 20,
    y: 20,
    width: width - 40,
    height: height - 40,
    borderColor: NAVY,
    borderWidth: 6,
  })
  page.drawRectangle({
    x: 32,
    y: 32,
    width: width - 64,
    height: height - 64,
    borderColor: GOLD,
    borderWidth: 1.5,
  })

  let y = height - 70
  if (input.logoPng !== undefined) {
    const logo = await pdf.embedPng(input.logoPng)
    page.drawImage(logo, { x: (width - 64) / 2, y: y - 64, width: 64, height: 64 })
    y -= 84
  }
  centred(page, info.issuer.toUpperCase(), y, sans, 12, NAVY)
  y -= 52
  centred(page, info.achievement, y, serifBold, fitting(info.achievement, serifBold, 40, width - 160), NAVY)
  y -= 40
  centred(page, lines.awarded, y, serif, 16, GREY)
  y -= 50
  centred(page, input.recipientName, y, serifBold, fitting(input.recipientName, serifBold, 36, width - 160))
  page.drawLine({
    start: { x: width / 2 - 180, y: y - 10 },
    end: { x: width / 2 + 180, y: y - 10 },
    color: GOLD,
    thickness: 1,
  })
  y -= 44
  centred(page, dates, y, serif, 14)
  y -= 10
  for (const line of description) {
    y -= 20
    centred(page, line, y, serif, 13, GREY)
  }

  const qr = await pdf.embedPng(await qrPng(input.verificationUrl))
  const side = 190
  page.drawImage(qr, { x: width - 48 - side, y: 48, width: side, height: side })
  page.drawText(lines.scan, {
    x: width - 48 - side,
    y: 40,
    size: 8,
    font: sans,
    color: GREY,
  })
  page.drawText(lines.credentialId, { x: 56, y: 78, size: 8, font: sans, color: GREY })
  page.drawText(info.credentialId, { x: 56, y: 64, size: 9, font: sans, color: INK })
  page.drawText(lines.signed, { x: 56, y: 48, size: 8, font: sans, color: GREY })
  return pdf.save()
}
