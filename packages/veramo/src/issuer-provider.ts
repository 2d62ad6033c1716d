/**
 * Tessera's proofs as a Veramo 7 credential provider (the shape `@veramo/credential-w3c`'s
 * `CredentialPlugin` takes), so any Veramo agent issues Open Badges 3.0 with them:
 * `createVerifiableCredential({ credential, proofFormat: 'jwt' })` makes a VC-JWT for VCDM 2.0 (which
 * Veramo's own JWT provider cannot), `proofFormat: 'eddsa-rdfc-2022'` a Data Integrity proof. The key is
 * the issuer DID's newest (or `keyRef`), used through the agent's key manager; every credential is
 * validated before it is signed and verified with @tessera/verifier before it is returned.
 */
import { type CredentialSigner, signJwt } from '@tessera/proofs'
import {
  assertValidCredential,
  CREDENTIALS_V1_CONTEXT,
  CREDENTIALS_V2_CONTEXT,
  issuerIdOf,
  type JsonObject,
  validityOf,
} from '@tessera/schema'
import { type CoreVerifier, Verifier } from '@tessera/verifier'
import type {
  IAgentContext,
  ICreateVerifiableCredentialArgs,
  IDIDManager,
  IIdentifier,
  IKey,
  IKeyManager,
  ProofFormat,
  VerifiableCredential,
} from '@veramo/core-types'
import { didJwkOf, didKeyOf, didWebDocument, webKeyFragment, webKeysInOrder } from './dids.js'
import { fail } from './errors.js'
import { KEY_ALGORITHMS, type TesseraKeyType } from './kms.js'

export const TESSERA_PROOF_FORMATS = ['jwt', 'eddsa-rdfc-2022'] as const

type Context = IAgentContext<Pick<IKeyManager, 'keyManagerSign'> & Pick<IDIDManager, 'didManagerGet'>>

/** The verification method a proof by `key` of `identifier` names. */
function methodOf(identifier: IIdentifier, key: IKey): string {
  if (identifier.did.startsWith('did:web:')) return `${identifier.did}#${webKeyFragment(key)}`
  if (identifier.did.startsWith('did:key:')) return didKeyOf(key).verificationMethod
  if (identifier.did.startsWith('did:jwk:')) return didJwkOf(key).verificationMethod
  return fail('NO_ISSUER_DID', `${identifier.did}: Tessera signs for did:key, did:jwk and did:web issuers`)
}

/** `new CredentialPlugin([new TesseraIssuerProvider(), new TesseraCredentialProvider(new Verifier())])` */
export class TesseraIssuerProvider {
  constructor(
    private readonly options: {
      verifier?: CoreVerifier
      /** The provider's clock: a credential's default validFrom, and the time it is checked at. Default the system clock. */
      clock?: () => Date
    } = {},
  ) {}

  getProofFormatsSupportedForKey(key: IKey): ProofFormat[] {
    const algorithms = KEY_ALGORITHMS[key.type as TesseraKeyType]
    if (algorithms === undefined) return []
    return key.type === 'Ed25519' ? [...TESSERA_PROOF_FORMATS] : ['jwt']
  }

  canIssueProofFormat(query: { proofFormat: ProofFormat }): boolean {
    return (TESSERA_PROOF_FORMATS as readonly string[]).includes(query.proofFormat)
  }

  canVerifyDocumentType(): boolean {
    return false
  }

  async createVerifiableCredential(
    args: ICreateVerifiableCredentialArgs,
    context: Context,
  ): Promise<VerifiableCredential> {
    if (!this.canIssueProofFormat({ proofFormat: args.proofFormat }))
      fail(
        'UNSUPPORTED_PROOF_FORMAT',
        `proof format ${args.proofFormat}: Tessera makes jwt and eddsa-rdfc-2022`,
      )
    const now = this.options.clock?.() ?? new Date()
    const credential = structuredClone(args.credential) as JsonObject
    // Veramo puts the VCDM 1.1 context and an issuanceDate on every credential; VCDM 2.0 has neither.
    const contexts = Array.isArray(credential['@context']) ? credential['@context'] : [credential['@context']]
    if (contexts.includes(CREDENTIALS_V2_CONTEXT)) {
      credential['@context'] = contexts.filter((c) => c !== CREDENTIALS_V1_CONTEXT)
      credential.validFrom ??= validityOf(credential).validFrom ?? now.toISOString().replace(/\.\d{3}Z$/, 'Z')
      delete credential.issuanceDate
    }
    const issuer = issuerIdOf(credential)
    const identifier = await context.agent.didManagerGet({ did: String(issuer) })
    const keys = webKeysInOrder(identifier.keys)
    const key = args.keyRef === undefined ? keys.at(-1) : keys.find((k) => k.kid === args.keyRef)
    if (key === undefined) fail('NO_ISSUER_DID', `${identifier.did} has no key ${args.keyRef ?? ''}`)
    const alg = KEY_ALGORITHMS[key.type as TesseraKeyType]?.[0] as CredentialSigner['alg'] | undefined
    if (alg === undefined) fail('NO_ISSUER_DID', `Tessera does not sign with ${key.type} keys`)
    const signer: CredentialSigner = {
      issuer: identifier.did,
      verificationMethod: methodOf(identifier, key),
      alg,
      sign: async (data) =>
        // Veramo's key manager answers in base64url
        Buffer.from(
          await context.agent.keyManagerSign({
            keyRef: key.kid,
            algorithm: alg,
            data: Buffer.from(data).toString('hex'),
            encoding: 'hex',
          }),
          'base64url',
        ),
    }
    const verifier =
      this.options.verifier ??
      new Verifier({
        offline: true,
        documents: new Map(
          identifier.did.startsWith('did:web:')
            ? [[identifier.did, didWebDocument(identifier.did, identifier.keys)]]
            : [],
        ),
      })
    // Validated once, before anything is signed; the check after signing is the proof's, binding's and dates'.
    assertValidCredential(credential as unknown)
    const signed =
      args.proofFormat === 'jwt'
        ? await signJwt(credential, signer)
        : // loaded with the first Data Integrity proof: an agent that signs JWTs never loads JSON-LD
          await (await import('@tessera/proofs/sign-data-integrity')).signDataIntegrity(credential, signer, {
            now,
          })
    // A credential whose term has not begun yet is checked as of its start.
    const from = validityOf(credential).from
    const check = await verifier.verifyCredential(signed, {
      status: false,
      skip: ['schema'],
      now: from === undefined || from < now ? now : from,
    })
    if (!check.verified) {
      const failure = check.checks.find((c) => !c.ok)
      fail(
        'SIGNED_CREDENTIAL_REJECTED',
        `the signed credential does not verify (${failure?.id} ${failure?.code}: ${failure?.message})`,
      )
    }
    // Veramo keeps a JWT credential as its JSON with the token in a JwtProof2020 proof.
    return typeof signed === 'string'
      ? ({ ...credential, proof: { type: 'JwtProof2020', jwt: signed } } as unknown as VerifiableCredential)
      : (signed as VerifiableCredential)
  }

  async createVerifiablePresentation(): Promise<never> {
    return fail(
      'UNSUPPORTED_PROOF_FORMAT',
      'the Tessera issuer provider issues credentials, not presentations',
    )
  }

  async verifyCredential(): Promise<never> {
    return fail('NOT_A_VERIFIER', 'verify with TesseraCredentialProvider of @tessera/verifier')
  }

  async verifyPresentation(): Promise<never> {
    return fail('NOT_A_VERIFIER', 'verify with TesseraCredentialProvider of @tessera/verifier')
  }
}
