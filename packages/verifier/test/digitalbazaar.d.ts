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
