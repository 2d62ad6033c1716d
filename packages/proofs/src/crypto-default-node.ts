/**
 * The default crypto providers on Node (the package's `#crypto` import): node:crypto, checking on the
 * calling thread (`defaultCrypto`) or on libuv's thread pool (`backgroundCrypto`, for many checks in flight).
 */
export { nodeCrypto as defaultCrypto, nodeThreadPoolCrypto as backgroundCrypto } from './crypto-node.js'
