// `tessera issue` on spreadsheets as members' systems write them and as attackers do: semicolon CSV and
// .xlsx, hostile rows refused one by one while the good rows are issued, readable file names inside the
// output folder, the recipient's name in the signed credential, a full disk stopped cleanly and finished
// by a re-run; then verify --store before publishing, and expiring once per member and achievement.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { writeFileAtomic } from '@tessera/issuer/node'
import { type JsonObject, parseJsonObject, recipientNameOf } from '@tessera/schema'
import { sheetXml, workbook } from '@tessera/testkit/xlsx'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { main } from '../src/main.js'
import { run as runIn, TEST_NOW } from './run.js'

const dir = mkdtempSync(join(tmpdir(), 'tessera-sheets-'))
const run = (...argv: string[]) => runIn(dir, ...argv)

const template = (name: string, id: string) => ({
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
      achievementType: 'Membership',
      name,
      description: `${name} of the Guild`,
      criteria: { narrative: 'Paid the dues' },
    },
  },
})
writeFileSync(
  join(dir, 'membership.json'),
  JSON.stringify(template('Guild membership 2026', 'https://guild.example/achievements/membership')),
)
writeFileSync(
  join(dir, 'fair.json'),
  JSON.stringify(template('Book fair 2026', 'https://guild.example/achievements/fair-2026')),
)

const issue = (templateFile: string, sheet: string, out: string, ...more: string[]) =>
  run('issue', '--store', 'store', '--template', templateFile, '--recipients', sheet, '--out', out, ...more)

/** The credential files of `out` (names), and each parsed. */
function files(out: string): Map<string, JsonObject> {
  const folder = join(dir, out, 'credentials')
  return new Map(
    (existsSync(folder) ? readdirSync(folder) : []).map((name) => [
      name,
      parseJsonObject(readFileSync(join(folder, name), 'utf8')),
    ]),
  )
}

test('init a did:web store', async () => {
  const { code, err } = await run('init', '--store', 'store', '--did', 'web:guild.example')
  assert.is(code, 0, err)
})

test('a semicolon sheet with hostile rows: each refused with line, column and code; the good rows issued', async () => {
  writeFileSync(
    join(dir, 'members.csv'),
    [
      'member_id;name;email;valid_until',
      'M-1;Ada Lovelace;ada@example.org;2026-12-31',
      '../../../../tmp/x/evil;Eve;eve@example.org;',
      `${'x'.repeat(300)};Long;long@example.org;`,
      'M-\u001b[2J\u001b[H;Esc;esc@example.org;',
      'M-2;"Bea\r\nissued 3000, refused 0";bea@example.org;',
      'M-3;Zoë Müller, Jr.;zoe@example.org;2026-12-31',
      '',
    ].join('\n'),
  )
  const json = await issue('membership.json', 'members.csv', 'out', '--json')
  assert.is(json.code, 1, json.err)
  const report = JSON.parse(json.out) as {
    issued: number
    written: number
    refused: { line: number; column?: string; code: string; reason: string }[]
  }
  assert.is(report.issued, 2)
  assert.is(report.written, 2)
  assert.equal(
    report.refused.map((r) => [r.line, r.column, r.code]),
    [
      [3, 'member_id', 'INVALID_MEMBER_ID'],
      [4, 'member_id', 'VALUE_TOO_LONG'],
      [5, 'member_id', 'CONTROL_CHARACTER'],
      [6, 'name', 'CONTROL_CHARACTER'],
    ],
  )
  // nothing outside the output folder; the files named by member and achievement
  assert.equal(readdirSync(dir).sort(), ['fair.json', 'members.csv', 'membership.json', 'out', 'store'])
  const names = [...files('out').keys()].sort()
  assert.is(names.length, 2)
  assert.match(names[0] as string, /^M-1-Guild-membership-2026-[0-9a-f]{8}\.json$/)
  assert.match(names[1] as string, /^M-3-Guild-membership-2026-[0-9a-f]{8}\.json$/)
  // the recipient's name is in the signed credential
  assert.equal([...files('out').values()].map((c) => recipientNameOf(c)).sort(), [
    'Ada Lovelace',
    'Zoë Müller, Jr.',
  ])
  // printed for a terminal: no raw escape or line break from the sheet
  const text = await issue('membership.json', 'members.csv', 'out')
  assert.is(text.code, 1)
  assert.match(text.out, /^issued 0, already issued 2, refused 4, files written 2\n/)
  assert.match(text.out, /line 5, column member_id: CONTROL_CHARACTER: /)
  for (const raw of ['\u001b', '\r']) assert.not.ok(text.out.includes(raw), JSON.stringify(text.out))
  assert.is(text.out.split('\n').length, 6)
})

test('an .xlsx workbook issues like a CSV; --without-names leaves the name out', async () => {
  writeFileSync(
    join(dir, 'members.xlsx'),
    workbook(
      sheetXml([
        ['Member ID', 'Name', 'E-mail'],
        ['M-4', 'Dora Łęcka', 'dora@example.pl'],
      ]),
    ),
  )
  const { code, out, err } = await issue('membership.json', 'members.xlsx', 'xlsx-out', '--without-names')
  assert.is(code, 0, err + out)
  const [[name, credential]] = [...files('xlsx-out')] as [[string, JsonObject]]
  assert.match(name, /^M-4-Guild-membership-2026-[0-9a-f]{8}\.json$/)
  assert.is(recipientNameOf(credential), undefined)
  assert.not.ok(JSON.stringify(credential).includes('Dora'))
})

test('verify --store: checked against the store before anything is published', async () => {
  const [file] = [...files('out').keys()]
  const path = join('out', 'credentials', file as string)
  const before = await run('verify', path, '--offline')
  assert.is(before.code, 1)
  assert.match(before.out, /FAIL/)
  const withStore = await run('verify', path, '--store', 'store', '--offline')
  assert.is(withStore.code, 0, withStore.out + withStore.err)
  assert.match(withStore.out, /: VERIFIED /)
  assert.match(withStore.out, /ok {3}status/)
  await run('revoke', '--store', 'store', files('out').get(file as string)?.id as string)
  const revoked = await run('verify', path, '--store', 'store', '--offline', '--json')
  assert.is(revoked.code, 1)
  assert.ok(
    (JSON.parse(revoked.out) as { checks: { code?: string }[] }).checks.some((c) => c.code === 'REVOKED'),
  )
})

test('a full output disk: OUTPUT_FULL with the summary so far, no half file; a re-run finishes the job', async () => {
  writeFileSync(
    join(dir, 'fair.csv'),
    ['member_id,name,email', ...[5, 6, 7, 8].map((n) => `M-${n},Member ${n},m${n}@example.org`), ''].join(
      '\n',
    ),
  )
  let writes = 0
  const out: string[] = []
  const err: string[] = []
  const argv = [
    ...['issue', '--store', 'store', '--template', 'fair.json'],
    ...['--recipients', 'fair.csv', '--out', 'fair-out', '--json'],
  ]
  const code = await main(argv, {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    cwd: dir,
    now: () => TEST_NOW,
    writeFile: async (path, data) => {
      if (++writes > 1)
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })
      return writeFileAtomic(path, data)
    },
  })
  assert.is(code, 2)
  assert.match(err.join(''), /^tessera issue: OUTPUT_FULL: cannot write urn:uuid:/)
  assert.match(err.join(''), /run the same command again/)
  const partial = JSON.parse(out.join('')) as {
    issued: number
    written: number
    unwritten: number
    stopped: { code: string }
  }
  assert.is(partial.stopped.code, 'OUTPUT_FULL')
  assert.is(partial.written, 1)
  assert.is(partial.issued, partial.written + partial.unwritten)
  assert.equal(readdirSync(join(dir, 'fair-out', 'credentials')).length, 1)
  const again = await run(...argv)
  assert.is(again.code, 0, again.err)
  const finished = JSON.parse(again.out) as { issued: number; existing: number; written: number }
  assert.is(finished.issued + finished.existing, 4)
  assert.is(finished.written, 4)
  const names = [...files('fair-out').keys()]
  assert.equal(names.map((n) => n.slice(0, 3)).sort(), ['M-5', 'M-6', 'M-7', 'M-8'])
  for (const name of names) assert.match(name, /^M-\d-Book-fair-2026-[0-9a-f]{8}\.json$/)
})

test('expiring: each member once per achievement, the renewed left out (listed and marked with --all)', async () => {
  // M-3 gets a second membership credential of another term: still one line for M-3
  const second = await run(
    ...['issue', '--store', 'store', '--template', 'membership.json', '--member', 'M-3'],
    ...['--email', 'zoe@example.org', '--out', 'out', '--term', 'second', '--valid-until', '2026-12-20'],
  )
  assert.is(second.code, 0, second.err)
  const unrenewed = await run(
    ...['issue', '--store', 'store', '--template', 'membership.json', '--member', 'M-9'],
    ...['--email', 'nine@example.org', '--out', 'out', '--valid-until', '2026-12-31'],
  )
  assert.is(unrenewed.code, 0, unrenewed.err)
  const m3 = (await run('ledger', '--store', 'store', '--member', 'M-3', '--json')).out
  const latest = (JSON.parse(m3) as { credentialId: string; validUntil: string }[]).find((r) =>
    r.validUntil.startsWith('2026-12-31'),
  )
  const renewed = await run('renew', '--store', 'store', latest?.credentialId as string)
  assert.is(renewed.code, 0, renewed.err)
  const standing = JSON.parse(
    (await run('expiring', '--store', 'store', '--within', '60d', '--json')).out,
  ) as {
    recipient: string
    achievementId: string
  }[]
  // By default the standing memberships to renew only: M-3 renewed is left out, M-9 listed once.
  assert.equal(
    standing
      .filter((e) => e.achievementId === 'https://guild.example/achievements/membership')
      .map((e) => e.recipient),
    ['M-9'],
  )
  const listed = JSON.parse(
    (await run('expiring', '--store', 'store', '--within', '60d', '--all', '--json')).out,
  ) as {
    recipient: string
    achievementId: string
    credentials: string[]
    renewal?: { validUntil: string }
  }[]
  const membership = listed.filter((e) => e.achievementId === 'https://guild.example/achievements/membership')
  // M-1 was revoked above; M-4 has no end
  assert.equal(membership.map((e) => e.recipient).sort(), ['M-3', 'M-9'])
  const zoe = membership.find((e) => e.recipient === 'M-3')
  assert.is(zoe?.credentials.length, 2)
  assert.is(zoe?.renewal?.validUntil, '2027-12-31T23:59:59Z')
  assert.is(membership.find((e) => e.recipient === 'M-9')?.renewal, undefined)
  const text = await run('expiring', '--store', 'store', '--within', '60d', '--all')
  assert.match(
    text.out,
    /M-3 {2}https:\/\/guild\.example\/achievements\/membership {2}ends 2026-12-31T23:59:59Z {2}renewed until 2027-12-31T23:59:59Z/,
  )
  assert.match(text.out, /M-9 .* NOT RENEWED/)
})

test.after(() => rmSync(dir, { recursive: true, force: true }))

test.run()
