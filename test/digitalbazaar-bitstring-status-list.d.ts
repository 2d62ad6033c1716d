// Digital Bazaar's Bitstring Status List library ships no types: what the interop tests use of it.
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
