/**
 * The answers to "who issued it" that need no list: the issuer not proven, no policy given, or a policy
 * given to a verifier without the trust capability. Apart from trust.ts so that the JWT-only core gives
 * the full build's `trust` part without the registry and federation code (capabilities.ts).
 */
import { isJsonObject, type JsonObject } from '@tessera/schema'
import type { IssuerTrust } from './trust.js'
import { issuerDomain } from './trust-registry.js'

/** The name a credential gives its issuer (a string, or a VCDM 2.0 language value), if any. */
export function claimedIssuerName(credential: JsonObject): string | undefined {
  const issuer = credential.issuer
  if (!isJsonObject(issuer)) return undefined
  for (const value of Array.isArray(issuer.name) ? issuer.name : [issuer.name]) {
    if (typeof value === 'string') return value
    if (isJsonObject(value) && typeof value['@value'] === 'string') return value['@value']
  }
  return undefined
}

/** What every answer shows: the issuer, its domain, the name it gives itself. */
export type TrustBase = Pick<IssuerTrust, 'issuer' | 'domain' | 'claimedName'>

export function trustBase(issuer: string, credential: JsonObject): TrustBase {
  const domain = issuerDomain(issuer)
  const claimedName = claimedIssuerName(credential)
  return {
    issuer,
    ...(domain === undefined ? {} : { domain }),
    ...(claimedName === undefined ? {} : { claimedName }),
  }
}

/**
 * The answer without a list to ask: `proven` false (ISSUER_NOT_PROVEN), else no policy (NO_TRUST_POLICY)
 * or, with `policyGiven` and no trust capability, TRUST_NOT_INSTALLED. Undefined: the lists must be asked.
 */
export function unlistedTrust(
  base: TrustBase,
  proven: boolean,
  policy: 'none' | 'given' | 'not-installed',
): IssuerTrust | undefined {
  if (!proven) {
    return {
      ...base,
      known: false,
      code: 'ISSUER_NOT_PROVEN',
      message: 'the credential is not shown to be signed with its issuer’s key: who issued it is not known',
    }
  }
  if (policy === 'none') {
    return {
      ...base,
      known: false,
      code: 'NO_TRUST_POLICY',
      message: `${base.issuer} signed it; no trusted issuers or registries were given to check it against`,
    }
  }
  if (policy === 'not-installed') {
    return {
      ...base,
      known: false,
      code: 'TRUST_NOT_INSTALLED',
      message: `${base.issuer} signed it; a trust policy was given, but this verifier has no trust capability to read it (pass trustRegistries from @tessera/verifier/trust in capabilities)`,
    }
  }
  return undefined
}
