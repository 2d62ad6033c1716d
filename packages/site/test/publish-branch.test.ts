// Publishing to a static-pages branch of a local bare repository (the git command): the branch holds
// exactly the site, as one commit at the caller's time; nothing changed makes no commit; a change is one
// commit on the last, writing only what changed; the branch moves to a whole commit or not at all
// (SIGKILL at random moments, another commit landing meanwhile); each refusal has its code.
import { execFileSync } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { thrownCodeAsync } from '@tessera/testkit'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { publishToBranch, type Site } from '../src/index.js'
import { startPublisher } from './publisher-process.js'
import { syntheticSite } from './synthetic-site.js'

const NOW = new Date('2027-03-15T10:00:00Z')
const root = mkdtempSync(join(tmpdir(), 'tessera-site-branch-'))
let n = 0
/** A new bare repository. */
function bare(): string {
  const dir = join(root, `r${n++}.git`)
  execFileSync('git', ['init', '-q', '--bare', dir])
  return dir
}
const git = (repository: string, ...args: string[]) =>
  execFileSync('git', ['-C', repository, ...args], { encoding: 'utf8' }).trim()

/** The branch's files and their contents, by path. */
function branchFiles(repository: string, branch = 'pages'): Map<string, string> {
  // One commit read throughout (a killed publisher's git may still move the branch meanwhile).
  const commit = git(repository, 'rev-parse', branch)
  const files = new Map<string, string>()
  for (const path of git(repository, 'ls-tree', '-r', '--name-only', '--full-tree', commit).split('\n'))
    if (path !== '') files.set(path, git(repository, 'show', `${commit}:${path}`))
  return files
}

async function expected(site: Site): Promise<Map<string, string>> {
  const out = new Map<string, string>()
  for (const file of site.files.values())
    out.set(file.path, new TextDecoder().decode(await file.content()).trim())
  return out
}

const options = (repository: string) => ({ repository, branch: 'pages', now: NOW })

test('the first publish commits the whole site; the same site again makes no commit', async () => {
  const repository = bare()
  const first = await publishToBranch(syntheticSite('A', 20), options(repository))
  assert.is(first.previous, undefined)
  assert.is(first.written.length, 21)
  assert.equal(branchFiles(repository), await expected(syntheticSite('A', 20)))
  assert.is(
    git(repository, 'log', '-1', '--format=%ct %cn %s', 'pages'),
    `${NOW.getTime() / 1000} Tessera Publish the site`,
  )
  const again = await publishToBranch(syntheticSite('A', 20), options(repository))
  assert.is(again.commit, first.commit)
  assert.equal([again.written, again.removed, again.kept.length], [[], [], 21])
})

test('a change is one commit on the last one, with only what changed', async () => {
  const repository = bare()
  const a = await publishToBranch(syntheticSite('A', 20), options(repository))
  const b = await publishToBranch(syntheticSite('B', 20), { ...options(repository), message: 'B' })
  assert.is(b.previous, a.commit)
  assert.is(git(repository, 'rev-parse', 'pages^'), a.commit)
  assert.equal(branchFiles(repository), await expected(syntheticSite('B', 20)))
  // B differs from A in its odd files and version.txt; two of A's files are B's own elsewhere.
  assert.equal(b.removed, ['dir-1/file-1.html', 'dir-4/file-11.html'])
  assert.ok(b.written.includes('version.txt'))
  assert.not.ok(b.written.some((path) => b.kept.includes(path)))
  assert.is(
    git(repository, 'diff', '--no-renames', '--name-only', a.commit, b.commit).split('\n').length,
    b.written.length + b.removed.length,
  )
})

test('refused with their codes: a bad branch name, not a repository, the branch checked out, no git', async () => {
  const repository = bare()
  const site = syntheticSite('A', 4)
  assert.is(
    await thrownCodeAsync(() => publishToBranch(site, { ...options(repository), branch: 'a..b' })),
    'BRANCH_INVALID',
  )
  assert.is(
    await thrownCodeAsync(() => publishToBranch(site, { ...options(repository), branch: '-x' })),
    'BRANCH_INVALID',
  )
  const plain = join(root, 'plain')
  mkdirSync(plain)
  assert.is(await thrownCodeAsync(() => publishToBranch(site, options(plain))), 'PUBLISH_TARGET_INVALID')
  const work = join(root, 'work')
  execFileSync('git', ['init', '-q', '-b', 'pages', work])
  assert.is(await thrownCodeAsync(() => publishToBranch(site, options(work))), 'PUBLISH_TARGET_INVALID')
  // A branch that is not checked out there is fine.
  await publishToBranch(site, { ...options(work), branch: 'site' })
  assert.equal(branchFiles(work, 'site'), await expected(site))
  assert.is(
    await thrownCodeAsync(() =>
      publishToBranch(site, { ...options(repository), git: join(root, 'no-such-git') }),
    ),
    'GIT_UNAVAILABLE',
  )
})

test('another commit landing while publishing: BRANCH_MOVED, and the branch is left as the other made it', async () => {
  const repository = bare()
  await publishToBranch(syntheticSite('A', 6), options(repository))
  // A git that lets another publisher in just before the commit is written.
  const racing = join(root, 'racing-git')
  writeFileSync(
    racing,
    `#!/bin/sh
if [ "$3" = fast-import ]; then
  other=$(printf 'other\\n' | git -C "$2" commit-tree "$(git -C "$2" mktree </dev/null)")
  git -C "$2" update-ref refs/heads/pages "$other"
fi
exec git "$@"
`,
  )
  chmodSync(racing, 0o755)
  assert.is(
    await thrownCodeAsync(() =>
      publishToBranch(syntheticSite('B', 6), { ...options(repository), git: racing }),
    ),
    'BRANCH_MOVED',
  )
  assert.is(git(repository, 'log', '-1', '--format=%s', 'pages'), 'other')
})

/** The kill test's sites' size (publish-branch-child.ts makes the same): a few git steps each. */
const KILL_FILES = 80

test('SIGKILL at random moments: the branch is always a whole commit of A or of B', async () => {
  const repository = bare()
  const a = await expected(syntheticSite('A', KILL_FILES))
  const b = await expected(syntheticSite('B', KILL_FILES))
  await publishToBranch(syntheticSite('A', KILL_FILES), options(repository))
  for (let round = 0; round < 4; round++) {
    const publisher = startPublisher('publish-branch-child.ts', repository)
    // Killed at a random point of a publish (a fraction of one publish's duration, on the child's own pace).
    const { fraction } = await publisher.killMidPublish()
    const files = branchFiles(repository)
    const version = files.get('version.txt') ?? '?'
    const at = `round ${round}, killed ${fraction.toFixed(3)} of a publish in`
    assert.equal(files, version === 'A' ? a : b, `${at}: the branch is ${version}, mixed`)
  }
  git(repository, 'fsck', '--no-progress', '--connectivity-only', 'pages')
  await publishToBranch(syntheticSite('B', KILL_FILES), options(repository))
  assert.equal(branchFiles(repository), b)
})

test.after(() => rmSync(root, { recursive: true, force: true }))

test.run()
