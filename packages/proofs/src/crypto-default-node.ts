/** The default crypto provider on Node (the package's `#crypto` import): node:crypto. */
export { nodeCrypto as defaultCrypto } from './crypto-node.js'
