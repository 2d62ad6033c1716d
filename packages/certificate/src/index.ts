/**
 * @tessera/certificate: the printable PDF certificate of any Open Badges 3.0 credential, for a name in
 * any script (shaped by HarfBuzz, drawn from a fallback chain of embeddable fonts, extractable as text),
 * and the checks a caller runs to refuse a row whose name cannot be printed; the same shaping as SVG path
 * data, for images that must show any script without fonts (badge art).
 */
export { type CertificateInput, certificatePdf, layoutName, NAME_BOX, PAGE } from './certificate-pdf.js'
export { type CertificateInfo, certificateInfo, credentialJson } from './credential-info.js'
export { type CertificateErrorCode, isCertificateError } from './errors.js'
export { type FittedText, fitText, wrapParagraph } from './fit-text.js'
export { type FontChain, type FontFile, fontChain, type TextStyle } from './font-chain.js'
export { qrPng } from './qr.js'
export { type ShapedLine, shapeLine } from './shape.js'
export {
  lineToSvgPath,
  type PointMap,
  type ShapeToSvgPathOptions,
  type SvgPathOptions,
  type SvgTextPath,
  shapeToSvgPath,
} from './svg-path.js'
