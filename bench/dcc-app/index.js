// Bundled by Metro for Hermes by bench/hermes.ts: verifies the Data Integrity credential of the global
// BENCH with DCC's verifier-core, over and over, set up as a wallet of the Learner Credential Wallet's
// kind sets it up (./shim.js first), and prints the time of one verification in ms.
import './shim.js'
import { verifyCredential } from '@digitalcredentials/verifier-core'

const out = (text) => (typeof print === 'function' ? print(text) : console.log(text))

async function verifiedOnce() {
  const result = await verifyCredential({ credential: BENCH.di, knownDIDRegistries: [] })
  const signature = (result.log ?? []).find((entry) => entry.id === 'valid_signature')
  if (result.errors !== undefined || signature?.valid !== true)
    throw new Error(JSON.stringify(result.errors ?? result.log).slice(0, 600))
}

async function main() {
  for (let i = 0; i < 3; i++) await verifiedOnce()
  const start = Date.now()
  for (let i = 0; i < BENCH.runs; i++) await verifiedOnce()
  out(JSON.stringify({ diMs: (Date.now() - start) / BENCH.runs }))
}

main().catch((error) => out(JSON.stringify({ error: String(error?.stack ?? error) })))
