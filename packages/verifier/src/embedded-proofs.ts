/**
 * Data Integrity proofs for the full entries (index.ts, react-native.ts): @tessera/proofs/data-integrity,
 * and the JSON-LD stack it needs (jsonld.js, Digital Bazaar's suites), load with the first embedded proof,
 * not at import, so that a process or page that verifies VC-JWTs never loads them.
 */
import type { EmbeddedProofChecker } from '@tessera/proofs'
import { lazy } from './checks/lazy.js'

const dataIntegrity = lazy(() => import('@tessera/proofs/data-integrity'))

/** Verifies the embedded (Data Integrity) proofs of a document (@tessera/proofs), loading them first. */
export const verifyEmbeddedProofs: EmbeddedProofChecker = async (...args) =>
  (await dataIntegrity()).verifyEmbeddedProofs(...args)
