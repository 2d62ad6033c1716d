// `tessera report` (issue #18): count-only events sent to the running service on 127.0.0.1 (and some it
// refuses) come out of the report exactly, per achievement, per month and per public credential; the
// ledger's figures (issued, renewed, revoked, suspended, expiring in 30 days by the CLI's clock) match what
// was done; --since keeps what is from that day on; the three formats say the same, the HTML parses (a
// WHATWG parser), holds an inline <svg> chart and loads nothing from anywhere; bad dates are INVALID_DATE.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { listen, openWalletService } from '@tessera/server'
import { type DefaultTreeAdapterMap, parse } from 'parse5'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import type { Report } from '../src/report-data.js'
import { run as runIn } from './run.js'

const dir = mkdtempSync(join(tmpdir(), 'tessera-report-'))
const run = (...argv: string[]) => runIn(dir, ...argv)
const MEMBERSHIP = 'https://guild.example/achievements/membership'

writeFileSync(
  join(dir, 'template.json'),
  JSON.stringify({
    '@context': [
      'https://www.w3.org/ns/credentials/v2',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
    ],
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { type: ['Profile'], name: 'Guild of Bookbinders' },
    credentialSubject: {
      type: ['AchievementSubject'],
      achievement: {
        id: MEMBERSHIP,
        type: ['Achievement'],
        achievementType: 'Membership',
        name: 'Guild membership',
        description: 'Member in good standing',
        criteria: { narrative: 'Paid the dues' },
      },
    },
  }),
)
writeFileSync(
  join(dir, 'members.csv'),
  'member_id,name,email,did,valid_until\nM-1,Ada Lovelace,ada@example.org,,2026-12-20\nM-2,Bob Binder,bob@example.org,,2027-06-30\nM-3,Cy Cutter,cy@example.org,,2026-12-15\n',
)

const idOf = async (member: string) => {
  const ledger = await run('ledger', '--store', 'store', '--member', member, '--json')
  return /"credentialId":\s*"([^"]+)"/.exec(ledger.out)?.[1] as string
}

let m1: string
let m2: string

test('issue, publish with events, revoke, renew; events sent to the running service', async () => {
  assert.is((await run('init', '--store', 'store', '--status-url', 'https://guild.example/status')).code, 0)
  const issued = await run(
    'issue',
    '--store',
    'store',
    '--template',
    'template.json',
    '--recipients',
    'members.csv',
    '--out',
    'out',
  )
  assert.is(issued.code, 0, issued.err)
  m1 = await idOf('M-1')
  m2 = await idOf('M-2')
  const m3 = await idOf('M-3')

  // The service first (its URL goes into the site), then the site with M-1's public page.
  const now = { value: new Date('2026-11-20T12:00:00Z') }
  let handler: (request: Request) => Promise<Response> = async () => new Response(null, { status: 503 })
  const running = await listen((request) => handler(request))
  const opened = await openWalletService(join(dir, 'store'), process.env, {
    clock: () => now.value,
    baseUrl: running.url,
  })
  handler = opened.service.fetch
  try {
    const published = await run(
      'publish',
      '--store',
      'store',
      '--out',
      'site',
      '--site',
      '',
      '--public-member',
      'M-1',
      '--events-url',
      `${running.url}/events`,
    )
    assert.is(published.code, 0, published.err)
    const page = readFileSync(join(dir, 'site', 'current', 'achievements', 'membership.html'), 'utf8')
    assert.match(page, `data-events="${running.url}/events" data-achievement="${MEMBERSHIP}"`)
    assert.is((await run('revoke', '--store', 'store', m3)).code, 0)
    assert.is((await run('renew', '--store', 'store', m1)).code, 0)

    const send = async (n: number, event: Record<string, string>, status = 204) => {
      for (let i = 0; i < n; i++) {
        const response = await fetch(`${running.url}/events`, {
          method: 'POST',
          headers: { 'content-type': 'text/plain' },
          body: JSON.stringify(event),
        })
        assert.is(response.status, status, JSON.stringify(event))
      }
    }
    await send(4, { type: 'view', achievement: MEMBERSHIP, credential: m1 })
    await send(2, { type: 'download', achievement: MEMBERSHIP })
    now.value = new Date('2026-12-01T09:00:00Z')
    await send(3, { type: 'view', achievement: MEMBERSHIP, credential: m2 }) // not public: counted, id dropped
    await send(2, { type: 'verify', achievement: MEMBERSHIP, credential: m1 })
    await send(1, { type: 'linkedin', achievement: MEMBERSHIP })
    await send(2, { type: 'share', achievement: MEMBERSHIP }, 400)
    await send(2, { type: 'view', achievement: 'https://elsewhere.example/badge' }, 400)
  } finally {
    await running.close()
    await opened.close()
  }
})

test('the JSON report: counts equal the events sent; ledger figures equal what was done', async () => {
  const result = await run('report', '--store', 'store', '--format', 'json')
  assert.is(result.code, 0, result.err)
  const report = JSON.parse(result.out) as Report
  assert.equal(report.totals.events, { view: 7, verify: 2, linkedin: 1, download: 2 })
  assert.equal(report.months, [
    { month: '2026-11', events: { view: 4, verify: 0, linkedin: 0, download: 2 } },
    { month: '2026-12', events: { view: 3, verify: 2, linkedin: 1, download: 0 } },
  ])
  assert.is(report.achievements.length, 1)
  const [membership] = report.achievements
  assert.is(membership?.achievement, MEMBERSHIP)
  assert.is(membership?.name, 'Guild membership')
  assert.equal(membership?.events, report.totals.events)
  // 3 issued + 1 renewal; M-3 revoked; M-1's first term ends 2026-12-20, within 30 days of 2026-12-01.
  assert.equal(membership?.ledger, { issued: 4, renewed: 1, revoked: 1, suspended: 0, expiring: 1 })
  assert.equal(report.publicCredentials, [
    { credential: m1, achievement: MEMBERSHIP, events: { view: 4, verify: 2, linkedin: 0, download: 0 } },
  ])
  assert.not.ok(result.out.includes(m2), "the non-public member's credential is nowhere")
})

test('--since keeps the events and issuing from that day (a month is its first day)', async () => {
  for (const since of ['2026-12', '2026-12-01']) {
    const report = JSON.parse(
      (await run('report', '--store', 'store', '--since', since, '--format', 'json')).out,
    ) as Report
    assert.is(report.since, '2026-12-01')
    assert.equal(report.totals.events, { view: 3, verify: 2, linkedin: 1, download: 0 })
    assert.equal(
      report.months.map((m) => m.month),
      ['2026-12'],
    )
  }
  const later = JSON.parse(
    (await run('report', '--store', 'store', '--since', '2026-12-02', '--format', 'json')).out,
  ) as Report
  assert.equal(later.totals.events, { view: 0, verify: 0, linkedin: 0, download: 0 })
  assert.is(later.totals.ledger.issued, 0)
  assert.is(later.totals.ledger.revoked, 1, 'revoked and expiring are as the ledger stands now')
})

test('bad dates are INVALID_DATE, a bad format USAGE (exit 2)', async () => {
  for (const since of ['2026-02-30', '2026-13', 'yesterday', '26-12-01', '2026-12-01T00:00:00Z']) {
    const result = await run('report', '--store', 'store', '--since', since)
    assert.is(result.code, 2, since)
    assert.match(result.err, /tessera report: INVALID_DATE: /, since)
  }
  const format = await run('report', '--store', 'store', '--format', 'pdf')
  assert.is(format.code, 2)
  assert.match(format.err, /USAGE/)
})

test('the text report says the same numbers', async () => {
  const result = await run('report', '--store', 'store')
  assert.is(result.code, 0, result.err)
  assert.match(result.out, 'Events: 7 page views, 2 verifications, 1 LinkedIn adds, 2 downloads')
  assert.match(result.out, 'Ledger: 4 issued, 1 renewed, 1 revoked, 0 suspended, 1 expiring in 30 days')
  assert.match(result.out, '2026-11  4 page views, 0 verifications, 0 LinkedIn adds, 2 downloads')
  assert.match(result.out, `Guild membership (${MEMBERSHIP})`)
})

type Node = DefaultTreeAdapterMap['node']

function* walk(node: Node): Generator<Node> {
  yield node
  const children = 'childNodes' in node ? node.childNodes : []
  for (const child of children) yield* walk(child)
  if ('content' in node && node.content !== undefined) yield* walk(node.content as Node)
}

test('the HTML report parses, holds an inline SVG chart, and loads nothing from anywhere', async () => {
  const result = await run('report', '--store', 'store', '--format', 'html', '--out', 'report.html')
  assert.is(result.code, 0, result.err)
  const text = readFileSync(join(dir, 'report.html'), 'utf8')
  const errors: string[] = []
  const document = parse(text, { onParseError: (error) => errors.push(error.code) })
  assert.equal(errors, [])
  const elements = [...walk(document as unknown as Node)].filter(
    (n) => 'tagName' in n,
  ) as DefaultTreeAdapterMap['element'][]
  const svg = elements.filter((e) => e.tagName === 'svg')
  assert.is(svg.length, 1)
  assert.ok(
    elements.some((e) => e.tagName === 'rect' || e.tagName === 'path'),
    'the chart draws bars',
  )
  assert.not.ok(elements.some((e) => ['script', 'img', 'link', 'iframe', 'object'].includes(e.tagName)))
  for (const element of elements)
    for (const attribute of element.attrs) {
      if (attribute.name === 'xmlns' || attribute.prefix === 'xmlns') continue // namespaces, never fetched
      assert.not.match(attribute.value, /(https?:)?\/\/|url\(/i, `${element.tagName} ${attribute.name}`)
    }
  const policy = elements
    .find((e) => e.tagName === 'meta' && e.attrs.some((a) => a.value === 'Content-Security-Policy'))
    ?.attrs.find((a) => a.name === 'content')?.value
  assert.match(policy ?? '', /^default-src 'none'; style-src 'unsafe-inline'; img-src data:;/)
  for (const label of ['page views', 'verifications', 'LinkedIn adds', 'downloads']) assert.match(text, label)
})

test.run()
