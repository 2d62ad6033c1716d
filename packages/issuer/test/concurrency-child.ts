// One issuer process of the concurrency test (concurrency.test.ts): its own Issuer on a shared store,
// with the shared Ed25519 key, issuing `count` VC-JWT credentials under keys of its own. Sends one
// `ChildResult` to its parent over IPC, and exits; it exits too if the parent goes away.
import { buildMembershipCredential, errorCodeOf, type JsonObject } from '@tessera/schema'
// The modules it needs, not the whole package (the Veramo agent and TypeORM take seconds to load).
import { didKeyOf, kmsSigner, TesseraKeyManagementSystem } from '@tessera/veramo'
import { Verifier } from '@tessera/verifier'
import { MemoryPrivateKeyStore } from '@veramo/key-manager'
import type { IssuerStore } from '../src/index.js'
import { Issuer } from '../src/index.js'
import { PostgresIssuerStore } from '../src/postgres.js'
import { SqliteIssuerStore } from '../src/sqlite.js'

/** The clock the issuer runs at in this test, whatever today's date. */
const NOW = new Date('2026-06-01T00:00:00Z')

export interface ChildTask {
  worker: number
  count: number
  privateKeyHex: string
  store: { kind: 'postgres'; url: string; schema: string } | { kind: 'sqlite'; file: string }
}

/** Sent every PROGRESS_EVERY credentials, so that the parent can tell a slow process from a stuck one. */
export interface ChildProgress {
  worker: number
  progress: number
}
export const PROGRESS_EVERY = 100

export type ChildResult =
  | { worker: number; ok: true; issued: number; ms: number; cpuMs: number }
  | { worker: number; ok: false; code: string; message: string; issued: number }

export const STATUS_BASE = 'https://guild.example/status'

/** The batch key of credential `i` of `worker`. */
export const keyOf = (worker: number, i: number): string => `W${worker}-M${i}/membership/2026`

async function main(task: ChildTask): Promise<ChildResult> {
  let issued = 0
  let store: IssuerStore | undefined
  try {
    const kms = new TesseraKeyManagementSystem(new MemoryPrivateKeyStore())
    const key = await kms.importKey({ kid: 'shared', type: 'Ed25519', privateKeyHex: task.privateKeyHex })
    const { did, verificationMethod } = didKeyOf(key)
    store =
      task.store.kind === 'postgres'
        ? await PostgresIssuerStore.open(task.store.url, { schema: task.store.schema, max: 2 })
        : new SqliteIssuerStore(task.store.file)
    const issuer = new Issuer({
      store,
      clock: () => NOW,
      signer: kmsSigner(kms, key, { issuer: did, verificationMethod }),
      statusBaseUrl: STATUS_BASE,
      verifier: new Verifier({ offline: true }),
    })
    const started = performance.now()
    for (let i = 0; i < task.count; i++) {
      const member = `W${task.worker}-M${i}`
      const credential = buildMembershipCredential({
        issuer: { id: did, name: 'Guild of Bookbinders' },
        recipient: { did: `did:example:${member}` },
        achievement: { id: 'https://guild.example/membership' },
        term: { name: '2026', start: '2026-01-01T00:00:00Z', end: '2026-12-31T23:59:59Z' },
      }) as unknown as JsonObject
      await issuer.issue(credential, { format: 'jwt', key: keyOf(task.worker, i), recipient: member })
      issued++
      if (issued % PROGRESS_EVERY === 0) process.send?.({ worker: task.worker, progress: issued })
    }
    const cpu = process.cpuUsage()
    return {
      worker: task.worker,
      ok: true,
      issued,
      ms: performance.now() - started,
      cpuMs: (cpu.user + cpu.system) / 1000,
    }
  } catch (error) {
    return {
      worker: task.worker,
      ok: false,
      code: errorCodeOf(error) ?? 'ERROR',
      message: (error as Error).message,
      issued,
    }
  } finally {
    await store?.close()
  }
}

if (process.send !== undefined) {
  process.on('disconnect', () => process.exit(2))
  process.once('message', (task: ChildTask) => {
    main(task).then((result) => process.send?.(result, () => process.exit(0)))
  })
}
