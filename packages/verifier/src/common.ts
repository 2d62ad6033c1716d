// What the full entries (index.ts, react-native.ts) export: every entry's API (lean-exports.ts) and every
// capability's, the capabilities themselves included, listed name by name in their modules.
export * from './capabilities/baked.js'
export * from './capabilities/evidence.js'
export * from './capabilities/trust.js'
export * from './lean-exports.js'
