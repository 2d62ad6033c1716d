/**
 * The certificate's QR code (qrcode): the verification URL as a PNG, 4 pixels a module, error correction
 * L (the largest capacity: a VC-JWT of a few kilobytes fits; a Data Integrity JSON usually does not,
 * hence URL_TOO_LONG_FOR_QR).
 */
import QRCode from 'qrcode'
import { fail } from './errors.js'

export async function qrPng(url: string): Promise<Uint8Array> {
  try {
    return Uint8Array.from(
      await QRCode.toBuffer(url, { type: 'png', errorCorrectionLevel: 'L', margin: 4, scale: 4 }),
    )
  } catch (cause) {
    fail(
      'URL_TOO_LONG_FOR_QR',
      `the verification URL (${new TextEncoder().encode(url).byteLength} bytes) does not fit in a QR code (2,953 at most): the credential must be a VC-JWT with short texts`,
      cause,
    )
  }
}
