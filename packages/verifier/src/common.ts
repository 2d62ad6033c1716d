// What both builds of the verifier export.
export * from './baked.js'
export {
  type BudgetErrorCode,
  type BudgetLimits,
  budgetLimits,
  DEFAULT_BUDGET,
  type VerificationBudget,
} from './budget.js'
export * from './display-text.js'
export * from './fetch.js'
export type { KeyErrorCode, PublicJwk, VerificationMethod } from './keys.js'
export { type ParsedPresentation, type PresentationOptions, parsePresentation } from './presentation.js'
export { didWebUrl, KeyResolver, type ResolveErrorCode } from './resolve.js'
export { isIpAddress, type SpecialBlock, specialPurposeBlock } from './special-addresses.js'
export * from './trust.js'
export * from './trust-display.js'
export * from './trust-registry.js'
export { TesseraCredentialProvider } from './veramo.js'
export * from './verify.js'
