/** Every capability: what the full entries (index.ts, react-native.ts) install in each verifier. */
import type { VerifierCapability } from '../capabilities.js'
import { bakedImages } from './baked.js'
import { evidenceChecking } from './evidence.js'
import { trustRegistries } from './trust.js'

export const ALL_CAPABILITIES: readonly VerifierCapability[] = [
  trustRegistries,
  evidenceChecking,
  bakedImages,
]
