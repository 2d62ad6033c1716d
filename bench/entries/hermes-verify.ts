// Bundled for Hermes by bench/hermes.ts: verifies one VC-JWT and one Data Integrity credential (the
// global BENCH) over and over with the React Native entry (pure JavaScript crypto), and prints the time
// of one verification of each, in ms.
import { Verifier } from '@tessera/verifier/react-native'

declare const BENCH: { jwt: string; di: Record<string, unknown>; now: string; runs: number }
declare const print: ((text: string) => void) | undefined

const out = (text: string) => (typeof print === 'function' ? print(text) : console.log(text))

async function timeOf(run: () => Promise<{ verified: boolean }>): Promise<number> {
  for (let i = 0; i < 3; i++) if (!(await run()).verified) throw new Error('did not verify')
  const start = Date.now()
  for (let i = 0; i < BENCH.runs; i++) await run()
  return (Date.now() - start) / BENCH.runs
}

async function main(): Promise<void> {
  const verifier = new Verifier({ offline: true })
  const now = new Date(BENCH.now)
  const jwtMs = await timeOf(() => verifier.verifyCredential(BENCH.jwt, { now }))
  const diMs = await timeOf(() => verifier.verifyCredential(BENCH.di as never, { now }))
  out(JSON.stringify({ jwtMs, diMs }))
}

main().catch((error: unknown) => out(JSON.stringify({ error: String(error) })))
