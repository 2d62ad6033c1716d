/**
 * @tessera/veramo: every piece of Tessera that plugs into Veramo 7, in one place, listed name by name.
 * Keys (a node:crypto KMS), DIDs (did:key with P-256, did:jwk, did:web documents), the credential providers
 * (issuing OB 3.0 as VC-JWT for VCDM 2.0 and eddsa-rdfc-2022; verifying with @tessera/verifier), the status
 * plugin, and an issuer's agent on its database. Nothing else in Tessera loads Veramo.
 */
export {
  type AgentDatabase,
  type DidChoice,
  type IssuerAgent,
  type IssuerAgentOptions,
  type IssuerIdentifier,
  openIssuerAgent,
} from './agent.js'
export { TesseraKeyDIDProvider } from './did-key-provider.js'
export {
  didJwkOf,
  didKeyOf,
  didWebDocument,
  type KeyDid,
  multikeyOf,
  webKeyFragment,
  webKeysInOrder,
} from './dids.js'
export {
  type AgentErrorCode,
  isVeramoError,
  type KmsErrorCode,
  type ProviderErrorCode,
  type VeramoErrorCode,
} from './errors.js'
export { TESSERA_PROOF_FORMATS, TesseraIssuerProvider } from './issuer-provider.js'
export {
  KEY_ALGORITHMS,
  publicJwk,
  TesseraKeyManagementSystem,
  type TesseraKeyType,
} from './kms.js'
export { kmsSigner } from './kms-signer.js'
export { TesseraStatusPlugin, type VeramoStatusResult } from './status-plugin.js'
export { TesseraCredentialProvider } from './verifier-provider.js'
