// `tessera publish --site`: the store as a website in OUT/current: the issuer's profile, a page per
// achievement in the ledger (its JSON at its id), the status lists, and a public page only for the
// credentials of the members named by --public-member; a re-publish after a revocation rewrites that
// page (now saying revoked) and the status list, and nothing else changes.
import { execFileSync } from 'node:child_process'
import {
  type Dirent,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { run as runIn } from './run.js'

const dir = mkdtempSync(join(tmpdir(), 'tessera-publish-site-'))
const run = (...argv: string[]) => runIn(dir, ...argv)
const live = join(dir, 'site', 'current')

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
        id: 'https://guild.example/achievements/membership',
        type: ['Achievement'],
        achievementType: 'Membership',
        name: 'Guild membership 2026',
        description: 'Member in good standing for 2026',
        criteria: { narrative: 'Paid the 2026 dues' },
      },
    },
  }),
)
writeFileSync(
  join(dir, 'members.csv'),
  'member_id,name,email,did,valid_until\nM-1,Ada Lovelace,ada@example.org,,2026-12-31\nM-2,Bob Binder,bob@example.org,,2026-12-31\n',
)

test('the site has the profile, the achievement and a page for the member who chose one only', async () => {
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
    '--json',
  )
  assert.is(issued.code, 0, issued.err)
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
  )
  assert.is(published.code, 0, published.err)
  for (const path of [
    'index.html',
    'issuer.html',
    'achievements/membership',
    'achievements/membership.html',
    'status/revocation-1.json',
  ])
    assert.ok(existsSync(join(live, path)), path)
  const pages = readdirSync(join(live, 'c'))
  assert.is(pages.length, 1)
  const page = readFileSync(join(live, 'c', pages[0] as string, 'index.html'), 'utf8')
  assert.ok(page.includes('Guild membership 2026'))
  assert.not.ok(readdirSync(live, { recursive: true }).join('\n').includes('Bob'))
})

test('after a revocation the page says revoked; only it, its card and the list are written', async () => {
  const ledger = await run('ledger', '--store', 'store', '--member', 'M-1', '--json')
  const id = /"credentialId":\s*"([^"]+)"/.exec(ledger.out)?.[1] as string
  assert.ok(id, ledger.out)
  assert.is((await run('revoke', '--store', 'store', id)).code, 0)
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
  )
  assert.match(published.out, /: 3 written, \d+ kept, 0 removed/)
  const [page] = readdirSync(join(live, 'c'))
  assert.ok(readFileSync(join(live, 'c', page as string, 'index.html'), 'utf8').includes('Revoked'))
})

test('--branch: the site as one commit on a branch of a bare repository; again, no new commit', async () => {
  execFileSync('git', ['init', '-q', '--bare', join(dir, 'pages.git')])
  const publish = () =>
    run(
      'publish',
      '--store',
      'store',
      '--out',
      'pages.git',
      '--site',
      '',
      '--branch',
      'gh-pages',
      '--public-member',
      'M-1',
    )
  const first = await publish()
  assert.is(first.code, 0, first.err)
  assert.match(first.out, /^refs\/heads\/gh-pages at [0-9a-f]{40}: \d+ written, 0 kept, 0 removed\n$/)
  const git = (...args: string[]) =>
    execFileSync('git', ['-C', join(dir, 'pages.git'), ...args], { encoding: 'utf8' })
  const paths = git('ls-tree', '-r', '--name-only', 'gh-pages').trim().split('\n')
  // The same files as the folder's live release.
  assert.equal(
    paths.sort(),
    (readdirSync(live, { recursive: true, withFileTypes: true }) as Dirent[])
      .filter((entry) => entry.isFile())
      .map((entry) => relative(live, join(entry.parentPath, entry.name)))
      .sort(),
  )
  assert.is(git('log', '-1', '--format=%cI', 'gh-pages').trim(), '2026-12-01T00:00:00+00:00')
  const again = await publish()
  assert.match(again.out, /: 0 written, \d+ kept, 0 removed/)
  assert.is(git('rev-list', '--count', 'gh-pages').trim(), '1')
  const alone = await run('publish', '--store', 'store', '--out', 'pages.git', '--branch', 'gh-pages')
  assert.is(alone.code, 2)
})

test('a language without a file is refused with its code', async () => {
  const refused = await run('publish', '--store', 'store', '--out', 'site', '--site', '', '--language', 'xx')
  assert.is.not(refused.code, 0)
  assert.match(refused.err, /LANGUAGE_UNKNOWN/)
})

test.after(() => rmSync(dir, { recursive: true, force: true }))

test.run()
