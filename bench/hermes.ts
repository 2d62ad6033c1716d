/**
 * Verifications in React Native's engine: the React Native entry (pure-JavaScript crypto) bundled for
 * Hermes as the Hermes test bundles it, timed in hermes-engine-cli (an interpreter: no JIT) and in Node,
 * beside @tessera/verifier with node:crypto and DCC's verifier-core in Node (verifier-core checks Data
 * Integrity only; it runs in Node here, where its WebCrypto-free path is not what a wallet would use).
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { badge, didJwkIssuer, didKeyIssuer } from '@tessera/testkit/signing'
import { Verifier } from '@tessera/verifier'
import { hermesBundle } from '../test/hermes/bundle.js'
import { quietAjvStrictMode, serveSchema } from './data-integrity.js'
import { flags, isMain, judge, type Measurement, measure, peer, report } from './harness.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const HERMES = join(ROOT, 'node_modules/hermes-engine-cli/linux64-bin/hermes')
const NOW = '2026-06-01T00:00:00Z'

interface Timings {
  jwtMs: number
  diMs: number
}

function run(command: string, file: string): Timings {
  const args = command === HERMES ? ['-w', '-Xes6-promise', '-Xmicrotask-queue', file] : [file]
  const output = execFileSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 26 })
  const line = output.split('\n').find((l) => l.startsWith('{')) ?? output
  const parsed = JSON.parse(line) as Timings & { error?: string }
  if (parsed.error !== undefined) throw new Error(parsed.error)
  return parsed
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
        peer('@digitalcredentials/verifier-core in Node', dcc.medianMs, hermes.diMs),
      ],
      [
        `per second: Hermes ${perSecond(hermes.diMs)}, the bundle in Node ${perSecond(nodePure.diMs)}, node:crypto ${perSecond(nodeDi.medianMs)}, verifier-core ${perSecond(dcc.medianMs)}`,
        "verifier-core 1.0.0-beta.11 in Node: it fetches 1EdTech's schema on each verification (served from memory here) and checks Data Integrity only",
      ],
    ),
  ]
}

if (isMain(import.meta.url)) {
  const { smoke, json } = flags()
  report(await hermesBenchmarks(smoke), json)
}
