/**
 * The opt-in parts of a verification: trust registries, evidence checking and baked-image reading. The
 * full entries install all of them; the JWT-only entry (`@tessera/verifier/jwt`) installs none, and a page
 * that needs one imports its module (`@tessera/verifier/trust`, `/evidence`, `/baked`) and passes it in
 * `VerifierOptions.capabilities`: it pays in bytes for what it imports. A capability missing where the input
 * or the options call for it is never skipped in silence: the result says so with a `*_NOT_INSTALLED` code.
 */
import type { JsonObject } from '@tessera/schema'
import type { EvidenceCheck, EvidenceSources } from './evidence.js'
import type { FetchContext } from './fetch.js'
import type { IssuerTrust, TrustIo, TrustPolicy } from './trust.js'

/** What answers "who issued it" for one verifier, its policy read once (IssuerTrustCheck). */
export interface IssuerTrustEvaluator {
  evaluate(
    issuer: string,
    credential: JsonObject,
    proven: boolean,
    now: Date,
    context?: FetchContext,
  ): Promise<IssuerTrust>
}

/** Trusted issuers, domains, registries and federations (`@tessera/verifier/trust`: `trustRegistries`). */
export interface TrustCapability {
  readonly capability: 'trust'
  /** The verifier's trust check for `policy`; throws TRUST_POLICY_INVALID or REGISTRY_INVALID on a broken one. */
  create(policy: TrustPolicy | undefined, io: TrustIo): IssuerTrustEvaluator
}

/** The `evidence` check (`@tessera/verifier/evidence`: `evidenceChecking`). */
export interface EvidenceCapability {
  readonly capability: 'evidence'
  check(credential: JsonObject, mode: 'check' | 'require', sources: EvidenceSources): Promise<EvidenceCheck>
}

/** Reading credentials baked into PNG and SVG images (`@tessera/verifier/baked`: `bakedImages`). */
export interface BakedImagesCapability {
  readonly capability: 'bakedImages'
  /** The text of a PNG's `openbadgecredential` chunk. */
  extractFromPng(bytes: Uint8Array): string
  /** The credential an SVG carries (`<openbadges:credential>`). */
  extractFromSvg(text: string): string
}

/** One opt-in part of the verifier. */
export type VerifierCapability = TrustCapability | EvidenceCapability | BakedImagesCapability

/** The capabilities of one verifier, by name (a later one of the same name wins). */
export interface InstalledCapabilities {
  trust?: TrustCapability
  evidence?: EvidenceCapability
  bakedImages?: BakedImagesCapability
}

export function installed(capabilities: readonly VerifierCapability[]): InstalledCapabilities {
  const by: InstalledCapabilities = {}
  for (const c of capabilities) {
    if (c.capability === 'trust') by.trust = c
    else if (c.capability === 'evidence') by.evidence = c
    else if (c.capability === 'bakedImages') by.bakedImages = c
  }
  return by
}
