// `tessera clr`: a member's CLR 2.0 from the store's ledger (a Data Integrity and a VC-JWT credential of
// theirs, each with its own salted email hash), valid against 1EdTech's CLR schema, verified against what
// `publish` wrote; issued again it supersedes (revokes) the last; the website leaves it out; usage errors
// and NOTHING_TO_GATHER.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type JsonObject, parseJsonObject } from '@tessera/schema'
import { validateClr } from '@tessera/schema/clr'
import { Verifier } from '@tessera/verifier'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { run as runIn, TEST_NOW } from './run.js'

const dir = mkdtempSync(join(tmpdir(), 'tessera-clr-'))
const run = (...argv: string[]) => runIn(dir, ...argv)

function template(id: string, name: string): JsonObject {
  return {
    '@context': [
      'https://www.w3.org/ns/credentials/v2',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
    ],
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name,
    issuer: { type: ['Profile'], name: 'Guild of Bookbinders' },
    credentialSubject: {
      type: ['AchievementSubject'],
      achievement: {
        id,
        type: ['Achievement'],
        name,
        description: `${name} of the guild`,
        criteria: { narrative: 'Earned it' },
      },
    },
  }
}

/** A verifier that sees what `publish` wrote, as a relying party would. */
async function publishedVerifier(): Promise<Verifier> {
  const published = await run('publish', '--store', 'store', '--out', 'site')
  assert.is(published.code, 0, published.err)
  const documents = new Map<string, unknown>()
  for (const name of readdirSync(join(dir, 'site', 'status'))) {
    const text = readFileSync(join(dir, 'site', 'status', name), 'utf8').trim()
    documents.set(`https://guild.example/status/${name}`, text.startsWith('{') ? JSON.parse(text) : text)
  }
  documents.set(
    'did:web:guild.example',
    JSON.parse(readFileSync(join(dir, 'site', '.well-known', 'did.json'), 'utf8')),
  )
  return new Verifier({ documents, offline: true })
}

test('setup: a store and two credentials of member M-1 (Data Integrity and VC-JWT)', async () => {
  assert.is((await run('init', '--store', 'store', '--did', 'web:guild.example')).code, 0)
  writeFileSync(
    join(dir, 'member.json'),
    JSON.stringify(template('https://guild.example/membership', 'Member')),
  )
  writeFileSync(join(dir, 'mentor.json'), JSON.stringify(template('https://guild.example/mentor', 'Mentor')))
  for (const [file, proof] of [
    ['member.json', 'eddsa-rdfc-2022'],
    ['mentor.json', 'jwt'],
  ] as const) {
    const issued = await run(
      'issue',
      '--store',
      'store',
      '--template',
      file,
      '--member',
      'M-1',
      '--email',
      'ada@example.org',
      '--valid-until',
      '2027-06-30',
      '--proof',
      proof,
      '--out',
      'out',
    )
    assert.is(issued.code, 0, issued.err)
  }
})

test('tessera clr: the member CLR, valid against the CLR schema, verified; again, it supersedes the last', async () => {
  const first = await run('clr', '--store', 'store', '--member', 'M-1', '--out', 'clr.json', '--json')
  assert.is(first.code, 0, first.err)
  const report = JSON.parse(first.out)
  assert.is(report.gathered.length, 2)
  assert.equal(report.superseded, [])
  const clr = parseJsonObject(readFileSync(join(dir, 'clr.json'), 'utf8'))
  assert.ok(validateClr(clr).valid, JSON.stringify(validateClr(clr).errors))
  assert.is(clr.id, report.credentialId)
  const verifier = await publishedVerifier()
  const result = await verifier.verifyCredential(clr, {
    now: TEST_NOW,
    recipient: { email: 'ada@example.org' },
  })
  assert.ok(result.verified, JSON.stringify(result.checks.filter((c) => !c.ok)))
  assert.is(result.embedded?.length, 2)

  const again = await run('clr', '--store', 'store', '--member', 'M-1', '--format', 'jwt')
  assert.is(again.code, 0, again.err)
  assert.match(again.out, /^issued urn:uuid:\S+, the CLR of M-1, until 2027-06-30/)
  assert.match(again.out, `superseded (revoked) ${report.credentialId}`)
  const jwt = again.out.split('\n').find((l) => l.startsWith('ey')) as string
  const after = await publishedVerifier()
  const current = await after.verifyCredential(jwt, { now: TEST_NOW })
  assert.ok(current.verified, JSON.stringify(current.checks.filter((c) => !c.ok)))
  const old = await after.verifyCredential(clr, { now: TEST_NOW })
  assert.is(old.checks.find((c) => c.id === 'status')?.code, 'REVOKED')
})

test('the website of a member whose CLR is public shows their credentials, and the CLR as none of them', async () => {
  const site = await run(
    'publish',
    '--store',
    'store',
    '--out',
    'website',
    '--site',
    '',
    '--public-member',
    'M-1',
  )
  assert.is(site.code, 0, site.err)
  const pages = readdirSync(join(dir, 'website', 'current'), { recursive: true }).map(String)
  assert.not.ok(
    pages.some((p) => /clr/i.test(p)),
    pages.join(' '),
  )
})

test('tessera clr: usage errors (exit 2), and a member with nothing to gather', async () => {
  const missing = await run('clr', '--store', 'store')
  assert.is(missing.code, 2)
  assert.match(missing.err, /USAGE/)
  const format = await run('clr', '--store', 'store', '--member', 'M-1', '--format', 'pdf')
  assert.is(format.code, 2)
  assert.match(format.err, /--format is jwt or di/)
  const nobody = await run('clr', '--store', 'store', '--member', 'M-404')
  assert.is(nobody.code, 2)
  assert.match(nobody.err, /NOTHING_TO_GATHER/)
})

test.run()
