// Wallet copies issued through Issuer.issueCopy for one-commit-kill.test.ts: `node --import tsx
// one-commit-child.ts <db> <count>`, eight at a time, keys `oid4vci:<i>`; prints each one done, so the
// parent can kill it in the middle.
import { issuerOn, kmsIssuer, membership } from '@tessera/testkit/issuer'
import { SqliteIssuerStore } from '../src/sqlite.js'

const [db, count] = process.argv.slice(2) as [string, string]
const { did, signer } = await kmsIssuer(process.env.CRASH_KEY as string)
const store = new SqliteIssuerStore(db)
const issuer = issuerOn(store, signer)
let next = 0
async function worker(): Promise<void> {
  for (let i = next++; i < Number(count); i = next++) {
    await issuer.issueCopy(
      { ...membership(did, i), id: `urn:uuid:${crypto.randomUUID()}` },
      { format: 'jwt', suspension: i % 2 === 0, key: `oid4vci:${i}` },
    )
    process.stdout.write(`${i}\n`)
  }
}
await Promise.all(Array.from({ length: 8 }, worker))
await store.close()
process.stdout.write('end\n')
