// What both builds of the verifier export.
export * from './baked.js'
export * from './fetch.js'
export type { KeyErrorCode, PublicJwk, VerificationMethod } from './keys.js'
export { type ParsedPresentation, type PresentationOptions, parsePresentation } from './presentation.js'
export { didWebUrl, KeyResolver, type ResolveErrorCode } from './resolve.js'
export { TesseraCredentialProvider } from './veramo.js'
export * from './verify.js'
