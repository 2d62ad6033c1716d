/**
 * @tessera/schema: the public API. Every module re-exported here is public whole (each export of each
 * is part of the API; what is internal lives in modules that are not re-exported, such as fail.ts and
 * schema-variants.ts). They are re-exported with `export *` rather than name by name for the bundlers:
 * esbuild's code splitting counts every module a barrel names one by one as reachable from every chunk
 * that imports the barrel, which put @noble/hashes (the recipient check's) in the verifier's first chunk.
 * The CLR 2.0 builder and validator are the `./clr` entry (clr.ts): the CLR schema's code is loaded only there.
 * Isomorphic: nothing here imports a Node built-in (but behind the `#hash` import's `node` condition).
 */
export * from './builders.js'
export * from './context-urls.js'
// Text from credentials and input, safe to show
export * from './display-text.js'
// Errors: one class, stable codes, and the helpers that narrow a caught error
export * from './errors.js'
export * from './identity.js'
// Untrusted input: JSON and compact JWTs, bounded
export * from './input.js'
export * from './json.js'
// JSON text's repeated member names, which JSON.parse resolves silently (a protocol may have to refuse them)
export { repeatedMember } from './json-text.js'
export * from './random.js'
// Reading what a credential says, VCDM 2.0 and 1.1 alike
export * from './reader.js'
// The words of the sentence about who issued a credential, in a language (the verifier builds it)
export type { StatementWords } from './statement-words.js'
export type * from './types.js'
export * from './validate.js'
export * from './vocabulary.js'
