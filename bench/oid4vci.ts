/**
 * Complete wallet flows (token, nonce, credential) against the running service, `tessera serve` on
 * SQLite, at 1, 16 and 64 concurrent wallets. The service runs in a process of its own, pinned to one
 * core (taskset -c 0) where taskset exists; this process is the load generator, pinned to the other
 * (taskset -c 1). Everything the protocol lets a wallet prepare is prepared before the clock starts: the
 * members' credentials and their offers (one per flow), and the wallets' keys; each proof is signed
 * after its nonce arrives, since nonces must be fresh. A flow is timed from its token request to its
 * credential; p50 and p99 per level, and flows per second over each level's wall time.
 * The service process's CPU time per flow (user + system, from /proc) is reported beside: on a shared machine
 * it says more than the wall time. `tsx bench/oid4vci.ts [--json] [--smoke] [--flows N] [--tessera-only]
 * [--cpu-prof-dir DIR]` (N flows at each level, default 1,000; the service alone; a CPU profile of it).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { createPrivateKey, generateKeyPairSync, type KeyObject, sign } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { BatchRow } from '@tessera/issuer'
import { initIssuer, openIssuer } from '@tessera/issuer/node'
import { buildMembershipCredential, type JsonObject } from '@tessera/schema'
import { openWalletService } from '@tessera/server'
import { flags, isMain, judge, type Measurement, peer } from './harness.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const BIN = join(ROOT, 'packages', 'cli', 'src', 'bin.ts')
const TSX = fileURLToPath(import.meta.resolve('tsx'))
const LEVELS = [1, 16, 64] as const
const PRE_AUTHORIZED = 'urn:ietf:params:oauth:grant-type:pre-authorized_code'

export interface LevelResult {
  wallets: number
  flows: number
  failed: number
  p50Ms: number
  p99Ms: number
  flowsPerSecond: number
  /** CPU time (user + system) the service process spent per flow, in ms (Linux: /proc; else undefined). */
  serviceCpuMsPerFlow?: number
}

export interface Prepared {
  code: string
  configurationId: string
}

export interface Wallet {
  key: KeyObject
  jwk: JsonWebKey
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')

/** A jwt key proof (OpenID4VCI 1.0, F.1), the wallet's key in the header. */
export function proof(wallet: Wallet, audience: string, nonce: string): string {
  const header = b64({ alg: 'EdDSA', typ: 'openid4vci-proof+jwt', jwk: wallet.jwk })
  const payload = b64({ aud: audience, nonce, iat: Math.floor(Date.now() / 1000) })
  const signature = sign(null, Buffer.from(`${header}.${payload}`), wallet.key).toString('base64url')
  return `${header}.${payload}.${signature}`
}

export function makeWallet(): Wallet {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  const jwk = publicKey.export({ format: 'jwk' })
  return { key: createPrivateKey(privateKey.export({ format: 'pem', type: 'pkcs8' })), jwk }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
    server.on('error', reject)
  })
}

/** User + system CPU time of a process so far, in ms, from /proc (undefined where there is none). */
function cpuMsOf(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    const ticks = Number(fields[11]) + Number(fields[12])
    const hz = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100
    return Number.isFinite(ticks) ? (ticks * 1000) / hz : undefined
  } catch {
    return undefined
  }
}

const hasTaskset = () => spawnSync('taskset', ['-c', '0', 'true']).status === 0

/** A store with `count` members, each with a standing VC-JWT membership and a one-time offer for it. */
export async function prepare(dir: string, base: string, count: number): Promise<Prepared[]> {
  await initIssuer(dir, { did: 'key', statusBaseUrl: `${base}/status` }, {})
  const { issuer, profile, close } = await openIssuer(dir, {})
  const now = Date.now()
  const start = new Date(now - 30 * 86_400_000)
  const end = new Date(now + 335 * 86_400_000)
  function* rows(): Iterable<BatchRow> {
    for (let i = 0; i < count; i++)
      yield {
        key: `M-${i}|membership`,
        credential: buildMembershipCredential({
          issuer: { id: profile.did, name: 'Guild of Bookbinders' },
          recipient: { email: `m-${i}@example.org` },
          achievement: { id: 'https://guild.example/achievements/membership', name: 'Guild membership' },
          term: { name: 'this year', start, end },
        }) as unknown as JsonObject,
        options: { format: 'jwt', recipient: `M-${i}` },
      }
  }
  try {
    const summary = await issuer.issueBatch(rows())
    if (summary.failed > 0) throw new Error(`${summary.failed} memberships failed`)
  } finally {
    await close()
  }
  const opened = await openWalletService(dir, {}, { baseUrl: base })
  const prepared: Prepared[] = []
  try {
    for (let i = 0; i < count; i++) {
      const offer = await opened.service.createOffer({ member: `M-${i}`, formats: ['jwt_vc_json'] })
      const grants = offer.credentialOffer.grants as Record<string, Record<string, string>>
      prepared.push({
        code: grants[PRE_AUTHORIZED]?.['pre-authorized_code'] as string,
        configurationId: (offer.credentialOffer.credential_configuration_ids as string[])[0] as string,
      })
    }
  } finally {
    await opened.close()
  }
  return prepared
}

/** Starts `tessera serve` and waits until it answers its metadata. */
async function startService(
  dir: string,
  port: number,
  pin: boolean,
  profileDir: string | undefined,
): Promise<ChildProcess> {
  const profile = profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${profileDir}`]
  const command = [
    process.execPath,
    ...profile,
    '--import',
    TSX,
    BIN,
    'serve',
    '--store',
    dir,
    '--port',
    String(port),
  ]
  const child = spawn(
    pin ? 'taskset' : (command[0] as string),
    pin ? ['-c', '0', ...command] : command.slice(1),
    {
      env: { ...process.env, DATABASE_URL: '' },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  )
  const url = `http://127.0.0.1:${port}/.well-known/openid-credential-issuer`
  for (let tries = 0; tries < 600; tries++) {
    const ok = await fetch(url)
      .then((r) => r.status === 200)
      .catch(() => false)
    if (ok) return child
    await new Promise((r) => setTimeout(r, 50))
  }
  child.kill('SIGKILL')
  throw new Error('tessera serve did not start')
}

/** One complete flow; its latency in ms (throws when a step is refused). */
async function flow(base: string, offer: Prepared, wallet: Wallet): Promise<number> {
  const started = performance.now()
  const token = await fetch(`${base}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: PRE_AUTHORIZED, 'pre-authorized_code': offer.code }).toString(),
  })
  if (token.status !== 200) throw new Error(`token ${token.status}: ${await token.text()}`)
  const { access_token: accessToken } = (await token.json()) as { access_token: string }
  const nonce = await fetch(`${base}/nonce`, { method: 'POST' })
  const { c_nonce: cNonce } = (await nonce.json()) as { c_nonce: string }
  const credential = await fetch(`${base}/credential`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
    body: JSON.stringify({
      credential_configuration_id: offer.configurationId,
      proofs: { jwt: [proof(wallet, base, cNonce)] },
    }),
  })
  if (credential.status !== 200)
    throw new Error(`credential ${credential.status}: ${await credential.text()}`)
  await credential.arrayBuffer()
  return performance.now() - started
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0

/** `flows` flows by `wallets` concurrent wallets, each flow on its own offer. */
async function level(
  base: string,
  offers: Prepared[],
  wallets: Wallet[],
  concurrency: number,
  servicePid?: number,
): Promise<LevelResult> {
  const latencies: number[] = []
  const cpuBefore = cpuMsOf(servicePid)
  let next = 0
  let failed = 0
  let firstError: unknown
  const started = performance.now()
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      for (;;) {
        const i = next++
        if (i >= offers.length) return
        try {
          latencies.push(await flow(base, offers[i] as Prepared, wallets[(w + i) % wallets.length] as Wallet))
        } catch (error) {
          failed++
          firstError ??= error
        }
      }
    }),
  )
  const wall = performance.now() - started
  const cpuAfter = cpuMsOf(servicePid)
  if (failed > 0)
    process.stderr.write(`oid4vci bench: ${failed} flows failed, first: ${String(firstError)}\n`)
  latencies.sort((a, b) => a - b)
  return {
    wallets: concurrency,
    flows: latencies.length,
    failed,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    flowsPerSecond: (latencies.length / wall) * 1000,
    ...(cpuBefore === undefined || cpuAfter === undefined || offers.length === 0
      ? {}
      : { serviceCpuMsPerFlow: (cpuAfter - cpuBefore) / offers.length }),
  }
}

/** Runs the levels against Tessera; returns each level's figures. */
export async function runTessera(
  flowsPerLevel: number,
  profileDir?: string,
): Promise<{ levels: LevelResult[]; pinned: boolean }> {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-bench-oid4vci-'))
  const port = await freePort()
  const base = `http://127.0.0.1:${port}`
  const pinned = hasTaskset()
  if (pinned) spawnSync('taskset', ['-p', '-c', '1', String(process.pid)])
  let service: ChildProcess | undefined
  try {
    const offers = await prepare(dir, base, flowsPerLevel * LEVELS.length + 4)
    const wallets = Array.from({ length: 64 }, makeWallet)
    service = await startService(dir, port, pinned, profileDir)
    // Warm-up: the first flows load the service's lazy parts and JIT-compile the hot paths.
    await level(base, offers.slice(0, 4), wallets, 1)
    const levels: LevelResult[] = []
    for (const [n, wallets_] of LEVELS.entries()) {
      const from = 4 + n * flowsPerLevel
      levels.push(await level(base, offers.slice(from, from + flowsPerLevel), wallets, wallets_, service.pid))
    }
    return { levels, pinned }
  } finally {
    service?.kill('SIGTERM')
    await new Promise((r) => service?.once('exit', r) ?? r(undefined))
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Runs the same levels against the peer (bench/oid4vci-peer.ts) in a process of its own, on the same core. */
export async function runPeer(flowsPerLevel: number, profileDir?: string): Promise<LevelResult[]> {
  const port = await freePort()
  const base = `http://127.0.0.1:${port}`
  const pinned = hasTaskset()
  const count = flowsPerLevel * LEVELS.length + 4
  const command = [
    process.execPath,
    ...(profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${join(profileDir, 'peer')}`]),
    '--import',
    TSX,
    join(ROOT, 'bench', 'oid4vci-peer.ts'),
    String(port),
    String(count),
  ]
  const peer = spawn(
    pinned ? 'taskset' : (command[0] as string),
    pinned ? ['-c', '0', ...command] : command.slice(1),
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  try {
    await new Promise<void>((resolve, reject) => {
      peer.stdout?.setEncoding('utf8').on('data', (d: string) => d.includes('listening') && resolve())
      peer.once('exit', (code) => reject(new Error(`the peer exited ${code}`)))
    })
    const offers = Array.from({ length: count }, (_, i) => ({
      code: `code-${i}`,
      configurationId: 'membership_jwt_vc_json',
    }))
    const wallets = Array.from({ length: 64 }, makeWallet)
    await level(base, offers.slice(0, 4), wallets, 1)
    const levels: LevelResult[] = []
    for (const [n, concurrency] of LEVELS.entries()) {
      const from = 4 + n * flowsPerLevel
      levels.push(await level(base, offers.slice(from, from + flowsPerLevel), wallets, concurrency, peer.pid))
    }
    return levels
  } finally {
    peer.kill('SIGTERM')
    await new Promise((r) => (peer.exitCode === null ? peer.once('exit', r) : r(undefined)))
  }
}

export async function oid4vciBenchmarks(
  smoke: boolean,
  flowsPerLevel = smoke ? 8 : 1000,
  profileDir?: string,
) {
  const { levels, pinned } = await runTessera(flowsPerLevel, profileDir)
  const peerLevels = await runPeer(flowsPerLevel, profileDir)
  const peerAt64 = peerLevels.find((l) => l.wallets === 64) as LevelResult
  const PEER = '@openid4vc/openid4vci 0.4.6 issuer (node:http, state in memory)'
  const split = pinned
    ? 'service pinned to core 0 (taskset -c 0), load generator to core 1'
    : 'no taskset: both processes share the two cores'
  const at64 = levels.find((l) => l.wallets === 64) as LevelResult
  const measurements: Measurement[] = [
    judge(
      {
        id: 'oid4vci.flow64',
        title: 'OpenID4VCI flow (token, nonce, credential), 64 wallets: wall time per flow',
        unit: 'ms',
        tessera: 1000 / at64.flowsPerSecond,
        peers: [peer(PEER, 1000 / peerAt64.flowsPerSecond, 1000 / at64.flowsPerSecond)],
        target: {
          description: '>= 300 flows/s (< 3.33 ms per flow) and >= 2x the peer',
          max: 1000 / 300,
          peer: PEER,
          minRatio: 2,
        },
        notes: [
          split,
          ...[
            ...levels.map((l) => ['Tessera', l] as const),
            ...peerLevels.map((l) => ['peer', l] as const),
          ].map(
            ([who, l]) =>
              `${who}, ${l.wallets} wallet${l.wallets === 1 ? '' : 's'}: ${l.flows} flows, ${l.failed} failed, p50 ${l.p50Ms.toFixed(1)} ms, p99 ${l.p99Ms.toFixed(1)} ms, ${l.flowsPerSecond.toFixed(0)} flows/s, ${cpuText(l)} ms of service CPU per flow`,
          ),
        ],
      },
      smoke,
      at64.failed === 0,
    ),
    judge(
      {
        id: 'oid4vci.p99at64',
        title: 'OpenID4VCI flow, 64 wallets: p99 latency',
        unit: 'ms',
        tessera: at64.p99Ms,
        peers: [peer(PEER, peerAt64.p99Ms, at64.p99Ms)],
        target: { description: 'p99 < 100 ms', max: 100 },
      },
      smoke,
      at64.failed === 0,
    ),
  ]
  return { levels, peerLevels, measurements, split }
}

const cpuText = (l: LevelResult) => l.serviceCpuMsPerFlow?.toFixed(2) ?? '-'

export function levelTable(levels: LevelResult[]): string {
  const rows = levels.map(
    (l) =>
      `| ${l.wallets} | ${l.flows} | ${l.failed} | ${l.p50Ms.toFixed(1)} | ${l.p99Ms.toFixed(1)} | ${l.flowsPerSecond.toFixed(0)} | ${cpuText(l)} |`,
  )
  return [
    '| wallets | flows | failed | p50 ms | p99 ms | flows/s | service CPU ms/flow |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n')
}

/** The value after `name` on the command line. */
function option(name: string): string | undefined {
  const at = process.argv.indexOf(name)
  return at === -1 ? undefined : process.argv[at + 1]
}

if (isMain(import.meta.url)) {
  const { smoke, json } = flags()
  const flows = option('--flows')
  const flowsPerLevel = flows === undefined ? undefined : Number(flows)
  const profileDir = option('--cpu-prof-dir')
  if (process.argv.includes('--peer-only')) {
    const peerLevels = await runPeer(flowsPerLevel ?? (smoke ? 8 : 1000), profileDir)
    console.log(`Peer: @openid4vc/openid4vci 0.4.6 issuer\n${levelTable(peerLevels)}`)
    process.exit(0)
  }
  if (process.argv.includes('--tessera-only')) {
    const { levels, pinned } = await runTessera(flowsPerLevel ?? (smoke ? 8 : 1000), profileDir)
    console.log(`Tessera (tessera serve, SQLite; pinned ${pinned})\n${levelTable(levels)}`)
    process.exit(0)
  }
  const { levels, peerLevels, measurements, split } = await oid4vciBenchmarks(
    smoke,
    flowsPerLevel,
    profileDir,
  )
  if (json) console.log(JSON.stringify(measurements, null, 2))
  else {
    console.log(`Tessera (tessera serve, SQLite; ${split})\n${levelTable(levels)}`)
    console.log(`\nPeer: @openid4vc/openid4vci 0.4.6 issuer\n${levelTable(peerLevels)}\n`)
    for (const m of measurements)
      console.log(`${m.title}: ${m.tessera?.toFixed(2)} ms; target ${m.target?.description}: met ${m.met}`)
  }
}
