/**
 * An offer's link as a QR code, for an email or a printed letter: an SVG (crisp at any size, text that
 * can go inline in HTML) or a PNG data URI (for mail clients that show no SVG); or on a terminal, for
 * staff showing it to a member at the desk. Error correction M (15%),
 * the usual choice for a code on a screen or on paper. `qrcode` is the library the association example
 * already draws its certificates' codes with.
 */

/** `qrcode`, loaded with the first code drawn: `tessera serve` starts without it. */
const qrcode = async () => (await import('qrcode')).default

export interface QrOptions {
  /** Width in pixels of the PNG, or of the SVG's viewport. Default 320. */
  width?: number
}

/** The QR code of `text` as an SVG document. */
export async function qrSvg(text: string, options: QrOptions = {}): Promise<string> {
  return (await qrcode()).toString(text, {
    type: 'svg',
    errorCorrectionLevel: 'M',
    margin: 2,
    width: options.width ?? 320,
  })
}

/** The QR code of `text` drawn with block characters, for a terminal (half-height rows). */
export async function qrTerminal(text: string): Promise<string> {
  return (await qrcode()).toString(text, { type: 'terminal', small: true, errorCorrectionLevel: 'M' })
}

/** The QR code of `text` as a `data:image/png;base64,...` URI. */
export async function qrDataUri(text: string, options: QrOptions = {}): Promise<string> {
  return (await qrcode()).toDataURL(text, {
    errorCorrectionLevel: 'M',
    margin: 2,
    width: options.width ?? 320,
  })
}
