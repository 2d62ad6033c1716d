// Digital Bazaar's Data Integrity and status list packages ship no types: the parts Tessera uses, in its
// code (@tessera/proofs), its tests and its benchmarks. The one declaration of these modules in the
// workspace (the root type check includes every package's src/).
declare module 'jsonld-signatures' {
  export interface ProofResult {
    verified: boolean
    proof: Record<string, unknown>
    error?: Error
  }
  export interface VerifyResult {
    verified: boolean
    results?: ProofResult[]
    error?: Error & { errors?: Error[] }
  }
  export class ProofPurpose {}
  export const purposes: {
    AssertionProofPurpose: new () => ProofPurpose
    AuthenticationProofPurpose: new (options: { challenge?: string; domain?: string }) => ProofPurpose
  }
  export function verify(
    document: object,
    options: {
      suite: object | object[]
      purpose: ProofPurpose
      documentLoader: (url: string) => Promise<object>
    },
  ): Promise<VerifyResult>
  const api: { verify: typeof verify; purposes: typeof purposes }
  export default api
}
declare module '@digitalbazaar/data-integrity' {
  export class DataIntegrityProof {
    constructor(options: { cryptosuite: object; signer?: object; legacyContext?: boolean })
  }
}
declare module '@digitalbazaar/eddsa-rdfc-2022-cryptosuite' {
  export const cryptosuite: object
}
declare module '@digitalbazaar/eddsa-2022-cryptosuite' {
  export const cryptosuite: object
}
declare module '@digitalbazaar/ed25519-signature-2020' {
  export class Ed25519Signature2020 {}
}
declare module '@digitalbazaar/ed25519-multikey' {
  export interface KeyPair {
    id: string
    controller: string
    publicKeyMultibase: string
    signer(): object
  }
  export function generate(options?: { id?: string; controller?: string }): Promise<KeyPair>
}
declare module '@digitalbazaar/vc' {
  type Loader = (url: string) => Promise<object>
  export function issue(options: {
    credential: object
    suite: object
    documentLoader: Loader
  }): Promise<Record<string, unknown>>
  export function createPresentation(options: {
    verifiableCredential?: object[]
    holder?: string
    version?: number
  }): Record<string, unknown>
  export function verifyCredential(options: {
    credential: object
    suite: object
    documentLoader: Loader
  }): Promise<{ verified: boolean; error?: unknown }>
  export function signPresentation(options: {
    presentation: object
    suite: object
    challenge: string
    domain?: string
    documentLoader: Loader
  }): Promise<Record<string, unknown>>
}
declare module '@digitalbazaar/vc-bitstring-status-list' {
  interface BitstringStatusList {
    length: number
    setStatus(index: number, status: boolean): void
    getStatus(index: number): boolean
    encode(): Promise<string>
  }
  export function createList(options: { length: number }): Promise<BitstringStatusList>
  export function decodeList(options: { encodedList: string }): Promise<BitstringStatusList>
  export function createCredential(options: {
    id: string
    list: BitstringStatusList
    statusPurpose: string
  }): Promise<Record<string, unknown>>
}
