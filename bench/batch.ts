/**
 * The membership batch through the real issuer path: rows streamed into `Issuer.issueBatch` (validation,
 * status index allocation, ledger on SQLite, signing and the self-check), each format in a
 * fresh process on a fresh store, timing the whole run from its first row (the process's start-up and
 * module loading before it are reported apart, not timed), its CPU (all threads, and the main thread
 * alone), how long the main thread sat idle and how long it waited for a core, and the process's peak
 * memory.
 * `--rows N` and `--di-rows N` (default 100,000 each) set the sizes; below 100,000 the table also gives what
 * 100,000 would take at the measured rate.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { assertTemplate, type BatchRow, fillTemplate, Issuer } from '@tessera/issuer'
import { SqliteIssuerStore } from '@tessera/issuer/sqlite'
import { buildMembershipCredential, type JsonObject } from '@tessera/schema'
import { didKeyOf, kmsSigner, TesseraKeyManagementSystem } from '@tessera/veramo'
import { MemoryPrivateKeyStore } from '@veramo/key-manager'
import { flags, isMain, judge, type Measurement, report } from './harness.js'
import { schedstatMs, statCpuMs } from './proc.js'

type Format = 'jwt' | 'data-integrity'

interface Run {
  rows: number
  ms: number
  /** CPU time of the batch (user + system), in ms: what a loaded machine's wall time hides. */
  cpuMs: number
  /**
   * CPU time of the main thread alone (Linux: /proc), in ms: the batch's critical path, since signatures
   * and their checks run on libuv's thread pool and the garbage collector on helper threads.
   */
  mainThreadCpuMs?: number
  /**
   * How long the main thread sat idle in the event loop during the batch (waiting for the pool's
   * signatures and checks with nothing else to do), in ms: time a descheduled thread waits for a core is
   * not in it.
   */
  idleMs: number
  /**
   * How long the main thread waited for a core while runnable (Linux: /proc's schedstat), in ms: on 2
   * cores, the pool's threads and the garbage collector's take it from the batch's thread.
   */
  mainThreadRunqueueMs?: number
  /** From the process's start to the batch's first row: start-up and module loading, not timed. */
  startupMs: number
  /** From the batch's start to its first result. */
  firstResultMs: number
  peakRssBytes: number
  issued: number
  failed: number
}

/** The main thread's CPU time (user + system) in ms, where /proc tells it (Linux); else undefined. */
const mainThreadCpuMs = () => statCpuMs(`/proc/self/task/${process.pid}/stat`)

/** The main thread's time runnable but waiting for a core, in ms (Linux: /proc's schedstat); else undefined. */
const mainThreadRunqueueMs = () => schedstatMs(`/proc/self/task/${process.pid}/schedstat`)?.waitMs

/** One batch in this process: prints its Run as JSON. */
async function child(format: Format, rows: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-bench-batch-'))
  const kms = new TesseraKeyManagementSystem(new MemoryPrivateKeyStore())
  const key = await kms.createKey({ type: 'Ed25519' })
  const { did, verificationMethod } = didKeyOf(key)
  const store = new SqliteIssuerStore(join(dir, 'issuer.db'))
  const issuer = new Issuer({
    store,
    signer: kmsSigner(kms, key, { issuer: did, verificationMethod }),
    statusBaseUrl: 'https://guild.example/status',
    // The rows are 2026 memberships: the issuer's clock is set inside that term, whatever today's date.
    clock: () => new Date('2026-06-01T00:00:00Z'),
  })
  // What `tessera issue` does: a template checked once, filled for each member (a new id, the member's
  // hashed email), and validated once, by the issuer, before anything is recorded or signed.
  const {
    id: _id,
    issuer: issuerProfile,
    validFrom,
    validUntil,
    credentialSubject,
    ...rest
  } = buildMembershipCredential({
    issuer: { id: did, name: 'Guild of Bookbinders' },
    recipient: { did: 'did:example:template' },
    achievement: { id: 'https://guild.example/membership' },
    term: { name: '2026', start: '2026-01-01T00:00:00Z', end: '2026-12-31T23:59:59Z' },
  }) as unknown as JsonObject
  const { id: _subject, ...subject } = credentialSubject as JsonObject
  const { id: _issuerId, ...profile } = issuerProfile as JsonObject
  const template: JsonObject = { ...rest, issuer: profile, credentialSubject: subject }
  assertTemplate(template, validFrom as string)
  const term = { validFrom: validFrom as string, validUntil: validUntil as string }
  function* members(): Iterable<BatchRow> {
    for (let i = 0; i < rows; i++) {
      const credential = fillTemplate(template, {
        issuer: did,
        recipient: { email: `member-${i}@example.org` },
        ...term,
        validate: false,
      })
      yield { key: `M-${i}|membership|2026`, credential, options: { format, recipient: `M-${i}` } }
    }
  }
  let firstResultMs = 0
  const onResult = () => {
    if (firstResultMs === 0) firstResultMs = performance.now() - start
  }
  // performance.now() counts from the process's start.
  const start = performance.now()
  const loop = performance.eventLoopUtilization()
  const cpu = process.cpuUsage()
  const mainCpu = mainThreadCpuMs()
  const mainRunqueue = mainThreadRunqueueMs()
  const summary = await issuer.issueBatch(members(), { onResult })
  const ms = performance.now() - start
  const { idle } = performance.eventLoopUtilization(loop)
  const { user, system } = process.cpuUsage(cpu)
  const mainCpuAfter = mainThreadCpuMs()
  const mainRunqueueAfter = mainThreadRunqueueMs()
  await store.close()
  rmSync(dir, { recursive: true, force: true })
  const run: Run = {
    rows,
    ms,
    cpuMs: (user + system) / 1000,
    ...(mainCpu === undefined || mainCpuAfter === undefined
      ? {}
      : { mainThreadCpuMs: mainCpuAfter - mainCpu }),
    idleMs: idle,
    ...(mainRunqueue === undefined || mainRunqueueAfter === undefined
      ? {}
      : { mainThreadRunqueueMs: mainRunqueueAfter - mainRunqueue }),
    startupMs: start,
    firstResultMs,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    issued: summary.issued,
    failed: summary.failed,
  }
  console.log(JSON.stringify(run))
}

function runChild(format: Format, rows: number): Run {
  const result = spawnSync(
    process.execPath,
    [
      '--import',
      fileURLToPath(import.meta.resolve('tsx')),
      fileURLToPath(import.meta.url),
      '--child',
      format,
      String(rows),
    ],
    { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
  )
  if (result.status !== 0) throw new Error(`the ${format} batch failed:\n${result.stderr}`)
  return JSON.parse(result.stdout.trim().split('\n').at(-1) as string) as Run
}

/** Peak RSS of either batch (issue #16): under 400 MB. */
const MEMORY_LIMIT = 400 * 1024 * 1024

export function batch(smoke: boolean, sizes: { jwt: number; dataIntegrity: number }): Measurement[] {
  const measurements: Measurement[] = []
  const cases: [Format, string, number, number][] = [
    ['jwt', 'batch.jwt', sizes.jwt, 30_000],
    ['data-integrity', 'batch.dataIntegrity', sizes.dataIntegrity, 90_000],
  ]
  for (const [format, id, rows, limitAt100k] of cases) {
    const run = runChild(format, rows)
    if (run.failed > 0 || run.issued !== rows) throw new Error(`${id}: ${run.failed} rows failed`)
    const perSecond = (rows / run.ms) * 1000
    const projected = (run.ms / rows) * 100_000
    const name = format === 'jwt' ? 'VC-JWT' : 'Data Integrity'
    measurements.push(
      judge(
        {
          id,
          title: `${rows.toLocaleString('en')}-row membership batch, ${name} (wall time)`,
          unit: 'ms',
          tessera: run.ms,
          peers: [],
          target: {
            description: `100,000 rows <= ${limitAt100k / 1000} s, peak memory < 400 MB`,
            max: (limitAt100k * rows) / 100_000,
          },
          notes: [
            `${perSecond.toFixed(0)} credentials/s; peak RSS ${(run.peakRssBytes / 1024 / 1024).toFixed(0)} MB; CPU ${(run.cpuMs / 1000).toFixed(1)} s (${(run.cpuMs / rows).toFixed(2)} ms a row)${run.mainThreadCpuMs === undefined ? '' : `, of which the main thread ${(run.mainThreadCpuMs / 1000).toFixed(1)} s (${(run.mainThreadCpuMs / rows).toFixed(2)} ms a row; signatures and their checks run on libuv's thread pool)`}`,
            `the main thread idle (waiting for the pool) ${(run.idleMs / 1000).toFixed(1)} s${run.mainThreadRunqueueMs === undefined ? '' : `, runnable but waiting for a core ${(run.mainThreadRunqueueMs / 1000).toFixed(1)} s`}; the process's start-up before the first row (module loading through tsx; not timed) ${(run.startupMs / 1000).toFixed(1)} s`,
            ...(rows === 100_000
              ? []
              : [
                  `${rows} rows run, not 100,000: at this rate 100,000 take ${(projected / 1000).toFixed(0)} s`,
                ]),
          ],
        },
        smoke,
        run.peakRssBytes < MEMORY_LIMIT,
      ),
    )
  }
  return measurements
}

function option(name: string): number | undefined {
  const at = process.argv.indexOf(name)
  return at === -1 ? undefined : Number(process.argv[at + 1])
}

if (isMain(import.meta.url)) {
  const at = process.argv.indexOf('--child')
  if (at !== -1) await child(process.argv[at + 1] as Format, Number(process.argv[at + 2]))
  else {
    const { smoke, json } = flags()
    const rows = option('--rows') ?? (smoke ? 20 : 100_000)
    report(batch(smoke, { jwt: rows, dataIntegrity: option('--di-rows') ?? rows }), json)
  }
}
