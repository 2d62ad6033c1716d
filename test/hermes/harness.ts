// The program both engines run (bundled for Hermes by bundle.ts): verifies every vector of the global
// VECTORS with the React Native entry and prints one JSON line of verdicts and codes.
import { Verifier } from '@tessera/verifier/react-native'
import type { HarnessVector, VectorFile } from './vectors.js'

declare const VECTORS: VectorFile
declare const print: ((text: string) => void) | undefined

const out = (text: string) => (typeof print === 'function' ? print(text) : console.log(text))

function inputOf(vector: HarnessVector): string | Uint8Array | Record<string, unknown> {
  if (vector.bytes === undefined) return vector.input as string
  // atob: the platform's, or the entry's own where Hermes has none (hermes-globals.ts)
  const binary = atob(vector.bytes)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

async function main(): Promise<void> {
  // the wallet's fetcher, injected: React Native's fetch answers so (no body stream), here from memory
  const served = new Map(VECTORS.served)
  const fetcher = async (input: unknown): Promise<Response> => {
    const body = served.get(String(input))
    const bytes = new TextEncoder().encode(JSON.stringify(body ?? null))
    return {
      type: 'default',
      status: body === undefined ? 404 : 200,
      ok: body !== undefined,
      headers: { get: () => null },
      arrayBuffer: async () => bytes.buffer,
    } as unknown as Response
  }
  const verifier = new Verifier({
    documents: new Map(VECTORS.documents),
    fetch: { fetch: fetcher as typeof fetch },
  })
  const now = new Date(VECTORS.now)
  const results: unknown[] = []
  for (const vector of VECTORS.vectors) {
    try {
      const result =
        vector.kind === 'presentation'
          ? await verifier.verifyPresentation(inputOf(vector) as string, {
              now,
              ...(vector.challenge === undefined ? {} : { challenge: vector.challenge }),
            })
          : await verifier.verifyCredential(inputOf(vector) as string, { now })
      results.push({
        name: vector.name,
        verified: result.verified,
        checks: result.checks.map((c) => [c.id, c.ok, c.code ?? null]),
        // for a failure's report only: messages may word an engine's own error differently
        why: result.checks.filter((c) => !c.ok).map((c) => c.message),
      })
    } catch (error) {
      results.push({ name: vector.name, threw: String(error) })
    }
  }
  out(JSON.stringify(results))
}

main().catch((error: unknown) => out(JSON.stringify({ crashed: String(error) })))
