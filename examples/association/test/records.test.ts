// Each member's CLR 2.0 from the example's run: one per member in out/records, valid against 1EdTech's CLR
// schema and verified against the published lists, gathering the Data Integrity credential of each award;
// a re-run with nothing new keeps them; a member who leaves has their CLR revoked with their membership.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseJsonObject } from '@tessera/schema'
import { validateClr } from '@tessera/schema/clr'
import { Verifier } from '@tessera/verifier'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { STATUS_URL } from '../src/run.js'
import { filesUnder, runAt, sheetFile, THREE_MEMBERS, tempFolders } from './run-helpers.js'

const NOW = '2027-03-15T10:00:00Z'

function verifierOf(out: string): Verifier {
  const documents = new Map<string, unknown>()
  for (const name of filesUnder(join(out, 'site', 'current', 'status'))) {
    const text = readFileSync(join(out, 'site', 'current', 'status', name), 'utf8').trim()
    documents.set(`${STATUS_URL}/${name}`, text.startsWith('{') ? JSON.parse(text) : text)
  }
  return new Verifier({ documents, offline: true })
}

test("the run issues each member's CLR once, verified; a re-run keeps it; a member who leaves loses it", async () => {
  const folders = tempFolders('association-records')
  try {
    const members = sheetFile(folders.root, THREE_MEMBERS)
    const first = await runAt(NOW, [], { folders, members })
    assert.is(first.code, 0, first.text)
    assert.match(first.text, /learner records \(CLR 2\.0, out\/records\): 3 issued, 0 unchanged/)
    assert.equal(filesUnder(join(folders.out, 'records')).sort(), [
      'A-1-clr.json',
      'A-2-clr.json',
      'A-3-clr.json',
    ])
    const ann = parseJsonObject(readFileSync(join(folders.out, 'records', 'A-1-clr.json'), 'utf8'))
    assert.ok(validateClr(ann).valid, JSON.stringify(validateClr(ann).errors))
    const result = await verifierOf(folders.out).verifyCredential(ann, {
      now: new Date(NOW),
      recipient: { email: 'ann@example.org' },
    })
    assert.ok(result.verified, JSON.stringify(result.checks.filter((c) => !c.ok)))
    // one credential per award: the Data Integrity one
    assert.ok((result.embedded?.length ?? 0) >= 1)
    assert.ok(result.embedded?.every((e) => e.format === 'json'))
    const ids = result.embedded?.map((e) => e.credential?.id)
    assert.is(new Set(ids).size, ids?.length)

    const again = await runAt(NOW, [], { folders, members })
    assert.match(again.text, /learner records \(CLR 2\.0, out\/records\): 0 issued, 3 unchanged/)

    const left = await runAt(NOW, ['--revoke', 'A-2'], { folders, members })
    assert.is(left.code, 0, left.text)
    assert.match(left.text, "revoked A-2's learner record (CLR 2.0)")
    const bea = parseJsonObject(readFileSync(join(folders.out, 'records', 'A-2-clr.json'), 'utf8'))
    const after = await verifierOf(folders.out).verifyCredential(bea, { now: new Date(NOW) })
    assert.is(after.checks.find((c) => c.id === 'status')?.code, 'REVOKED')
    // and inside it, the revoked membership, by its place
    const embedded = after.checks.find((c) => c.id === 'embedded')
    assert.is(embedded?.code, 'EMBEDDED_CREDENTIAL_INVALID')
    assert.match(embedded?.message ?? '', /\/credentialSubject\/verifiableCredential\/\d+ \(status REVOKED\)/)
  } finally {
    folders.remove()
  }
})

test.run()
