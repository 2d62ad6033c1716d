// The verifier inside React Native's engine: @tessera/verifier/react-native, bundled as Metro resolves
// and lowers it for Hermes (test/hermes/bundle.ts), compiled and run by Hermes's command-line build
// (hermes-engine-cli, which has no TextEncoder, atob, crypto.subtle, URL or fetch) and by Node, over the
// same vectors made by jose, Digital Bazaar's vc and Tessera: every verdict and every check's code equal.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Verifier } from '@tessera/verifier'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { hermesBundle } from './hermes/bundle.js'
import { type HarnessVector, makeVectors, type VectorFile } from './hermes/vectors.js'

const HERMES = new URL('../node_modules/hermes-engine-cli/linux64-bin/hermes', import.meta.url).pathname
const here = (name: string) => new URL(`./hermes/${name}`, import.meta.url).pathname

interface RunResult {
  name: string
  verified?: boolean
  checks?: [string, boolean, string | null][]
  why?: string[]
  threw?: string
}

/** The one JSON line a run prints. */
function resultsOf(output: string): RunResult[] {
  const line = output.split('\n').find((l) => l.startsWith('[{'))
  assert.ok(line !== undefined, `no results in:\n${output.slice(-2000)}`)
  return JSON.parse(line as string) as RunResult[]
}

/** The vectors, and the bundle's results in Node (pure-JS provider), for the second test. */
let made: { vectors: VectorFile; inNode: RunResult[] } | undefined

test('every vector verifies in Hermes exactly as in Node: verdicts and codes', async () => {
  const vectors = await makeVectors()
  const dir = mkdtempSync(join(tmpdir(), 'tessera-hermes-'))
  try {
    const code = await hermesBundle(here('harness.ts'), `var VECTORS = ${JSON.stringify(vectors)};`)
    const file = join(dir, 'bundle.js')
    writeFileSync(file, `${readFileSync(here('react-native-environment.js'), 'utf8')}\n${code}`)
    const run = (command: string, args: string[]) =>
      resultsOf(execFileSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 26 }))
    const inHermes = run(HERMES, ['-w', '-Xes6-promise', '-Xmicrotask-queue', file])
    const inNode = run(process.execPath, [file])
    made = { vectors, inNode }
    assert.is(inHermes.length, vectors.vectors.length)
    vectors.vectors.forEach((vector, i) => {
      const [hermes, node] = [inHermes[i] as RunResult, inNode[i] as RunResult]
      assert.is(hermes.threw, undefined, `${vector.name} threw in Hermes`)
      assert.equal(hermes.checks, node.checks, `${vector.name}: Hermes ${hermes.why} / Node ${node.why}`)
      assert.is(hermes.verified, node.verified, vector.name)
      assert.is(hermes.verified, vector.verified, `${vector.name}: ${hermes.why}`)
    })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

/** The input of a vector as the verifier takes it. */
const inputOf = (vector: HarnessVector) =>
  vector.bytes === undefined ? (vector.input as string) : new Uint8Array(Buffer.from(vector.bytes, 'base64'))

test("the pure-JS provider (the bundle, in Node) gives node:crypto's verdicts and codes on every vector", async () => {
  assert.ok(made !== undefined, 'the first test made the vectors')
  const { vectors, inNode } = made as { vectors: VectorFile; inNode: RunResult[] }
  const served = new Map(vectors.served)
  const verifier = new Verifier({
    fetch: {
      fetch: (async (input: string) =>
        new Response(JSON.stringify(served.get(String(input))), {
          status: served.has(String(input)) ? 200 : 404,
        })) as typeof fetch,
    },
  })
  const now = new Date(vectors.now)
  for (const [i, vector] of vectors.vectors.entries()) {
    const result =
      vector.kind === 'presentation'
        ? await verifier.verifyPresentation(inputOf(vector), {
            now,
            ...(vector.challenge === undefined ? {} : { challenge: vector.challenge }),
          })
        : await verifier.verifyCredential(inputOf(vector), { now })
    const checks = result.checks.map((c) => [c.id, c.ok, c.code ?? null])
    assert.equal(checks, (inNode[i] as RunResult).checks, vector.name)
    assert.is(result.verified, vector.verified, vector.name)
  }
})

test.run()
