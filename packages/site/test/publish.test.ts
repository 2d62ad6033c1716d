// Publishing to a folder: the live folder is always one whole site (SIGKILL at random moments), a
// re-publish after a revocation writes only the revoked page, its preview and the status list, an
// un-published member's page goes, and a second publisher is refused while the first is alive.
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { open } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { thrownCodeAsync } from '@tessera/testkit'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { buildSite, publishToFolder, type Site } from '../src/index.js'
import { publicCredential, siteInput } from './fixtures.js'
import { startPublisher } from './publisher-process.js'
import { syntheticSite } from './synthetic-site.js'

const root = mkdtempSync(join(tmpdir(), 'tessera-site-publish-'))
let n = 0
const fresh = () => {
  const dir = join(root, `t${n++}`)
  mkdirSync(dir)
  return dir
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)],
  )
}

/** The live folder's files and contents, by path. */
function liveFiles(dir: string): Map<string, string> {
  const live = join(dir, 'current')
  return new Map(filesUnder(live).map((f) => [relative(live, f), readFileSync(f, 'utf8')]))
}

async function expected(site: Site): Promise<Map<string, string>> {
  const out = new Map<string, string>()
  for (const file of site.files.values()) out.set(file.path, new TextDecoder().decode(await file.content()))
  return out
}

test('a first publish writes everything; the same site again writes nothing', async () => {
  const dir = fresh()
  const site = await buildSite(siteInput())
  const first = await publishToFolder(site, dir)
  assert.is(first.written.length, site.files.size)
  assert.equal(liveFiles(dir), await expected(site))
  const again = await publishToFolder(await buildSite(siteInput()), dir)
  assert.equal(again.written, [])
  assert.is(again.kept.length, site.files.size)
  assert.equal(readdirSync(join(dir, 'releases')).sort(), [again.release, `${again.release}.json`])
})

test('after a revocation only the page, its preview card and the status list are written', async () => {
  const dir = fresh()
  const lists = (bits: string) =>
    new Map([['https://bookbinders.example/status/revocation-1.json', { bits }]])
  const before = await buildSite(siteInput({ statusLists: lists('0') }))
  await publishToFolder(before, dir)
  const revokedOne = siteInput({
    statusLists: lists('1'),
    credentials: [publicCredential(1, { state: 'revoked' }, 'Ada <b>Lovelace</b>'), publicCredential(2)],
  })
  const after = await buildSite(revokedOne)
  const id = after.pages[0]?.shortId
  const report = await publishToFolder(after, dir)
  assert.equal(report.written.sort(), [`c/${id}/card.png`, `c/${id}/index.html`, 'status/revocation-1.json'])
  assert.equal(report.removed, [])
  assert.ok(liveFiles(dir).get(`c/${id}/index.html`)?.includes('Revoked'))
})

test('an un-published member’s page is removed', async () => {
  const dir = fresh()
  const both = await buildSite(siteInput())
  await publishToFolder(both, dir)
  const gone = both.pages[1]?.shortId
  const report = await publishToFolder(
    await buildSite(siteInput({ credentials: [publicCredential(1, {}, 'Ada <b>Lovelace</b>')] })),
    dir,
  )
  assert.equal(report.removed, [`c/${gone}/card.png`, `c/${gone}/credential.jwt`, `c/${gone}/index.html`])
  assert.not.ok([...liveFiles(dir).keys()].some((p) => p.startsWith(`c/${gone}`)))
})

test('a live publisher’s lock refuses a second one; a dead one’s is taken over', async () => {
  const dir = fresh()
  mkdirSync(join(dir, 'releases'))
  writeFileSync(join(dir, '.publish.lock'), String(process.ppid))
  assert.is(await thrownCodeAsync(() => publishToFolder(syntheticSite('A', 4), dir)), 'PUBLISH_LOCKED')
  writeFileSync(join(dir, '.publish.lock'), '999999999')
  await publishToFolder(syntheticSite('A', 4), dir)
})

test('a live path that is not this publisher’s link is refused', async () => {
  const dir = fresh()
  mkdirSync(join(dir, 'current'))
  assert.is(
    await thrownCodeAsync(() => publishToFolder(syntheticSite('A', 4), dir)),
    'PUBLISH_TARGET_INVALID',
  )
})

test('durability: every file written and every folder of the release is flushed (fsync) before it goes live', async () => {
  const dir = fresh()
  // FileHandle.sync, watched: the path each flushed descriptor names (Linux's /proc/self/fd).
  const probe = await open(join(dir, 'probe'), 'w')
  const prototype = Object.getPrototypeOf(probe) as { sync: () => Promise<void> }
  await probe.close()
  const original = prototype.sync
  const flushed: string[] = []
  prototype.sync = async function (this: { fd: number }) {
    flushed.push(readlinkSync(`/proc/self/fd/${this.fd}`))
    return original.call(this)
  }
  let report: Awaited<ReturnType<typeof publishToFolder>>
  try {
    report = await publishToFolder(syntheticSite('A', 6), dir)
  } finally {
    prototype.sync = original
  }
  const release = join(realpathSync(dir), 'releases', report.release)
  const staged = (path: string) => path.replace(`${release}.tmp`, release)
  const synced = new Set(flushed.map(staged))
  for (const path of report.written) assert.ok(synced.has(join(release, path)), `${path} not flushed`)
  const folders = new Set(report.written.map((path) => dirname(join(release, path))))
  for (const folder of folders) assert.ok(synced.has(folder), `${folder} not flushed`)
  assert.ok(synced.has(release), 'the release folder')
  assert.ok(synced.has(join(realpathSync(dir), 'releases')), 'releases/')
  assert.ok(synced.has(realpathSync(dir)), 'the site folder, after the switch')
  assert.ok(synced.has(`${release}.json.tmp`), 'the manifest')
})

test('SIGKILL at random moments: the live folder is always wholly A or wholly B', async () => {
  const dir = fresh()
  const a = await expected(syntheticSite('A'))
  const b = await expected(syntheticSite('B'))
  await publishToFolder(syntheticSite('A'), dir)
  const seen = new Set<string>()
  for (let round = 0; round < 8; round++) {
    const publisher = startPublisher('publish-child.ts', dir)
    // Killed at a random point of a publish (a fraction of one publish's duration, on the child's own pace).
    const { fraction } = await publisher.killMidPublish()
    const live = liveFiles(dir)
    const version = live.get('version.txt')?.trim() ?? '?'
    seen.add(version)
    const at = `round ${round}, killed ${fraction.toFixed(3)} of a publish in`
    assert.equal(live, version === 'A' ? a : b, `${at}: live folder is ${version}, mixed`)
    assert.match(readlinkSync(join(dir, 'current')), /^releases\/\d+-[0-9a-f]{8}$/)
  }
  // The next publish takes over the dead publisher's lock and clears what it left.
  const report = await publishToFolder(syntheticSite('B'), dir)
  assert.equal(liveFiles(dir), b)
  assert.equal(readdirSync(join(dir, 'releases')).sort(), [report.release, `${report.release}.json`])
  assert.ok(seen.size >= 1)
})

test.after(() => rmSync(root, { recursive: true, force: true }))

test.run()
