/**
 * @tessera/verifier/trust: the trust capability (trusted issuers and domains, DCC issuer registries, OpenID
 * Federation trust anchors: `trustRegistries`) for the JWT-only entry, and the trust API that goes with
 * it (policies, registries, the statement to display). The full entries install it themselves.
 */
import type { TrustCapability } from '../capabilities.js'
import { IssuerTrustCheck } from '../trust.js'

/** Pass in `VerifierOptions.capabilities` to read `VerifierOptions.trust`. */
export const trustRegistries: TrustCapability = {
  capability: 'trust',
  create: (policy, io) => new IssuerTrustCheck(policy, io),
}

export {
  claimedIssuerName,
  combineTrustPolicies,
  DEFAULT_TRUSTED_LIST_NAME,
  type IssuerTrust,
  IssuerTrustCheck,
  type RegistrySource,
  readTrustPolicy,
  type TrustErrorCode,
  type TrustedDomain,
  type TrustedIssuer,
  type TrustIo,
  type TrustPolicy,
  type UncheckedRegistry,
  type UnknownIssuerCode,
} from '../trust.js'
export {
  capitalised,
  claimedNameStatement,
  ENGLISH_STATEMENT_WORDS,
  type IssuerStatement,
  issuerStatement,
  type StatementOptions,
  type StatementPart,
  type StatementWords,
  statementText,
} from '../trust-display.js'
export type { FederationErrorCode } from '../trust-federation.js'
export {
  isIssuerId,
  issuerDomain,
  lookUp,
  MAX_REGISTRY_ENTRIES,
  normaliseDomain,
  type RegistryEntry,
  readTrustRegistry,
  type TrustRegistry,
  type TrustRegistryErrorCode,
} from '../trust-registry.js'
