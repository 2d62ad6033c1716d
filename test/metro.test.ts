// The verifier README's React Native section, proved with the bundler React Native uses: a tiny app
// (test/metro/app) importing @tessera/verifier/react-native as the README shows, installed as an app gets
// the packages (packed as published: test/metro/react-native-app.ts), bundled by Metro with React
// Native's default configuration merged with the README's `metro.config.js` (read from the README, so a
// stale one fails), then run by Hermes's command-line build: every verdict and check's code the same as
// @tessera/verifier's in Node, over test/hermes.test.ts's vectors (jose, Digital Bazaar's vc, Tessera).
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Verifier } from '@tessera/verifier'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { type HarnessVector, makeVectors } from './hermes/vectors.js'
import { codeBlocks } from './markdown-blocks.js'
import { metroBundle } from './metro/metro-bundle.js'
import { installReactNativeApp } from './metro/react-native-app.js'

const ROOT = new URL('..', import.meta.url).pathname
const HERMES = join(ROOT, 'node_modules/hermes-engine-cli/linux64-bin/hermes')

interface RunResult {
  name: string
  verified?: boolean
  checks?: [string, boolean, string | null][]
  why?: string[]
  threw?: string
}

/** The README's `metro.config.js`: its ```js block that starts with that name. */
function readmeMetroConfig(): string {
  const readme = readFileSync(join(ROOT, 'packages/verifier/README.md'), 'utf8')
  const block = codeBlocks(readme).find((b) => b.lang === 'js' && b.code.startsWith('// metro.config.js\n'))
  assert.ok(block !== undefined, 'the verifier README has no metro.config.js block')
  return (block as { code: string }).code
}

/** The input of a vector as the verifier takes it. */
const inputOf = (vector: HarnessVector) =>
  vector.bytes === undefined ? (vector.input as string) : new Uint8Array(Buffer.from(vector.bytes, 'base64'))

test("an app bundled by Metro with the README's configuration verifies in Hermes as the verifier does in Node", async () => {
  const vectors = await makeVectors()
  const dir = mkdtempSync(join(tmpdir(), 'tessera-metro-'))
  try {
    const app = installReactNativeApp(dir, join(ROOT, 'test/metro/app'))
    writeFileSync(join(dir, 'metro.config.js'), readmeMetroConfig())
    const code = await metroBundle(app)
    const file = join(dir, 'bundle.js')
    writeFileSync(
      file,
      [
        readFileSync(join(ROOT, 'test/hermes/react-native-environment.js'), 'utf8'),
        `var VECTORS = ${JSON.stringify(vectors)};`,
        code,
      ].join('\n'),
    )
    const output = execFileSync(HERMES, ['-w', '-Xes6-promise', '-Xmicrotask-queue', file], {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    })
    const line = output.split('\n').find((l) => l.startsWith('[{'))
    assert.ok(line !== undefined, `no results from Hermes:\n${output.slice(-2000)}`)
    const inHermes = JSON.parse(line as string) as RunResult[]

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
    assert.is(inHermes.length, vectors.vectors.length)
    for (const [i, vector] of vectors.vectors.entries()) {
      const result =
        vector.kind === 'presentation'
          ? await verifier.verifyPresentation(inputOf(vector), {
              now,
              ...(vector.challenge === undefined ? {} : { challenge: vector.challenge }),
            })
          : await verifier.verifyCredential(inputOf(vector), { now })
      const hermes = inHermes[i] as RunResult
      assert.is(hermes.threw, undefined, `${vector.name} threw in Hermes`)
      const checks = result.checks.map((c) => [c.id, c.ok, c.code ?? null])
      assert.equal(hermes.checks, checks, `${vector.name}: Hermes ${hermes.why}`)
      assert.is(hermes.verified, result.verified, vector.name)
      assert.is(hermes.verified, vector.verified, `${vector.name}: ${hermes.why}`)
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test.run()
