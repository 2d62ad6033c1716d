// One run of a membership batch for crash.test.ts: `node --import tsx crash-child.ts <db> <out> <rows> [every]`.
// It prints the number of rows done every `every` rows (default 100) as it goes, so the parent can kill it
// in the middle.
import { join } from 'node:path'
import { issuerOn, kmsIssuer, membershipRows } from '@tessera/testkit/issuer'
import { writeFileAtomic } from '../src/node/index.js'
import { SqliteIssuerStore } from '../src/sqlite.js'

const [db, out, count, every = '100'] = process.argv.slice(2) as [string, string, string, string?]
const { did, signer } = await kmsIssuer(process.env.CRASH_KEY as string)
const store = new SqliteIssuerStore(db)
const issuer = issuerOn(store, signer)
const rows = () => membershipRows(did, Number(count))

const summary = await issuer.issueBatch(rows(), {
  onResult: async (result) => {
    if (!result.ok) throw new Error(`${result.key}: ${result.code} ${result.message}`)
    const id = result.issued.credentialId.replace('urn:uuid:', '')
    await writeFileAtomic(join(out, `${id}.jwt`), result.issued.credential as string)
  },
  onProgress: (p) => {
    if (p.done % Number(every) === 0) process.stdout.write(`${p.done}\n`)
  },
})
await store.close()
process.stdout.write(`${JSON.stringify(summary)}\n`)
