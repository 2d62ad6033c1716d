/**
 * What the full entries (index.ts, react-native.ts) hand the core, which the JWT-only entry leaves out:
 * Data Integrity proofs, CLR 2.0 (its schema and the check of the credentials it gathers) and every
 * capability (trust registries, evidence, baked images: capabilities.ts).
 */
import { bakedImages } from './capabilities/baked.js'
import { evidenceChecking } from './capabilities/evidence.js'
import { trustRegistries } from './capabilities/trust.js'
import { checkClrSchema } from './checks/clr-schema.js'
import { checkEmbeddedCredentials } from './checks/embedded.js'
import { verifyEmbeddedProofs } from './embedded-proofs.js'
import type { VerifierBuild } from './result.js'

export const FULL_BUILD: VerifierBuild = {
  embeddedProofs: verifyEmbeddedProofs,
  clrSchema: checkClrSchema,
  clrEmbedded: checkEmbeddedCredentials,
  capabilities: [trustRegistries, evidenceChecking, bakedImages],
}
