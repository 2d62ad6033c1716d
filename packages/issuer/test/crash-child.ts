// One run of a membership batch for crash.test.ts: `node --import tsx crash-child.ts <db> <out> <rows>`.
// It prints the number of rows done as it goes, so the parent can kill it in the middle.
import { join } from 'node:path'
import { buildMembershipCredential, type JsonObject } from '@tessera/schema'
import { MemoryPrivateKeyStore } from '@veramo/key-manager'
import {
  type BatchRow,
  didKeyOf,
  Issuer,
  kmsSigner,
  SqliteIssuerStore,
  TesseraKeyManagementSystem,
  writeFileAtomic,
} from '../src/index.js'

/** The clock the issuer runs at in this test, whatever today's date. */
const NOW = new Date('2026-06-01T00:00:00Z')

const [db, out, count] = process.argv.slice(2) as [string, string, string]
const kms = new TesseraKeyManagementSystem(new MemoryPrivateKeyStore())
const key = await kms.importKey({ type: 'Ed25519', privateKeyHex: process.env.CRASH_KEY as string })
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
    yield { key: `M-${i}|membership|2026`, credential, options: { format: 'jwt', recipient: `M-${i}` } }
  }
}

const summary = await issuer.issueBatch(rows(), {
  onResult: async (result) => {
    if (!result.ok) throw new Error(`${result.key}: ${result.code} ${result.message}`)
    const id = result.issued.credentialId.replace('urn:uuid:', '')
    await writeFileAtomic(join(out, `${id}.jwt`), result.issued.credential as string)
  },
  onProgress: (p) => {
    if (p.done % 100 === 0) process.stdout.write(`${p.done}\n`)
  },
})
await store.close()
process.stdout.write(`${JSON.stringify(summary)}\n`)
