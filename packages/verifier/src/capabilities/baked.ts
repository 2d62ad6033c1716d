/**
 * @tessera/verifier/baked: the baked-image capability (`bakedImages`: credentials baked into PNG and SVG
 * badge images) for the JWT-only entry, and the readers themselves. The full entries install it themselves.
 */
import { extractFromPng, extractFromSvg } from '../baked.js'
import type { BakedImagesCapability } from '../capabilities.js'

/** Pass in `VerifierOptions.capabilities` to verify a PNG's or SVG's bytes (or an SVG's text). */
export const bakedImages: BakedImagesCapability = {
  capability: 'bakedImages',
  extractFromPng,
  extractFromSvg,
}

export {
  type BakedErrorCode,
  extractFromPng,
  extractFromSvg,
  isPng,
  OB3_SVG_NAMESPACE,
  SVG_MAX_MARKUP,
} from '../baked.js'
