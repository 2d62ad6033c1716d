// Checks one signature on the worker-thread provider and returns: the process must then exit by itself,
// its idle worker not holding it (crypto-node-worker.test.ts).
import { generateKeyPairSync, sign } from 'node:crypto'
import { nodeWorkerCrypto } from '../src/crypto-node-worker.js'
import type { PublicJwk } from '../src/keys.js'

const { privateKey, publicKey } = generateKeyPairSync('ed25519')
const data = new TextEncoder().encode('one check')
const ok = await nodeWorkerCrypto.verify(
  'EdDSA',
  publicKey.export({ format: 'jwk' }) as PublicJwk,
  data,
  new Uint8Array(sign(null, data, privateKey)),
)
console.log(`checked: ${ok}`)
