// A stand-in for Expo's expo-crypto (a native module) in the bare Hermes command line: its `digest`
// and `CryptoDigestAlgorithm`, over @noble/hashes' SHA-2 in pure JavaScript.
import { sha256, sha384, sha512 } from '@noble/hashes/sha2'

export const CryptoDigestAlgorithm = { SHA256: 'SHA-256', SHA384: 'SHA-384', SHA512: 'SHA-512' }

const hashes = { 'SHA-256': sha256, 'SHA-384': sha384, 'SHA-512': sha512 }

export async function digest(algorithm, data) {
  const hash = hashes[String(algorithm).toUpperCase()]
  if (hash === undefined) throw new Error(`expo-crypto stand-in: no ${algorithm}`)
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data.buffer ?? data)
  return hash(bytes).buffer
}
