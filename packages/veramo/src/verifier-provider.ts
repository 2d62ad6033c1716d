/**
 * A Veramo 7 credential provider (the shape `@veramo/credential-w3c`'s `CredentialPlugin` takes) that
 * verifies Open Badges 3.0 credentials and presentations with Tessera. Unlike Veramo's own JWT path, the
 * status of a credential given as a JWT string is checked too.
 */
import { decodeJwt, isJsonObject, type JsonObject, OB_CONTEXTS } from '@tessera/schema'
import type { Check, CoreVerifier, VerifyOptions } from '@tessera/verifier'
import type {
  IKey,
  IVerifyCredentialArgs,
  IVerifyPresentationArgs,
  IVerifyResult,
  ProofFormat,
} from '@veramo/core-types'
import { fail } from './errors.js'

function isOpenBadge(document: unknown): boolean {
  let value = document
  if (typeof value === 'string') {
    try {
      const { payload } = decodeJwt(value)
      value = isJsonObject(payload.vc) ? payload.vc : isJsonObject(payload.vp) ? payload.vp : payload
    } catch {
      return false
    }
  }
  if (!isJsonObject(value)) return false
  const context = Array.isArray(value['@context']) ? value['@context'] : [value['@context']]
  if (context.some((c) => (OB_CONTEXTS as readonly unknown[]).includes(c))) return true
  const credentials = value.verifiableCredential
  return Array.isArray(credentials) && credentials.length > 0 && credentials.every(isOpenBadge)
}

function veramoResult(verified: boolean, checks: Check[], detail: object): IVerifyResult {
  const failure = checks.find((c) => !c.ok)
  return {
    verified,
    ...(failure === undefined
      ? {}
      : { error: { message: `${failure.id}: ${failure.message}`, errorCode: failure.code } }),
    tessera: detail,
  }
}

/** Tessera as a verify-only credential provider: `new CredentialPlugin([new TesseraCredentialProvider(new Verifier())])`. */
export class TesseraCredentialProvider {
  /** `verifier`: a `Verifier` of `@tessera/verifier` (or of its JWT-only build), kept for its caches. */
  constructor(
    private readonly verifier: CoreVerifier,
    private readonly options: VerifyOptions = {},
  ) {}

  getProofFormatsSupportedForKey(_key: IKey): ProofFormat[] {
    return []
  }

  canIssueProofFormat(): boolean {
    return false
  }

  /** Takes Open Badges 3.0 credentials and presentations of them, as JSON or JWT. */
  canVerifyDocumentType(query: { document: unknown }): boolean {
    return isOpenBadge(query.document)
  }

  async createVerifiableCredential(): Promise<never> {
    return fail(
      'NOT_AN_ISSUER',
      'the Tessera verifier provider verifies; issue with TesseraIssuerProvider or @tessera/issuer',
    )
  }

  async createVerifiablePresentation(): Promise<never> {
    return fail('NOT_AN_ISSUER', 'the Tessera verifier provider verifies; it does not sign presentations')
  }

  private optionsFrom(policies: IVerifyCredentialArgs['policies']): VerifyOptions {
    return {
      ...this.options,
      ...(policies?.now === undefined ? {} : { now: new Date(policies.now * 1000) }),
      ...(policies?.credentialStatus === false ? { status: false } : {}),
    }
  }

  async verifyCredential(args: IVerifyCredentialArgs): Promise<IVerifyResult> {
    const result = await this.verifier.verifyCredential(
      args.credential as string | JsonObject,
      this.optionsFrom(args.policies),
    )
    return veramoResult(result.verified, result.checks, result)
  }

  async verifyPresentation(args: IVerifyPresentationArgs): Promise<IVerifyResult> {
    const result = await this.verifier.verifyPresentation(args.presentation as string | JsonObject, {
      ...this.optionsFrom(args.policies),
      ...(args.challenge === undefined ? {} : { challenge: args.challenge }),
      ...(args.domain === undefined ? {} : { domain: args.domain }),
    })
    return veramoResult(result.verified, result.checks, result)
  }
}
