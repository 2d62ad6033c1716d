/**
 * A store's files are its owner's alone: the database holds the members' data and the sealed keys, and
 * the secret opens those keys. Files are created 0600 and folders 0700; a store whose secret or database
 * group or others can read, or whose folder they can write, is refused with the chmod that fixes it, as
 * ssh refuses a private key that others can read. POSIX only: Windows has no mode bits (its files are
 * guarded by ACLs), so nothing is checked there.
 */
import { chmodSync, closeSync, openSync, statSync } from 'node:fs'
import { errorCodeOf, TesseraError } from '@tessera/schema'
import type { StoreErrorCode } from '../store.js'
import { sqliteStoreError } from '../stores/sqlite-errors.js'

/** Whether modes are checked here: everywhere but Windows. */
export const MODES_CHECKED = process.platform !== 'win32'

/** Creates `file` empty, mode 0600, unless it exists. SQLite gives its -wal and -shm files the database's mode. */
export function createPrivateFile(file: string): void {
  let fd: number
  try {
    fd = openSync(file, 'wx', 0o600)
  } catch (error) {
    if (errorCodeOf(error) === 'EEXIST') return
    throw sqliteStoreError(error, file) ?? error
  }
  closeSync(fd)
  // Exactly 0600 whatever the umask (a umask of 0177 would leave it unwritable).
  if (MODES_CHECKED) chmodSync(file, 0o600)
}

function modeOf(path: string): number | undefined {
  try {
    return statSync(path).mode & 0o777
  } catch {
    return undefined
  }
}

const octal = (mode: number) => `0${mode.toString(8).padStart(3, '0')}`
const quoted = (path: string) => `'${path.replaceAll("'", `'\\''`)}'`

/**
 * STORE_PERMISSIONS_TOO_OPEN when group or others can read or write one of `files` that exists, or write
 * `folder`; the message names each one and the chmod that fixes them all.
 */
export function assertPrivate(files: readonly string[], folder?: string): void {
  if (!MODES_CHECKED) return
  const open: string[] = []
  const fixes: string[] = []
  const tooOpen = files.filter((file) => {
    const mode = modeOf(file)
    if (mode === undefined || (mode & 0o077) === 0) return false
    open.push(`${file} is ${octal(mode)}`)
    return true
  })
  if (tooOpen.length > 0) fixes.push(`chmod 600 ${tooOpen.map(quoted).join(' ')}`)
  const folderMode = folder === undefined ? undefined : modeOf(folder)
  if (folder !== undefined && folderMode !== undefined && (folderMode & 0o022) !== 0) {
    open.push(`the folder ${folder} is ${octal(folderMode)} (others can replace its files)`)
    fixes.push(`chmod 700 ${quoted(folder)}`)
  }
  if (open.length === 0) return
  throw new TesseraError<StoreErrorCode>(
    'STORE_PERMISSIONS_TOO_OPEN',
    `the store's files must be its owner's alone, and ${open.join(', ')}: run ${fixes.join(' && ')} (and make sure nobody copied them: a copy of the database and the secret can issue as you)`,
  )
}
