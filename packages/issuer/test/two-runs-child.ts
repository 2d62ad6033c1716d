// One `tessera issue`-like run for two-runs.test.ts: `node --import tsx two-runs-child.ts <db> <rows>`
// issues the same membership rows (the same batch keys) as the other run, as a batch on one SQLite store,
// and prints its summary and the codes of the rows it reported as failed, as one JSON line.
import { buildMembershipCredential, type JsonObject } from '@tessera/schema'
import { MemoryPrivateKeyStore } from '@veramo/key-manager'
import {
  type BatchRow,
  didKeyOf,
  Issuer,
  kmsSigner,
  SqliteIssuerStore,
  TesseraKeyManagementSystem,
} from '../src/index.js'

/** The clock the issuer runs at in this test, whatever today's date. */
const NOW = new Date('2026-06-01T00:00:00Z')

const [db, count] = process.argv.slice(2) as [string, string]
const kms = new TesseraKeyManagementSystem(new MemoryPrivateKeyStore())
const key = await kms.importKey({ type: 'Ed25519', privateKeyHex: process.env.RUN_KEY as string })
const { did, verificationMethod } = didKeyOf(key)
const store = new SqliteIssuerStore(db)
const issuer = new Issuer({
  store,
  clock: () => NOW,
  signer: kmsSigner(kms, key, { issuer: did, verificationMethod }),
  statusBaseUrl: 'https://guild.example/status',
})

function* rows(): Iterable<BatchRow> {
  for (let i = 0; i < Number(count); i++) {
    const credential = buildMembershipCredential({
      issuer: { id: did, name: 'Guild of Bookbinders' },
      recipient: { did: `did:example:member-${i}` },
      achievement: { id: 'https://guild.example/membership' },
      term: { name: '2026', start: '2026-01-01T00:00:00Z', end: '2026-12-31T23:59:59Z' },
    }) as unknown as JsonObject
    yield {
      key: `M-${i}|membership|2026`,
      credential,
      options: { format: 'jwt', recipient: `M-${i}`, suspension: true },
    }
  }
}

const failed: string[] = []
const reported = new Map<string, string>()
const summary = await issuer.issueBatch(rows(), {
  onResult: (result) => {
    if (!result.ok) failed.push(`${result.key}: ${result.code} ${result.message}`)
    else reported.set(result.key, result.issued.credential as string)
  },
})
await store.close()
process.stdout.write(`${JSON.stringify({ summary, failed, reported: [...reported] })}\n`)
