// `tessera verify` and a milestone's evidence (issue #20): the `evidence` line among the checks, a warning
// for a credential named as evidence that is not at hand, `--evidence require` to fail on it, a CLR's
// milestone checked against the credentials beside it, and a bad `--evidence` value an unusable command.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { JsonObject } from '@tessera/schema'
import { buildClrCredential } from '@tessera/schema/clr'
import { badge, didKeyIssuer } from '@tessera/testkit/signing'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { run as runIn } from './run.js'

const dir = mkdtempSync(join(tmpdir(), 'tessera-verify-evidence-'))
const run = (...argv: string[]) => runIn(dir, ...argv)
const issuer = await didKeyIssuer()
const LEARNER = 'did:example:ada'

const workshop = await issuer.sign(badge(issuer.did, { name: 'Basics workshop' }))
const missing = `urn:uuid:${crypto.randomUUID()}`
const milestone = await issuer.sign(
  badge(issuer.did, {
    name: 'Practitioner',
    evidence: [
      { type: ['Evidence'], id: workshop.id as string, name: 'Basics workshop', genre: 'Credential' },
      { type: ['Evidence'], id: missing, name: 'Ethics workshop', genre: 'Credential' },
    ],
  }),
)
const clr = await issuer.sign(
  buildClrCredential({
    issuer: { id: issuer.did, name: 'Guild of Bookbinders' },
    recipient: { did: LEARNER },
    credentials: [workshop, milestone],
    validFrom: '2026-05-01T00:00:00Z',
  }) as unknown as JsonObject,
)
writeFileSync(join(dir, 'milestone.json'), JSON.stringify(milestone))
writeFileSync(join(dir, 'clr.json'), JSON.stringify(clr))

test('a milestone on its own: the evidence line, and a warning for what is not at hand; --evidence require fails', async () => {
  const checked = await run('verify', 'milestone.json', '--offline')
  assert.is(checked.code, 0, checked.out + checked.err)
  assert.match(
    checked.out,
    /ok {3}evidence +0 credentials named as evidence verified; 2 not available, not checked/,
  )
  assert.match(
    checked.out,
    `warn EVIDENCE_NOT_CHECKED: 2 credentials named as evidence could not be checked: /evidence/0`,
  )
  const required = await run('verify', 'milestone.json', '--offline', '--evidence', 'require')
  assert.is(required.code, 1)
  assert.match(
    required.out,
    /FAIL evidence +EVIDENCE_UNAVAILABLE: 2 credentials named as evidence could not be checked/,
  )
  const ignored = await run('verify', 'milestone.json', '--offline', '--evidence', 'ignore')
  assert.is(ignored.code, 0)
  assert.not.match(ignored.out, 'evidence')
})

test("a CLR: its milestone's evidence found beside it; the one missing fails the CLR only when required", async () => {
  const checked = await run('verify', 'clr.json', '--offline', '--json')
  assert.is(checked.code, 0, checked.out)
  const result = JSON.parse(checked.out) as {
    embedded: { evidence?: { state: string; source?: string }[] }[]
  }
  assert.equal(
    result.embedded[1]?.evidence?.map((e) => [e.state, e.source]),
    [
      ['verified', '/credentialSubject/verifiableCredential/0'],
      ['unavailable', undefined],
    ],
  )
  const required = await run('verify', 'clr.json', '--offline', '--evidence', 'require')
  assert.is(required.code, 1)
  assert.match(required.out, '/credentialSubject/verifiableCredential/1 (evidence EVIDENCE_UNAVAILABLE)')
})

test('--evidence takes check, require or ignore: anything else is a usage error (exit 2)', async () => {
  const bad = await run('verify', 'milestone.json', '--offline', '--evidence', 'maybe')
  assert.is(bad.code, 2)
  assert.match(bad.err, '--evidence "maybe" is not one of check, require, ignore')
})

test.run()
