// Digital Bazaar's signing side, as the tests use it (the libraries ship no types).
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
  export function signPresentation(options: {
    presentation: object
    suite: object
    challenge: string
    domain?: string
    documentLoader: Loader
  }): Promise<Record<string, unknown>>
}
