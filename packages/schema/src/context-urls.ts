/** The URLs of the JSON-LD contexts Tessera reads and writes (the contexts themselves are in contexts.ts). */

export const CREDENTIALS_V1_CONTEXT = 'https://www.w3.org/2018/credentials/v1'
export const CREDENTIALS_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2'
/** The Open Badges 3.0 context Tessera writes (3.0.3, the current one). */
export const OB_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'
/** Needed when a credential uses 1EdTech's extension types. */
export const OB_EXTENSIONS_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json'
export const STATUS_LIST_2021_CONTEXT = 'https://w3id.org/vc/status-list/2021/v1'
export const BITSTRING_STATUS_LIST_CONTEXT = 'https://www.w3.org/ns/credentials/status/v1'
export const DATA_INTEGRITY_V1_CONTEXT = 'https://w3id.org/security/data-integrity/v1'
export const DATA_INTEGRITY_V2_CONTEXT = 'https://w3id.org/security/data-integrity/v2'
export const MULTIKEY_CONTEXT = 'https://w3id.org/security/multikey/v1'
export const ED25519_2020_CONTEXT = 'https://w3id.org/security/suites/ed25519-2020/v1'
export const DID_V1_CONTEXT = 'https://www.w3.org/ns/did/v1'
/** The Comprehensive Learner Record 2.0 context Tessera writes (2.0.1, the current one). */
export const CLR_CONTEXT = 'https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json'

/** Every OB 3.0 context URL that has been published: 3.0.0 (`context.json`) to 3.0.3. */
export const OB_CONTEXTS = [
  'https://purl.imsglobal.org/spec/ob/v3p0/context.json',
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json',
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json',
  OB_CONTEXT,
] as const

/** Every CLR 2.0 context URL that has been published: 2.0.0 (`context.json`) and 2.0.1. */
export const CLR_CONTEXTS = ['https://purl.imsglobal.org/spec/clr/v2p0/context.json', CLR_CONTEXT] as const
