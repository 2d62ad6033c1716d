// What the Learner Credential Wallet's shim.js installs before DCC's libraries load (global.crypto with
// a subtle.digest over expo-crypto), with expo-crypto's stand-in (./expo-crypto: pure-JS SHA-2, the
// native module has no place in the bare Hermes command line); TextEncoder, which rdf-canonize needs
// and Hermes 0.12 lacks (React Native 0.74's Hermes has it; the wallet, on 0.73, lists text-encoding;
// DCC's React Native builds load fast-text-encoding, the one here); and the wallet's fetch for the one
// document verifier-core fetches on each verification, 1EdTech's schema, answered from memory.
import 'fast-text-encoding'
import * as ExpoCrypto from 'expo-crypto'

global.crypto = {}
global.crypto.subtle = {
  digest: (algorithm, data) => {
    const name = typeof algorithm === 'string' ? algorithm : algorithm.name
    return ExpoCrypto.digest(name.toUpperCase(), data)
  },
}

global.fetch = async (url) => {
  const text = String(url)
  if (!text.endsWith('_achievementcredential_schema.json')) throw new TypeError(`offline: ${text}`)
  return { ok: true, status: 200, json: async () => JSON.parse(BENCH.schema) }
}
