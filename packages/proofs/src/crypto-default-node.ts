/**
 * The default crypto providers on Node (the package's `#crypto` import): node:crypto, checking on the
 * calling thread (`defaultCrypto`) or on a worker thread, many checks to a message (`backgroundCrypto`, for
 * many checks in flight: crypto-node-worker.ts).
 */
export { nodeCrypto as defaultCrypto } from './crypto-node.js'
export { nodeWorkerCrypto as backgroundCrypto } from './crypto-node-worker.js'
