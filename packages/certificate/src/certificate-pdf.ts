/**
 * The printable certificate: one A4 landscape page with the member's name, the achievement, the issuer,
 * the dates, the credential id and a QR code of the verification URL. Every text is shaped (HarfBuzz)
 * along the font fallback chain and written as real text (Type0 fonts, subset, with ToUnicode), so a
 * name in any script prints and extracts back; the name wraps onto two lines and shrinks to 14 pt before
 * it is refused, and the rest of the page moves down with it. The frame, the logo and the QR code are
 * drawn with pdf-lib.
 */
import type { JsonObject } from '@tessera/schema'
import { PDFDocument, type PDFPage, rgb } from 'pdf-lib'
import { certificateInfo, credentialJson } from './credential-info.js'
import { fail } from './errors.js'
import { fitText, wrapParagraph } from './fit-text.js'
import { fontChain } from './font-chain.js'
import { PageFonts } from './pdf-fonts.js'
import { lineOperators, type Rgb } from './pdf-text.js'
import { qrPng } from './qr.js'
import { type ShapedLine, shapeLine, type TextRole } from './shape.js'

export interface CertificateInput {
  /** The signed credential: JSON text, a compact VC-JWT, or the parsed JSON. */
  credential: JsonObject | string | Uint8Array
  /** The member's name as printed; by default the name the credential states (NOT_A_CREDENTIAL if none). */
  recipientName?: string
  /** The URL the QR code holds (a verification page with the credential, say). */
  verificationUrl: string
  /** A logo drawn above the issuer's name, as PNG. */
  logoPng?: Uint8Array
  /** Dates are written in this locale, and it picks language forms (ko: Korean Han). Default en-GB. */
  locale?: string
  /** Font files (TrueType/OpenType) tried before the certificate's own, for every text. */
  fonts?: readonly string[]
}

/** The page: A4 landscape, in points. */
export const PAGE = { width: 841.89, height: 595.28 } as const
/** The box the name is centred in: its width, its largest and smallest size, in points. */
export const NAME_BOX = { width: PAGE.width - 160, size: 36, minSize: 14, wrapBelow: 26 } as const

const INK: Rgb = [0.13, 0.13, 0.16]
const NAVY: Rgb = [0x1f / 255, 0x3a / 255, 0x5f / 255]
const GOLD: Rgb = [0xc9 / 255, 0xa2 / 255, 0x27 / 255]
const GREY: Rgb = [0.4, 0.4, 0.45]

const NAME: TextRole = { label: 'the name', isName: true }
const role = (label: string): TextRole => ({ label, isName: false })

function validLocale(locale: string): string {
  try {
    return Intl.getCanonicalLocales(locale)[0] ?? fail('INVALID_LOCALE', 'an empty locale')
  } catch (cause) {
    fail('INVALID_LOCALE', `${JSON.stringify(locale)} is no BCP 47 language tag`, cause)
  }
}

function day(date: string, locale: string): string {
  const time = new Date(date)
  if (Number.isNaN(time.getTime()))
    fail('NOT_A_CREDENTIAL', `the credential's date ${JSON.stringify(date)} is no date`)
  return time.toLocaleDateString(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })
}

/**
 * How the name is drawn (its lines and size), or the refusal: NAME_NOT_RENDERABLE naming the
 * characters no font draws, FONT_NOT_INSTALLED, NAME_TOO_LONG. Call it to refuse a row before issuing.
 */
export function layoutName(name: string, options: { locale?: string; fonts?: readonly string[] } = {}) {
  if (name.trim() === '') fail('NAME_NOT_RENDERABLE', 'the name is empty')
  const chain = fontChain(
    'serif-bold',
    options.locale === undefined
      ? { extra: options.fonts ?? [] }
      : { locale: options.locale, extra: options.fonts ?? [] },
  )
  return fitText(name, chain, NAME, {
    size: NAME_BOX.size,
    minSize: NAME_BOX.minSize,
    wrapBelow: NAME_BOX.wrapBelow,
    width: NAME_BOX.width,
    maxLines: 2,
    ...(options.locale === undefined ? {} : { language: options.locale }),
  })
}

/** Draws shaped lines into the page's text: centred, or from `x`. */
class PageText {
  readonly operators: string[] = []
  constructor(readonly fonts: PageFonts) {}

  centred(line: ShapedLine, y: number, size: number, color: Rgb): void {
    this.at(line, (PAGE.width - line.width * size) / 2, y, size, color)
  }

  at(line: ShapedLine, x: number, y: number, size: number, color: Rgb): void {
    this.operators.push(lineOperators(line, { x, y, size, color }, this.fonts))
  }
}

/** The certificate as PDF bytes: one page, every text as real text, the QR code as an image. */
export async function certificatePdf(input: CertificateInput): Promise<Uint8Array> {
  const credential = credentialJson(input.credential)
  const info = certificateInfo(credential)
  const recipientName =
    input.recipientName ??
    info.recipientName ??
    fail('NOT_A_CREDENTIAL', 'the credential states no recipient name: give one')
  const locale = validLocale(input.locale ?? 'en-GB')
  const extra = input.fonts ?? []
  const chains = {
    serif: fontChain('serif', { locale, extra }),
    bold: fontChain('serif-bold', { locale, extra }),
    sans: fontChain('sans', { locale, extra }),
  } satisfies Record<string, ReturnType<typeof fontChain>>
  const shape = (text: string, style: keyof typeof chains, label: string) =>
    shapeLine(text, chains[style], role(label), { language: locale })
  const name = layoutName(recipientName, { locale, fonts: extra })
  const achievement = fitText(info.achievement, chains.bold, role("the achievement's name"), {
    size: 40,
    minSize: 18,
    wrapBelow: 28,
    width: PAGE.width - 160,
    maxLines: 2,
    language: locale,
  })
  const issuerLine = fitText(info.issuer.toLocaleUpperCase(locale), chains.sans, role("the issuer's name"), {
    size: 12,
    minSize: 8,
    width: PAGE.width - 160,
    maxLines: 1,
    language: locale,
  })
  const dates = `Issued on ${day(info.issued, locale)}${info.expires === undefined ? '' : ` · valid until ${day(info.expires, locale)}`}`
  const description =
    info.description === undefined
      ? []
      : wrapParagraph(info.description, chains.serif, role("the achievement's description"), {
          size: 13,
          width: PAGE.width - 240,
          maxLines: 3,
          language: locale,
        })
  const qr = await qrPng(input.verificationUrl)

  const pdf = await PDFDocument.create({ updateMetadata: false })
  pdf.setTitle(`${info.achievement}: ${recipientName}`)
  pdf.setAuthor(info.issuer)
  pdf.setSubject(info.credentialId)
  pdf.setCreator('Tessera')
  pdf.setProducer('@tessera/certificate')
  pdf.setLanguage(locale)
  const page = pdf.addPage([PAGE.width, PAGE.height])
  drawFrame(page)
  const text = new PageText(new PageFonts(pdf, page))
  const { width, height } = PAGE

  let y = height - 70
  if (input.logoPng !== undefined) {
    const logo = await pdf.embedPng(input.logoPng)
    page.drawImage(logo, { x: (width - 64) / 2, y: y - 64, width: 64, height: 64 })
    y -= 84
  }
  text.centred(issuerLine.lines[0] as ShapedLine, y, issuerLine.size, NAVY)
  y -= 52
  for (const [i, line] of achievement.lines.entries()) {
    if (i > 0) y -= achievement.size * 1.1
    text.centred(line, y, achievement.size, NAVY)
  }
  y -= 40
  text.centred(shape('is awarded to', 'serif', 'the label'), y, 16, GREY)
  y -= 50
  // A second line of the name moves everything below it down by that line's height.
  for (const [i, line] of name.lines.entries()) {
    if (i > 0) y -= name.size * 1.15
    text.centred(line, y, name.size, INK)
  }
  page.drawLine({
    start: { x: width / 2 - 180, y: y - 10 },
    end: { x: width / 2 + 180, y: y - 10 },
    color: rgb(...GOLD),
    thickness: 1,
  })
  y -= 44
  text.centred(shape(dates, 'serif', 'the dates'), y, 14, INK)
  y -= 10
  for (const line of description) {
    y -= 20
    text.centred(line, y, 13, GREY)
  }

  const side = 190
  page.drawImage(await pdf.embedPng(qr), { x: width - 48 - side, y: 48, width: side, height: side })
  text.at(shape('Scan to verify this certificate', 'sans', 'the label'), width - 48 - side, 40, 8, GREY)
  text.at(shape('Credential id', 'sans', 'the label'), 56, 78, 8, GREY)
  text.at(shape(info.credentialId, 'sans', 'the credential id'), 56, 64, 9, INK)
  const signed = `Signed digitally by ${info.issuer}: an Open Badges 3.0 credential anyone can check, in the QR code.`
  for (const [i, line] of wrapParagraph(signed, chains.sans, role('the signature line'), {
    size: 8,
    width: width - 48 - side - 56 - 16,
    maxLines: 2,
    language: locale,
  }).entries())
    text.at(line, 56, 48 - i * 10, 8, GREY)

  await text.fonts.embed()
  const content = pdf.context.flateStream(text.operators.join('\n'))
  page.node.addContentStream(pdf.context.register(content))
  return pdf.save()
}

function drawFrame(page: PDFPage): void {
  const { width, height } = PAGE
  page.drawRectangle({
    x: 20,
    y: 20,
    width: width - 40,
    height: height - 40,
    borderColor: rgb(...NAVY),
    borderWidth: 6,
  })
  page.drawRectangle({
    x: 32,
    y: 32,
    width: width - 64,
    height: height - 64,
    borderColor: rgb(...GOLD),
    borderWidth: 1.5,
  })
}
