// The verifier inside React Native's engine: @tessera/verifier/react-native, bundled as Metro resolves
// and lowers it for Hermes (test/hermes/bundle.ts), compiled and run by Hermes's command-line build
// (hermes-engine-cli, which has no TextEncoder, atob, crypto.subtle, URL or fetch) and by Node, over the
// same vectors made by jose, Digital Bazaar's vc and Tessera: every verdict and every check's code equal.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { hermesBundle } from './hermes/bundle.js'
import { makeVectors } from './hermes/vectors.js'

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

test.run()
