/**
 * Verifications in React Native's engine: the React Native entry (pure-JavaScript crypto) bundled for
 * Hermes as the Hermes test bundles it, timed in hermes-engine-cli (an interpreter: no JIT) and in Node,
 * beside @tessera/verifier with node:crypto, and DCC's verifier-core (Data Integrity only) in Node and in
 * Hermes: bundled by Metro as a React Native app of the Learner Credential Wallet's kind (bench/dcc-app:
 * the wallet's shim, its Metro settings) and run by the same hermes-engine-cli.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { badge, didJwkIssuer, didKeyIssuer } from '@tessera/testkit/signing'
import { Verifier } from '@tessera/verifier'
import { hermesBundle } from '../test/hermes/bundle.js'
import { metroBundle } from '../test/metro/metro-bundle.js'
import { installReactNativeApp } from '../test/metro/react-native-app.js'
import { quietAjvStrictMode, serveSchema } from './data-integrity.js'
import { flags, isMain, judge, type Measurement, measure, peer, report } from './harness.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const HERMES = join(ROOT, 'node_modules/hermes-engine-cli/linux64-bin/hermes')
const NOW = '2026-06-01T00:00:00Z'

interface Timings {
  jwtMs: number
  diMs: number
}

function run<T = Timings>(command: string, file: string): T {
  const args = command === HERMES ? ['-w', '-Xes6-promise', '-Xmicrotask-queue', file] : [file]
  const output = execFileSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 26 })
  const line = output.split('\n').find((l) => l.startsWith('{')) ?? output
  const parsed = JSON.parse(line) as T & { error?: string }
  if (parsed.error !== undefined) throw new Error(parsed.error)
  return parsed
}

/**
 * DCC's verifier-core in Hermes and, the same bundle, in Node: one Data Integrity verification, in ms.
 * The app (bench/dcc-app) links verifier-core as the workspace installed it, @noble/hashes for the
 * expo-crypto stand-in and fast-text-encoding for TextEncoder; Metro bundles it with React Native 0.86's
 * configuration and the wallet's settings (bench/dcc-app/metro.config.js says what DCC's packages need).
 */
async function dccInHermes(di: unknown, runs: number): Promise<{ hermes: number; node: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-hermes-dcc-'))
  try {
    const app = installReactNativeApp(dir, join(ROOT, 'bench/dcc-app'), {
      tessera: [],
      linked: [
        { name: '@digitalcredentials/verifier-core', from: ROOT },
        { name: 'fast-text-encoding', from: ROOT },
        { name: '@noble/hashes', from: join(ROOT, 'packages/proofs') },
      ],
    })
    // the stand-in for Expo's native expo-crypto, where the app's package manager would put expo-crypto
    renameSync(join(dir, 'expo-crypto'), join(dir, 'node_modules/expo-crypto'))
    const code = await metroBundle(app)
    const schema = readFileSync(
      join(ROOT, 'packages/schema/schemas/ob_v3p0_achievementcredential_schema.json'),
      'utf8',
    )
    const file = join(dir, 'bundle.js')
    writeFileSync(
      file,
      [
        readFileSync(join(ROOT, 'test/hermes/react-native-environment.js'), 'utf8'),
        `var BENCH = ${JSON.stringify({ di, runs, schema })};`,
        code,
      ].join('\n'),
    )
    const hermes = run<{ diMs: number }>(HERMES, file).diMs
    const node = run<{ diMs: number }>(process.execPath, file).diMs
    return { hermes, node }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

export async function hermesBenchmarks(smoke: boolean): Promise<Measurement[]> {
  const jwtIssuer = await didJwkIssuer('EdDSA')
  const jwt = await jwtIssuer.signCredential(badge(jwtIssuer.did))
  const diIssuer = await didKeyIssuer()
  const di = await diIssuer.sign(badge(diIssuer.did))
  const runs = smoke ? 1 : 20
  const dir = mkdtempSync(join(tmpdir(), 'tessera-hermes-bench-'))
  let hermes: Timings
  let nodePure: Timings
  try {
    const code = await hermesBundle(
      join(ROOT, 'bench/entries/hermes-verify.ts'),
      `var BENCH = ${JSON.stringify({ jwt, di, now: NOW, runs })};`,
    )
    const file = join(dir, 'bench.js')
    writeFileSync(
      file,
      `${readFileSync(join(ROOT, 'test/hermes/react-native-environment.js'), 'utf8')}\n${code}`,
    )
    hermes = run(HERMES, file)
    nodePure = run(process.execPath, file)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  const verifier = new Verifier({ offline: true })
  const now = new Date(NOW)
  const options = smoke ? { minRuns: 1, minMs: 0 } : {}
  const nodeJwt = await measure(() => verifier.verifyCredential(jwt, { now }), options)
  const nodeDi = await measure(() => verifier.verifyCredential(di, { now }), options)
  // verifier-core fetches 1EdTech's schema on every verification: served from memory, as in data-integrity.ts
  const served = await serveSchema()
  const quiet = quietAjvStrictMode()
  let dcc: Awaited<ReturnType<typeof measure>>
  try {
    const { verifyCredential: dccVerify } = await import('@digitalcredentials/verifier-core')
    dcc = await measure(
      () =>
        dccVerify({
          credential: di as unknown as Parameters<typeof dccVerify>[0]['credential'],
          knownDIDRegistries: [],
        }),
      options,
    )
  } finally {
    quiet.restore()
    served.restore()
  }
  const dccHermes = await dccInHermes(di, runs)
  const perSecond = (ms: number) => `${(1000 / ms).toFixed(ms < 1 ? 0 : 1)}/s`
  const measurement = (
    id: string,
    title: string,
    ms: number,
    peers: ReturnType<typeof peer>[],
    notes: string[],
  ): Measurement => judge({ id, title, unit: 'ms', tessera: ms, peers, target: null, notes }, smoke)
  return [
    measurement(
      'hermes.jwt',
      'verify one VC-JWT (EdDSA, did:jwk) in Hermes, pure-JS crypto',
      hermes.jwtMs,
      [
        peer('the same bundle in Node (pure JS)', nodePure.jwtMs, hermes.jwtMs),
        peer('@tessera/verifier in Node (node:crypto)', nodeJwt.medianMs, hermes.jwtMs),
      ],
      [
        `per second: Hermes ${perSecond(hermes.jwtMs)}, the bundle in Node ${perSecond(nodePure.jwtMs)}, node:crypto ${perSecond(nodeJwt.medianMs)}`,
        'every check (schema, proof, issuer, dates); Hermes 0.12 from hermes-engine-cli, bytecode interpreted',
      ],
    ),
    measurement(
      'hermes.dataIntegrity',
      'verify one credential, Data Integrity eddsa-rdfc-2022 (did:key), in Hermes, pure-JS crypto',
      hermes.diMs,
      [
        peer('the same bundle in Node (pure JS)', nodePure.diMs, hermes.diMs),
        peer('@tessera/verifier in Node (node:crypto)', nodeDi.medianMs, hermes.diMs),
        peer(
          '@digitalcredentials/verifier-core in Hermes (Metro, the wallet shims)',
          dccHermes.hermes,
          hermes.diMs,
        ),
        peer('@digitalcredentials/verifier-core, the same Metro bundle in Node', dccHermes.node, hermes.diMs),
        peer('@digitalcredentials/verifier-core in Node', dcc.medianMs, hermes.diMs),
      ],
      [
        `per second: Hermes ${perSecond(hermes.diMs)}, the bundle in Node ${perSecond(nodePure.diMs)}, node:crypto ${perSecond(nodeDi.medianMs)}, verifier-core in Hermes ${perSecond(dccHermes.hermes)}, verifier-core in Node ${perSecond(dcc.medianMs)}`,
        "verifier-core 1.0.0-beta.11: it fetches 1EdTech's schema on each verification (served from memory here) and checks Data Integrity only",
        "verifier-core in Hermes: bundled by Metro 0.84.6 with React Native 0.86's configuration as the Learner Credential Wallet sets it up (its shim's crypto.subtle.digest over expo-crypto, here a pure-JS stand-in; fast-text-encoding for TextEncoder, which Hermes 0.12 lacks; @digitalcredentials/* packages resolved to their CommonJS builds, bench/dcc-app/metro.config.js says why); its Ed25519 check is @stablelib/ed25519, from ed25519-multikey's react-native entry",
      ],
    ),
  ]
}

if (isMain(import.meta.url)) {
  const { smoke, json } = flags()
  report(await hermesBenchmarks(smoke), json)
}
