/**
 * Publishing a site to a folder, atomically and incrementally. The folder holds releases and a
 * `current` symbolic link; the web server (or the upload) serves `<folder>/current`:
 *
 *   <folder>/current -> releases/<n>-<random>     what visitors see
 *   <folder>/releases/<n>-<random>/…              one whole site each
 *   <folder>/releases/<n>-<random>.json           its manifest: each path's content key
 *
 * A publish builds the new release beside the live one (a file whose key is unchanged is hard-linked
 * from the live release, so only what changed is made and written), then replaces `current` by
 * renaming a new link over it: one rename(2), so a visitor sees the old site or the new one, never a
 * mix, whenever the process stops. Old releases are deleted last. A lock file (the publisher's pid)
 * keeps two publishes apart; a dead publisher's lock is taken over.
 *
 * Durability: every file written is flushed (fsync) before it counts, and so is every folder whose
 * entries changed (the new release's folders, `releases/`, the site folder) before the rename that
 * depends on them, so that after a power cut `current` never names a release whose files were still in
 * the page cache.
 */
import { randomUUID } from 'node:crypto'
import { link, lstat, mkdir, open, readdir, readFile, readlink, rename, rm, symlink } from 'node:fs/promises'
import { dirname, join, sep } from 'node:path'
import { errorCodeOf, isJsonObject } from '@tessera/schema'
import { fail } from './errors.js'
import type { Site } from './model.js'

export interface PublishReport {
  /** The release now live (its folder under `<dir>/releases/`). */
  release: string
  /** The folder a host serves: `<dir>/current`. */
  live: string
  /** Paths made and written anew (new or changed). */
  written: string[]
  /** Paths kept from the previous release as they were. */
  kept: string[]
  /** Paths the previous release had and this one has not. */
  removed: string[]
}

/** Writes a whole file and flushes it to the disk before resolving. */
async function writeDurably(path: string, data: Uint8Array | string): Promise<void> {
  const handle = await open(path, 'w')
  try {
    await handle.writeFile(data)
    await handle.sync()
  } finally {
    await handle.close()
  }
}

/** Flushes a folder's entries (the names created, renamed or removed in it) to the disk. */
async function syncFolder(path: string): Promise<void> {
  const handle = await open(path, 'r')
  try {
    await handle.sync()
  } catch (error) {
    // Some file systems cannot flush a folder (EINVAL, EISDIR on a few platforms): nothing more to do.
    const code = errorCodeOf(error)
    if (code !== 'EINVAL' && code !== 'EISDIR' && code !== 'EPERM') throw error
  } finally {
    await handle.close()
  }
}

const RELEASES = 'releases'
const CURRENT = 'current'
const LOCK = '.publish.lock'

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return errorCodeOf(error) === 'EPERM'
  }
}

async function takeLock(dir: string): Promise<() => Promise<void>> {
  const path = join(dir, LOCK)
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(path, 'wx')
      await handle.writeFile(String(process.pid))
      await handle.close()
      return () => rm(path, { force: true })
    } catch (error) {
      if (errorCodeOf(error) !== 'EEXIST') throw error
    }
    const pid = Number.parseInt(await readFile(path, 'utf8').catch(() => ''), 10)
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid))
      fail('PUBLISH_LOCKED', `another publish (process ${pid}) is writing ${dir}`)
    await rm(path, { force: true }) // its publisher is gone
  }
  fail('PUBLISH_LOCKED', `the lock of ${dir} keeps coming back`)
}

/** The live release's name and manifest, if there is one. */
async function liveRelease(dir: string): Promise<{ name: string; keys: Map<string, string> } | undefined> {
  const current = join(dir, CURRENT)
  let target: string
  try {
    const stat = await lstat(current)
    if (!stat.isSymbolicLink()) fail('PUBLISH_TARGET_INVALID', `${current} is not a link this publisher made`)
    target = await readlink(current)
  } catch (error) {
    if (errorCodeOf(error) === 'ENOENT') return undefined
    throw error
  }
  const name = /^releases\/([0-9]+-[0-9a-f]{8})$/.exec(target)?.[1]
  if (name === undefined) fail('PUBLISH_TARGET_INVALID', `${current} points at ${target}, not at a release`)
  const keys = new Map<string, string>()
  try {
    const manifest: unknown = JSON.parse(await readFile(join(dir, RELEASES, `${name}.json`), 'utf8'))
    const files = isJsonObject(manifest) ? manifest.files : undefined
    if (isJsonObject(files))
      for (const [path, key] of Object.entries(files)) if (typeof key === 'string') keys.set(path, key)
  } catch {
    // no manifest: every file is made again
  }
  return { name, keys }
}

/** Publishes `site` into `dir` (see the file's header); returns what changed. */
export async function publishToFolder(site: Site, dir: string): Promise<PublishReport> {
  await mkdir(join(dir, RELEASES), { recursive: true })
  const unlock = await takeLock(dir)
  try {
    const previous = await liveRelease(dir)
    const number = previous === undefined ? 1 : Number.parseInt(previous.name, 10) + 1
    const name = `${String(number).padStart(6, '0')}-${randomUUID().slice(0, 8)}`
    const staging = join(dir, RELEASES, `${name}.tmp`)
    const written: string[] = []
    const kept: string[] = []
    const made = new Set<string>()
    for (const file of [...site.files.values()].sort((a, b) => a.path.localeCompare(b.path))) {
      const target = join(staging, ...file.path.split('/'))
      const folder = dirname(target)
      if (!made.has(folder)) {
        await mkdir(folder, { recursive: true })
        made.add(folder)
      }
      if (previous !== undefined && previous.keys.get(file.path) === file.key) {
        try {
          await link(join(dir, RELEASES, previous.name, ...file.path.split('/')), target)
          kept.push(file.path)
          continue
        } catch {
          // the old file is gone or links are not allowed: make it again
        }
      }
      await writeDurably(target, await file.content())
      written.push(file.path)
    }
    // Each folder of the new release (those made along the way too), deepest first, up to its root.
    const folders = new Set<string>([staging])
    for (let folder of made)
      for (; folder.startsWith(`${staging}${sep}`); folder = dirname(folder)) folders.add(folder)
    for (const folder of [...folders].sort((a, b) => b.length - a.length)) await syncFolder(folder)
    const manifest = { files: Object.fromEntries([...site.files.values()].map((f) => [f.path, f.key])) }
    await writeDurably(join(dir, RELEASES, `${name}.json.tmp`), `${JSON.stringify(manifest)}\n`)
    await rename(join(dir, RELEASES, `${name}.json.tmp`), join(dir, RELEASES, `${name}.json`))
    await rename(staging, join(dir, RELEASES, name))
    await syncFolder(join(dir, RELEASES))
    // The switch: a new link renamed over `current`.
    const nextLink = join(dir, `${CURRENT}.${name}.tmp`)
    await symlink(`${RELEASES}/${name}`, nextLink)
    await rename(nextLink, join(dir, CURRENT))
    await syncFolder(dir)
    // Deletions last: every other release, and whatever an interrupted publish left.
    for (const entry of await readdir(join(dir, RELEASES))) {
      if (entry === name || entry === `${name}.json`) continue
      await rm(join(dir, RELEASES, entry), { recursive: true, force: true })
    }
    for (const entry of await readdir(dir))
      if (entry.startsWith(`${CURRENT}.`) && entry.endsWith('.tmp'))
        await rm(join(dir, entry), { force: true })
    const removed =
      previous === undefined ? [] : [...previous.keys.keys()].filter((path) => !site.files.has(path)).sort()
    return { release: name, live: join(dir, CURRENT), written, kept, removed }
  } finally {
    await unlock()
  }
}
