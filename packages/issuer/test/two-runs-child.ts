// One `tessera issue`-like run for two-runs.test.ts: `node --import tsx two-runs-child.ts <db> <rows>`
// issues the same membership rows (the same batch keys) as the other run, as a batch on one SQLite store,
// and prints its summary and the codes of the rows it reported as failed, as one JSON line.
import { issuerOn, kmsIssuer, membershipRows } from '@tessera/testkit/issuer'
import { SqliteIssuerStore } from '../src/sqlite.js'

const [db, count] = process.argv.slice(2) as [string, string]
const { did, signer } = await kmsIssuer(process.env.RUN_KEY as string)
const store = new SqliteIssuerStore(db)
const issuer = issuerOn(store, signer)
const rows = () => membershipRows(did, Number(count), { suspension: true })

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
