// The issuer's commands on a store folder, as an association runs them: init, issue from a CSV (bad rows
// reported, good rows issued once however often it runs), revoke, renew, publish, expiring, ledger.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openIssuer } from '@tessera/issuer/node'
import { type JsonObject, parseJsonObject } from '@tessera/schema'
import { Verifier } from '@tessera/verifier'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { run as runIn, TEST_NOW } from './run.js'

const dir = mkdtempSync(join(tmpdir(), 'tessera-issuing-'))
const run = (...argv: string[]) => runIn(dir, ...argv)
const NOW = TEST_NOW

const TEMPLATE = {
  '@context': [
    'https://www.w3.org/ns/credentials/v2',
    'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
  ],
  type: ['VerifiableCredential', 'OpenBadgeCredential'],
  name: 'Guild membership 2026',
  issuer: { type: ['Profile'], name: 'Guild of Bookbinders' },
  credentialSubject: {
    type: ['AchievementSubject'],
    term: '2026',
    achievement: {
      id: 'https://guild.example/achievements/membership',
      type: ['Achievement'],
      achievementType: 'Membership',
      name: 'Guild membership 2026',
      description: 'Member in good standing for 2026',
      criteria: { narrative: 'Paid the 2026 dues' },
    },
  },
}

writeFileSync(join(dir, 'template.json'), JSON.stringify(TEMPLATE))
writeFileSync(
  join(dir, 'members.csv'),
  [
    'member_id,name,email,did,valid_until',
    'M-1,Ada Lovelace,ada@example.org,,2026-12-31',
    'M-2,Bad Email,not-an-email,,',
    'M-3,Impossible Date,c@example.org,,2025-02-30',
    'M-1,Twice,twice@example.org,,',
    'M-4,Dora,dora@example.org,did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK,2026-12-31',
    'M-5,"Quoted, Name",e@example.org,,2026-12-31,extra',
    'M-6,Eve,eve@example.org,,2026-12-31',
    '',
  ].join('\n'),
)

/** `tessera issue` of the template for every row of members.csv, as JSON. */
const ISSUE_CSV = [
  'issue',
  '--store',
  'store',
  '--template',
  'template.json',
  '--recipients',
  'members.csv',
  '--out',
  'out',
  '--json',
]

/** The id of a credential: a Data Integrity credential's `id`, a VC-JWT's `jti`. */
function idOf(credential: JsonObject | string): string {
  if (typeof credential !== 'string') return credential.id as string
  const payload = JSON.parse(Buffer.from(credential.split('.')[1] as string, 'base64url').toString())
  return (payload.jti ?? payload.id) as string
}

/** Every credential file of `out`, parsed, by credential id. */
function credentials(out: string): Map<string, JsonObject | string> {
  const found = new Map<string, JsonObject | string>()
  for (const name of readdirSync(join(dir, out, 'credentials'))) {
    const text = readFileSync(join(dir, out, 'credentials', name), 'utf8').trim()
    const credential = name.endsWith('.jwt') ? text : parseJsonObject(text)
    found.set(idOf(credential), credential)
  }
  return found
}

/** A verifier that sees what `publish` wrote (status lists and did.json), as a relying party would. */
function publishedVerifier(folder: string): Verifier {
  const documents = new Map<string, unknown>()
  for (const name of readdirSync(join(dir, folder, 'status'))) {
    const text = readFileSync(join(dir, folder, 'status', name), 'utf8').trim()
    documents.set(`https://guild.example/status/${name}`, text.startsWith('{') ? JSON.parse(text) : text)
  }
  documents.set(
    'did:web:guild.example',
    JSON.parse(readFileSync(join(dir, folder, '.well-known', 'did.json'), 'utf8')),
  )
  return new Verifier({ documents, offline: true })
}

test('init: a did:web issuer; a second init of the folder is refused', async () => {
  const first = await run('init', '--store', 'store', '--did', 'web:guild.example')
  assert.is(first.code, 0, first.err)
  assert.match(first.out, /issuer did:web:guild\.example\nstatus lists at https:\/\/guild\.example\/status\//)
  const again = await run('init', '--store', 'store', '--did', 'key')
  assert.is(again.code, 2)
  assert.match(again.err, /ALREADY_INITIALISED/)
  assert.match(
    (await run('init', '--store', 'other', '--did', 'web:not a domain')).err,
    /INVALID_DID(_CHOICE)?:/,
  )
  assert.match((await run('init', '--store', 'other2')).err, /STATUS_URL_NEEDED/)
})

test('issue: a template that is not OB-valid is refused with its schema errors, nothing issued', async () => {
  const broken = structuredClone(TEMPLATE) as JsonObject
  delete (broken.credentialSubject as JsonObject).achievement
  writeFileSync(join(dir, 'broken.json'), JSON.stringify(broken))
  const { code, err } = await run(
    'issue',
    '--store',
    'store',
    '--template',
    'broken.json',
    '--recipients',
    'members.csv',
    '--out',
    'out',
  )
  assert.is(code, 1)
  assert.match(err, /not a valid OB 3\.0 template: INVALID_CREDENTIAL/)
  assert.match(err, /\/credentialSubject\/achievement/)
  const withId = { ...TEMPLATE, id: 'urn:uuid:fixed' }
  writeFileSync(join(dir, 'with-id.json'), JSON.stringify(withId))
  const refused = await run(
    'issue',
    '--store',
    'store',
    '--template',
    'with-id.json',
    '--member',
    'M-9',
    '--email',
    'x@example.org',
    '--out',
    'out',
  )
  assert.match(refused.err, /INVALID_TEMPLATE: a template has no id/)
  assert.throws(() => readdirSync(join(dir, 'out')))
})

test('issue: bad rows reported by line, column and reason; the good rows issued, once', async () => {
  const first = await run(...ISSUE_CSV)
  assert.is(first.code, 1, first.err)
  const report = JSON.parse(first.out) as {
    issued: number
    existing: number
    refused: { line: number; column?: string; reason: string }[]
  }
  assert.is(report.issued, 3)
  assert.equal(
    report.refused.map((r) => [r.line, r.column ?? '-']),
    [
      [3, 'email'],
      [4, 'valid_until'],
      [5, 'member_id'],
      [7, '-'],
    ],
  )
  assert.match(report.refused[3]?.reason ?? '', /column|field/i)
  const issued = credentials('out')
  assert.is(issued.size, 3)
  const again = await run(...ISSUE_CSV)
  assert.equal([JSON.parse(again.out).issued, JSON.parse(again.out).existing], [0, 3])
  assert.is(credentials('out').size, 3)
  await run('publish', '--store', 'store', '--out', 'out')
  for (const credential of issued.values()) {
    const result = await publishedVerifier('out').verifyCredential(credential, { now: NOW })
    assert.ok(result.verified, JSON.stringify(result.checks.filter((c) => !c.ok)))
  }
})

test('revoke, publish: the published lists say revoked exactly for the revoked credential', async () => {
  const [revoked, ...kept] = [...credentials('out').keys()]
  const { code, out } = await run('revoke', '--store', 'store', revoked as string)
  assert.is(code, 0)
  assert.match(out, /revoked urn:uuid:/)
  assert.is((await run('publish', '--store', 'store', '--out', 'out')).code, 0)
  const verifier = publishedVerifier('out')
  const all = credentials('out')
  const statusOf = async (id: string) =>
    (await verifier.verifyCredential(all.get(id) as JsonObject, { now: NOW })).checks.find(
      (c) => c.id === 'status',
    )
  assert.is((await statusOf(revoked as string))?.code, 'REVOKED')
  for (const id of kept) assert.ok((await statusOf(id))?.ok, id)
  assert.match((await run('reinstate', '--store', 'store', revoked as string)).err, /WRONG_STATE/)
  assert.match((await run('revoke', '--store', 'store', 'urn:uuid:unknown')).err, /NOT_ISSUED_HERE/)
})

test('expiring, renew, ledger: next term issued once, old one kept; the ledger streams as JSON', async () => {
  const expiring = await run('expiring', '--store', 'store', '--within', '400d', '--json')
  const soon = JSON.parse(expiring.out) as { credentialId: string; state: string }[]
  assert.is(soon.length, 2)
  const [first] = soon
  const renewed = await run('renew', '--store', 'store', '--out', 'out', first?.credentialId as string)
  assert.is(renewed.code, 0, renewed.err)
  assert.match(renewed.out, /until 2027-12-31T23:59:59Z/)
  const twice = await run('renew', '--store', 'store', first?.credentialId as string)
  assert.is(twice.out.split(' as ')[1]?.split(' ')[0], renewed.out.split(' as ')[1]?.split(' ')[0])
  const ledger = JSON.parse((await run('ledger', '--store', 'store', '--json')).out) as {
    state: string
    validUntil: string
  }[]
  assert.equal(ledger.map((r) => r.state).sort(), ['active', 'active', 'active', 'revoked'])
  assert.is(ledger.filter((r) => r.validUntil.startsWith('2027')).length, 1)
  assert.not.ok(JSON.stringify(ledger).includes('eyJ'), 'the ledger listing holds no credential')
})

test('renew --member: each standing credential with a begun term, once; a renewal not begun is left', async () => {
  const rows = JSON.parse((await run('ledger', '--store', 'store', '--json')).out) as {
    recipient: string
    state: string
  }[]
  // a member with one credential, active, for 2026
  const alone = (r: { recipient: string }) => rows.filter((o) => o.recipient === r.recipient).length === 1
  const member = rows.find((r) => r.state === 'active' && alone(r))?.recipient as string
  const first = await run('renew', '--store', 'store', '--out', 'out', '--member', member)
  assert.is(first.code, 0, first.err)
  assert.match(first.out, /^renewed urn:uuid:\S+ as urn:uuid:\S+ until 2027-12-31T23:59:59Z/)
  assert.is(first.out.trim().split('\n').length, 1)
  // the 2026 credential was renewed already; the 2027 one has not begun
  const again = await run('renew', '--store', 'store', '--member', member)
  assert.is(again.out.trim().split('\n').length, 1)
  assert.match(again.out, /^already renewed /)
  const nobody = await run('renew', '--store', 'store', '--member', 'M-404')
  assert.is(nobody.code, 0)
  assert.match(nobody.out, /M-404 holds no standing credential/)
  const both = await run('renew', '--store', 'store', '--member', member, 'urn:uuid:x')
  assert.is(both.code, 2)
  assert.match(both.err, /USAGE/)
})

test('key rotation: a new key signs, credentials of the old key still verify', async () => {
  const rotated = await run('key', 'rotate', '--store', 'store')
  assert.is(rotated.code, 0, rotated.err)
  assert.match(rotated.out, /^key-2 signs from now on/)
  const before = credentials('out')
  const issued = await run(
    'issue',
    '--store',
    'store',
    '--template',
    'template.json',
    '--member',
    'M-7',
    '--email',
    'g@example.org',
    '--out',
    'out',
    '--proof',
    'jwt',
  )
  assert.is(issued.code, 0, issued.err)
  await run('publish', '--store', 'store', '--out', 'out')
  const didJson = JSON.parse(readFileSync(join(dir, 'out', '.well-known', 'did.json'), 'utf8')) as {
    assertionMethod: string[]
  }
  assert.equal(didJson.assertionMethod, ['did:web:guild.example#key-1', 'did:web:guild.example#key-2'])
  const verifier = publishedVerifier('out')
  const after = [...credentials('out')].filter(([id]) => !before.has(id))
  assert.is(after.length, 1)
  const jwt = after[0]?.[1] as string
  const header = JSON.parse(Buffer.from(jwt.split('.')[0] as string, 'base64url').toString()) as {
    kid: string
  }
  assert.is(header.kid, 'did:web:guild.example#key-2')
  assert.ok((await verifier.verifyCredential(jwt, { now: NOW })).verified)
  for (const credential of before.values()) {
    // the renewal is for 2027: its signature and issuer are what rotation must keep verifying
    const result = await verifier.verifyCredential(credential, { now: NOW, status: false })
    const failed = result.checks.filter((c) => !c.ok && c.code !== 'NOT_YET_VALID')
    assert.equal(failed, [])
  }
})

test('key removal after a leak: what the key signed stops verifying, the key is destroyed', async () => {
  const listed = await run('key', 'list', '--store', 'store')
  assert.is(
    listed.out,
    'did:web:guild.example#key-1  Ed25519\ndid:web:guild.example#key-2  Ed25519  (signs)\n',
  )
  for (const [fragment, code] of [
    ['key-2', 'KEY_IN_USE'],
    ['key-9', 'UNKNOWN_KEY'],
  ] as const) {
    const refused = await run('key', 'remove', fragment, '--store', 'store')
    assert.is(refused.code, 2)
    assert.match(refused.err, `${code}:`)
  }
  const opened = await openIssuer(join(dir, 'store'), process.env, { clock: () => NOW })
  const leaked = opened.identifier.keys.find((k) => k.meta?.fragment === undefined)?.kid as string
  await opened.close()
  const removed = await run('key', 'remove', 'key-1', '--store', 'store')
  assert.is(removed.code, 0, removed.err)
  await run('publish', '--store', 'store', '--out', 'out')
  const didJson = JSON.parse(readFileSync(join(dir, 'out', '.well-known', 'did.json'), 'utf8')) as {
    assertionMethod: string[]
  }
  assert.equal(didJson.assertionMethod, ['did:web:guild.example#key-2'])
  const verifier = publishedVerifier('out')
  let byKey2 = 0
  for (const credential of credentials('out').values()) {
    const result = await verifier.verifyCredential(credential, { now: NOW, status: false })
    const kid =
      typeof credential === 'string'
        ? (
            JSON.parse(Buffer.from(credential.split('.')[0] as string, 'base64url').toString()) as {
              kid: string
            }
          ).kid
        : ((credential.proof as JsonObject).verificationMethod as string)
    if (kid.endsWith('#key-2')) {
      byKey2++
      assert.ok(
        result.checks.every((c) => c.ok || c.code === 'NOT_YET_VALID'),
        kid,
      )
    } else {
      assert.is(result.verified, false, kid)
      assert.ok(
        result.checks.some((c) => c.code === 'KEY_NOT_FOUND'),
        JSON.stringify(result.checks),
      )
    }
  }
  assert.is(byKey2, 1)
  const reopened = await openIssuer(join(dir, 'store'), process.env, { clock: () => NOW })
  try {
    assert.equal(
      reopened.identifier.keys.map((k) => k.meta?.fragment),
      ['key-2'],
    )
    const destroyed = await reopened.agent.agent.keyManagerGet({ kid: leaked }).then(
      () => false,
      () => true,
    )
    assert.ok(destroyed, 'the removed key is gone from the key store')
    // a new key never takes a removed key's name
    const again = await reopened.agent.rotateKey(reopened.identifier)
    assert.equal(again.keys.map((k) => k.meta?.fragment).sort(), ['key-2', 'key-3'])
  } finally {
    await reopened.close()
  }
})

test('a bad command line: exit 2 with USAGE, and nothing written', async () => {
  const issueOne = [
    ...['issue', '--store', 'store', '--template', 'template.json'],
    ...['--member', 'M-9', '--email', 'x@example.org', '--out', 'bad'],
  ]
  for (const args of [
    [...issueOne, '--proof', 'rsa-2048'],
    [...issueOne, '--status', 'crl'],
    ['issue', '--store', 'store', '--template', 'template.json', '--out', 'bad'],
    ['expiring', '--store', 'store', '--within', 'a month'],
    ['revoke', '--store', 'store'],
  ]) {
    const { code, err } = await run(...args)
    assert.is(code, 2, args.join(' '))
    assert.match(err, /USAGE/)
  }
  assert.throws(() => readdirSync(join(dir, 'bad')))
})

test('a wrong TESSERA_SECRET: WRONG_SECRET, exit 2, no secret or key material in the output', async () => {
  const saved = process.env.TESSERA_SECRET
  const wrong = 'c'.repeat(64)
  process.env.TESSERA_SECRET = wrong
  try {
    const { code, out, err } = await run('ledger', '--store', 'store')
    assert.is(code, 2)
    assert.match(err, /WRONG_SECRET/)
    const secret = readFileSync(join(dir, 'store', 'secret.key'), 'utf8').trim()
    for (const text of [out, err]) {
      assert.not.ok(text.includes(wrong))
      assert.not.ok(text.includes(secret))
    }
  } finally {
    if (saved === undefined) delete process.env.TESSERA_SECRET
    else process.env.TESSERA_SECRET = saved
  }
})

test.after(() => rmSync(dir, { recursive: true, force: true }))

test.run()
