/**
 * Where the example keeps things. The store (the association's signing key, its secret and the ledger:
 * its identity) lives in a folder of its own, apart from the output folder, which holds only what can be
 * made again: `rm -rf out` starts the output over and never touches the identity. Every file written for
 * a member is named by member id and award (fileNameFor) and stays inside its folder (pathInside).
 */
import { existsSync, readdirSync } from 'node:fs'
import { cp, rename, rm } from 'node:fs/promises'
import { isAbsolute, join, relative, resolve, sep } from 'node:path'
import { fileNameFor, pathInside } from '@tessera/issuer/node'
import { errorCodeOf } from '@tessera/schema'
import { fail } from './errors.js'

export interface Folders {
  /** What a run makes: credentials, badges, certificates, links, mail, publish. */
  out: string
  /** The issuer's store: tessera.json, tessera.db, secret.key. */
  store: string
}

/** The example's own folder (examples/association). */
export const EXAMPLE_DIR = resolve(import.meta.dirname, '..')

/** `inner` is `outer` or inside it. */
function within(inner: string, outer: string): boolean {
  const path = relative(outer, inner)
  return path === '' || (path !== '..' && !path.startsWith(`..${sep}`) && !isAbsolute(path))
}

/**
 * The folders: $ASSOCIATION_OUT (default examples/association/out) and $ASSOCIATION_STORE (default
 * examples/association/store). STORE_INSIDE_OUTPUT when one holds the other: deleting the output would
 * delete the identity, and publishing it would publish the key.
 */
export function foldersFrom(env: Readonly<Record<string, string | undefined>>, base = EXAMPLE_DIR): Folders {
  const out = resolve(env.ASSOCIATION_OUT || join(base, 'out'))
  const store = resolve(env.ASSOCIATION_STORE || join(base, 'store'))
  if (within(store, out) || within(out, store))
    fail(
      'STORE_INSIDE_OUTPUT',
      `the store ${store} and the output folder ${out} must be apart (neither inside the other): the store holds the association's signing key`,
    )
  return { out, store }
}

/**
 * Moves the store an earlier version of the example kept in `<out>/store` to the store folder, when the
 * store folder holds no issuer yet; returns where it came from, or undefined when there was nothing to
 * move. STORE_NOT_MOVED when both hold one, or the move fails.
 */
export async function moveOldStore(folders: Folders): Promise<string | undefined> {
  const old = join(folders.out, 'store')
  if (!existsSync(join(old, 'tessera.json'))) return undefined
  if (existsSync(join(folders.store, 'tessera.json')))
    fail(
      'STORE_NOT_MOVED',
      `both ${old} and ${folders.store} hold an issuer: keep the one whose DID your credentials carry (tessera.json names it) and move the other away`,
    )
  if (existsSync(folders.store) && readdirSync(folders.store).length > 0)
    fail(
      'STORE_NOT_MOVED',
      `${folders.store} is not empty: move the store ${old} there by hand (all of its files), then run again`,
    )
  try {
    await rm(folders.store, { recursive: true, force: true })
    try {
      await rename(old, folders.store)
    } catch (error) {
      if (errorCodeOf(error) !== 'EXDEV') throw error
      // Another disk: copy (modes kept), then remove the old copy.
      await cp(old, folders.store, { recursive: true, preserveTimestamps: true, errorOnExist: true })
      await rm(old, { recursive: true })
    }
  } catch (error) {
    fail(
      'STORE_NOT_MOVED',
      `cannot move the store ${old} to ${folders.store}: ${(error as Error).message}`,
      error,
    )
  }
  return old
}

export type OutputFolder = 'credentials' | 'badges' | 'certificates' | 'links' | 'mail'

/**
 * The file of a member's award in an output folder: `<out>/badges/M-0001-membership-2027.png`. The name
 * is fileNameFor's (safe on every file system), the path refused (PATH_OUTSIDE_FOLDER) if it is not
 * inside the folder.
 */
export function memberFile(
  out: string,
  folder: OutputFolder,
  memberId: string,
  what: string,
  extension: string,
): string {
  return pathInside(join(out, folder), `${fileNameFor(memberId, what)}.${extension}`)
}
