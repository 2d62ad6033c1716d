/**
 * Where a wallet flow's CPU goes inside the service, without the network: the same flows as
 * bench/oid4vci.ts (token, nonce, credential), handed to the service's `fetch` in this process, so that
 * what a flow costs the handlers (stores, proofs, signing) is measured apart from the HTTP layer (this
 * process's CPU, user + system: it holds on a shared machine; the client's side of `fetch` is in it);
 * the wall time spent in each store call and in issuing, by wrapping those methods (meaningful at 1
 * wallet only, where nothing waits on another flow). Beside it, what one request costs a server over
 * HTTP: a small JSON answer through `listen()` (@hono/node-server on node:http) and through bare
 * node:http, each server in a process of its own, its CPU read from /proc; and the service's own nonce
 * endpoint (routing, CORS, its headers) through `listen()` as `tessera serve` runs it.
 * `tsx bench/oid4vci-parts.ts [--flows N] [--wallets W,W...] [--requests N] [--cpu-prof-dir DIR]
 * [--heap-prof-dir DIR] [--http-only | --no-http] [--inspect]`: default 600 flows at 1 then 64 wallets,
 * 10,000 requests; with a folder, a CPU profile of each level (`level-<n>-<wallets>.cpuprofile`), or a
 * sampled profile of what each level allocates, collected objects included (`.heapprofile`);
 * `--http-only` measures the HTTP requests alone, `--no-http` the flows alone. `--inspect` adds, per
 * level, the bytes this process read and wrote (/proc/self/io) and how full the open revocation list is;
 * and at the end the store's size by table and index, its page cache, and the query plan of every
 * statement the flows ran (issue #17).
 */
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { Session } from 'node:inspector/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { listen, openWalletService } from '@tessera/server'
import { isMain } from './harness.js'
import { makeWallet, type Prepared, prepare, proof, type Wallet } from './oid4vci.js'

const PRE_AUTHORIZED = 'urn:ietf:params:oauth:grant-type:pre-authorized_code'
const BASE = 'http://127.0.0.1:7999'

/** Bytes this process read and wrote through system calls so far (Linux's /proc/self/io). */
function ioBytes(): { read: number; written: number } {
  const text = readFileSync('/proc/self/io', 'utf8')
  const field = (name: string) => Number(new RegExp(`^${name}: (\\d+)$`, 'm').exec(text)?.[1] ?? 0)
  return { read: field('rchar'), written: field('wchar') }
}

/** The SQLite connection and prepared statements of a store, read from its private fields. */
interface InspectedStore {
  db: {
    pragma(text: string, options: { simple: true }): unknown
    prepare(text: string): { all(...values: unknown[]): unknown[] }
  }
  statements: Map<string, unknown>
}

/** The store's size by table and index, its page cache, and each statement's query plan. */
function inspectStore(stores: InspectedStore[], path: string): void {
  const db = (stores[0] as InspectedStore).db
  const pragma = (name: string) => db.pragma(name, { simple: true })
  console.log(
    `\nstore: ${pragma('page_count')} pages of ${pragma('page_size')} B, cache_size ${pragma('cache_size')}, freelist ${pragma('freelist_count')}, file ${statSync(path).size} B, WAL ${statSync(`${path}-wal`, { throwIfNoEntry: false })?.size ?? 0} B`,
  )
  try {
    const sizes = db
      .prepare(
        "select name, count(*) as pages, sum(ncell) as cells, max(depth) as depth from (select name, ncell, length(path) - length(replace(path, '/', '')) as depth from dbstat) group by name order by pages desc limit 25",
      )
      .all() as { name: string; pages: number; cells: number; depth: number }[]
    for (const t of sizes) console.log(`  ${t.name}: ${t.pages} pages, ${t.cells} cells, depth ${t.depth}`)
  } catch (error) {
    console.log(`  (no dbstat: ${(error as Error).message})`)
  }
  for (const store of stores)
    for (const text of store.statements.keys()) {
      if (/^(begin|commit|rollback|savepoint|release)/i.test(text)) continue
      const nulls = Array.from(text.matchAll(/\?/g), () => null)
      const plan = db.prepare(`explain query plan ${text}`).all(...nulls) as { detail: string }[]
      console.log(`  ${text.slice(0, 110)}\n    -> ${plan.map((p) => p.detail).join(' | ')}`)
    }
}

const cpuMs = () => {
  const { user, system } = process.cpuUsage()
  return (user + system) / 1000
}

/** Wall time spent in each wrapped method, summed, in ms (the methods are synchronous inside: ~CPU). */
const spent = new Map<string, { ms: number; calls: number }>()
function wrap(target: object, name: string, label: string): void {
  const record = target as Record<string, (...args: unknown[]) => unknown>
  const original = record[name]
  if (typeof original !== 'function') return
  record[name] = async function (this: unknown, ...args: unknown[]) {
    const t0 = performance.now()
    try {
      return await original.apply(target, args)
    } finally {
      const entry = spent.get(label) ?? { ms: 0, calls: 0 }
      entry.ms += performance.now() - t0
      entry.calls++
      spent.set(label, entry)
    }
  }
}

async function flows(
  fetch: (r: Request) => Promise<Response>,
  offers: Prepared[],
  proofs: string[],
  concurrency: number,
  phases: Map<string, number>,
): Promise<void> {
  let next = 0
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (;;) {
        const i = next++
        if (i >= offers.length) return
        const offer = offers[i] as Prepared
        let t = cpuMs()
        const mark = (phase: string) => {
          const now = cpuMs()
          if (concurrency === 1) phases.set(phase, (phases.get(phase) ?? 0) + now - t)
          t = now
        }
        const token = await fetch(
          new Request(`${BASE}/token`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({ grant_type: PRE_AUTHORIZED, 'pre-authorized_code': offer.code }),
          }),
        )
        const { access_token: accessToken } = (await token.json()) as { access_token: string }
        mark('token')
        await (await fetch(new Request(`${BASE}/nonce`, { method: 'POST' }))).json()
        mark('nonce')
        const credential = await fetch(
          new Request(`${BASE}/credential`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
            body: JSON.stringify({
              credential_configuration_id: offer.configurationId,
              proofs: { jwt: [proofs[i % proofs.length]] },
            }),
          }),
        )
        if (credential.status !== 200)
          throw new Error(`credential ${credential.status}: ${await credential.text()}`)
        await credential.json()
        mark('credential')
      }
    }),
  )
}

/**
 * Serves the small JSON answer of `httpCost` on a free port, in this process: `hono`, `bare`, or
 * `service` (the wallet service's own nonce endpoint: its routing, CORS and response headers, as
 * `tessera serve` runs it).
 */
async function serveSmall(kind: string): Promise<void> {
  const answer = () => JSON.stringify({ c_nonce: 'x'.repeat(40) })
  let port: number
  if (kind === 'service') {
    const dir = mkdtempSync(join(tmpdir(), 'tessera-bench-nonce-'))
    await prepare(dir, BASE, 1)
    const opened = await openWalletService(dir, {}, { baseUrl: BASE, engagement: false })
    const running = await listen(opened.service.fetch, { overrideGlobalObjects: true })
    port = running.port
    process.once('SIGTERM', () => {
      void running.close().then(async () => {
        await opened.close()
        rmSync(dir, { recursive: true, force: true })
        process.exit(0)
      })
    })
  } else if (kind === 'hono') {
    const running = await listen(
      async () =>
        new Response(answer(), {
          headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
        }),
      { overrideGlobalObjects: true },
    )
    port = running.port
  } else {
    const bare = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' })
      response.end(answer())
    })
    await new Promise<void>((r) => bare.listen(0, '127.0.0.1', r))
    port = (bare.address() as { port: number }).port
  }
  process.stdout.write(`${port}\n`)
}

/** User + system CPU time of a process so far, in ms, from /proc (Linux). */
function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100
}

/**
 * The server's CPU per request of a small JSON answer (POST, no body) over HTTP, 16 requests at a time:
 * `listen()` (@hono/node-server with its lightweight Request and Response, no routing) against bare
 * node:http, and the service's nonce endpoint through `listen()`, each server in a process of its own,
 * its CPU read from /proc (clock ticks of 10 ms).
 */
async function httpCost(requests: number): Promise<{ hono: number; bare: number; service: number }> {
  const one = async (kind: string) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(import.meta.url), '--serve', kind],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    )
    const port = await new Promise<string>((resolve) =>
      child.stdout.setEncoding('utf8').once('data', (d: string) => resolve(d.trim())),
    )
    const url = `http://127.0.0.1:${port}/nonce`
    const send = async (n: number) => {
      let next = 0
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          while (next++ < n) await (await fetch(url, { method: 'POST' })).arrayBuffer()
        }),
      )
    }
    await send(2000)
    const before = cpuMsOf(child.pid as number)
    await send(requests)
    const cpu = (cpuMsOf(child.pid as number) - before) / requests
    child.kill('SIGTERM')
    return cpu
  }
  return { hono: await one('hono'), bare: await one('bare'), service: await one('service') }
}

function option(name: string): string | undefined {
  const at = process.argv.indexOf(name)
  return at === -1 ? undefined : process.argv[at + 1]
}

if (isMain(import.meta.url) && process.argv.includes('--serve')) await serveSmall(option('--serve') ?? 'bare')
else if (isMain(import.meta.url) && process.argv.includes('--http-only')) {
  const http = await httpCost(Number(option('--requests') ?? 10_000))
  console.log(
    `HTTP, the server's CPU a request: listen() with no routing ${http.hono.toFixed(3)} ms, bare node:http ${http.bare.toFixed(3)} ms, the service's nonce endpoint ${http.service.toFixed(3)} ms`,
  )
} else if (isMain(import.meta.url)) {
  const count = Number(option('--flows') ?? 600)
  const inspect = process.argv.includes('--inspect')
  const levels = (option('--wallets') ?? '1,64').split(',').map(Number)
  const dir = mkdtempSync(join(tmpdir(), 'tessera-bench-parts-'))
  try {
    const offers = await prepare(dir, BASE, count * levels.length + 20)
    const opened = await openWalletService(dir, {}, { baseUrl: BASE, engagement: false })
    const fetch = opened.service.fetch
    const wallets: Wallet[] = Array.from({ length: 8 }, makeWallet)
    // Nonces are good for any number of proofs while they live (300 s): one nonce, the proofs signed before
    // each level's timing.
    const signProofs = async () => {
      const nonce = (
        (await (await fetch(new Request(`${BASE}/nonce`, { method: 'POST' }))).json()) as {
          c_nonce: string
        }
      ).c_nonce
      return wallets.map((w) => proof(w, BASE, nonce))
    }
    let proofs = await signProofs()
    const store = opened.store as unknown as object
    for (const name of ['redeem', 'token', 'claimItem', 'completeItem', 'configuration'])
      wrap(store, name, `server store: ${name}`)
    const issuerStore = opened.issuer.store as unknown as object
    for (const name of ['row', 'standingOf', 'rowByKey', 'entriesOf', 'getList', 'openList', 'issueCopy'])
      wrap(issuerStore, name, `issuer store: ${name}`)
    wrap(opened.issuer.issuer, 'issueCopy', 'Issuer.issueCopy (all of it)')
    await flows(fetch, offers.slice(0, 20), proofs, 1, new Map())
    /** An inspector session with `domain` enabled, when its output folder is given. */
    const inspectorFor = async (dir: string | undefined, domain: 'Profiler' | 'HeapProfiler') => {
      if (dir === undefined) return undefined
      mkdirSync(dir, { recursive: true })
      const opened = new Session()
      opened.connect()
      await opened.post(`${domain}.enable`)
      return opened
    }
    const profileDir = option('--cpu-prof-dir')
    const session = await inspectorFor(profileDir, 'Profiler')
    // What the flows allocate, the garbage included (a sample every 32 KiB, kept after it is collected).
    const heapDir = option('--heap-prof-dir')
    const heapSession = await inspectorFor(heapDir, 'HeapProfiler')
    spent.clear()
    for (const [n, concurrency] of levels.entries()) {
      const slice = offers.slice(20 + n * count, 20 + (n + 1) * count)
      const phases = new Map<string, number>()
      proofs = await signProofs()
      spent.clear()
      if (session !== undefined) await session.post('Profiler.start')
      if (heapSession !== undefined)
        await heapSession.post('HeapProfiler.startSampling', {
          samplingInterval: 32 * 1024,
          includeObjectsCollectedByMajorGC: true,
          includeObjectsCollectedByMinorGC: true,
        })
      const t0 = cpuMs()
      const w0 = performance.now()
      const io0 = ioBytes()
      await flows(fetch, slice, proofs, concurrency, phases)
      const cpu = (cpuMs() - t0) / count
      const io1 = ioBytes()
      if (session !== undefined && profileDir !== undefined) {
        const { profile } = await session.post('Profiler.stop')
        writeFileSync(join(profileDir, `level-${n}-${concurrency}.cpuprofile`), JSON.stringify(profile))
      }
      if (heapSession !== undefined && heapDir !== undefined) {
        const { profile } = await heapSession.post('HeapProfiler.stopSampling')
        writeFileSync(join(heapDir, `level-${n}-${concurrency}.heapprofile`), JSON.stringify(profile))
      }
      console.log(
        `\n${concurrency} wallet(s), ${count} flows in-process: ${cpu.toFixed(3)} ms CPU a flow (${((performance.now() - w0) / count).toFixed(3)} ms wall)`,
      )
      if (inspect) {
        const open = await opened.issuer.store.openList({
          type: 'BitstringStatusList',
          purpose: 'revocation',
          statusSize: 1,
        })
        const taken = open === undefined ? 0 : (await opened.issuer.store.freeIndices(open.url)).length
        console.log(
          `  read ${((io1.read - io0.read) / count / 1024).toFixed(1)} KiB, wrote ${((io1.written - io0.written) / count / 1024).toFixed(1)} KiB a flow; open revocation list ${open === undefined ? '-' : `${(100 - (100 * taken) / open.length).toFixed(1)}% taken`}`,
        )
      }
      for (const [phase, ms] of phases) console.log(`  ${phase}: ${(ms / count).toFixed(3)} ms`)
      for (const [label, { ms, calls }] of [...spent].sort((a, b) => b[1].ms - a[1].ms))
        console.log(`  ${label}: ${(ms / count).toFixed(3)} ms a flow (${(calls / count).toFixed(1)} calls)`)
    }
    if (inspect) inspectStore([issuerStore, store] as unknown as InspectedStore[], join(dir, 'tessera.db'))
    await opened.close()
    if (!process.argv.includes('--no-http')) {
      const http = await httpCost(Number(option('--requests') ?? 10_000))
      console.log(
        `\nHTTP, a small JSON answer, the server's CPU: listen() (@hono/node-server, no routing) ${http.hono.toFixed(3)} ms a request, bare node:http ${http.bare.toFixed(3)} ms; the service's nonce endpoint through listen() ${http.service.toFixed(3)} ms`,
      )
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
