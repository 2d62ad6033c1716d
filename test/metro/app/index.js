// A React Native app's entry, as small as one gets: no UI (the bare Hermes command line has none), it
// verifies the credentials of the global VECTORS (prepended to the bundle by test/metro.test.ts) with
// @tessera/verifier/react-native, imported as the verifier's README shows, and prints one JSON line.
import { Verifier } from '@tessera/verifier/react-native'

const out = (text) => (typeof print === 'function' ? print(text) : console.log(text))

/** The input of a vector as the verifier takes it: a string, a JSON object, or an image's bytes. */
function inputOf(vector) {
  if (vector.bytes === undefined) return vector.input
  const binary = atob(vector.bytes)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

/** The wallet's fetch, answering from memory as React Native's does (no body stream). */
function walletFetch(served) {
  return async (url) => {
    const body = served.get(String(url))
    const bytes = new TextEncoder().encode(JSON.stringify(body ?? null))
    return {
      type: 'default',
      status: body === undefined ? 404 : 200,
      ok: body !== undefined,
      headers: { get: () => null },
      arrayBuffer: async () => bytes.buffer,
    }
  }
}

async function main() {
  const verifier = new Verifier({
    documents: new Map(VECTORS.documents),
    fetch: { fetch: walletFetch(new Map(VECTORS.served)) },
  })
  const now = new Date(VECTORS.now)
  const results = []
  for (const vector of VECTORS.vectors) {
    try {
      const result =
        vector.kind === 'presentation'
          ? await verifier.verifyPresentation(inputOf(vector), {
              now,
              ...(vector.challenge === undefined ? {} : { challenge: vector.challenge }),
            })
          : await verifier.verifyCredential(inputOf(vector), { now })
      results.push({
        name: vector.name,
        verified: result.verified,
        checks: result.checks.map((c) => [c.id, c.ok, c.code ?? null]),
        why: result.checks.filter((c) => !c.ok).map((c) => c.message),
      })
    } catch (error) {
      results.push({ name: vector.name, threw: String(error) })
    }
  }
  out(JSON.stringify(results))
}

main().catch((error) => out(JSON.stringify({ crashed: String(error) })))
