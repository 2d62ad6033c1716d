/**
 * What a failing database or file system means for the issuer's store, as a typed error with its fix:
 * a full disk, a store another process is writing, a read-only or damaged file, and better-sqlite3's
 * native binding not built (pnpm 10 skips dependencies' build scripts unless allowed). Callers get
 * `STORE_FULL`, never `SqliteError: database or disk is full` with a stack trace.
 */
import { errorCodeOf, TesseraError } from '@tessera/schema'
import { issuerError } from '../errors.js'
import type { StoreErrorCode } from '../store.js'

export const BINDING_FIX =
  "better-sqlite3's install script did not build it. With pnpm 10 allow the build (`pnpm approve-builds`, or better-sqlite3 in `onlyBuiltDependencies`), then `pnpm rebuild better-sqlite3`; with npm, `npm rebuild better-sqlite3`. It builds from source where no prebuilt binary can be fetched: python3, make and a C++ compiler are needed then"

function codeOf(error: unknown): string {
  return errorCodeOf(error) ?? ''
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** True when better-sqlite3's native part could not be loaded: missing, or built for another Node.js. */
export function isMissingBinding(error: unknown): boolean {
  const message = messageOf(error)
  return (
    /Could not locate the bindings file/.test(message) ||
    /NODE_MODULE_VERSION/.test(message) ||
    codeOf(error) === 'ERR_DLOPEN_FAILED' ||
    (codeOf(error) === 'MODULE_NOT_FOUND' && /better_sqlite3\.node/.test(message))
  )
}

/**
 * The typed error for a SQLite (better-sqlite3) or file-system failure on the store at `path`; undefined
 * for errors the store handles itself (a unique key, say) or does not know.
 */
export function sqliteStoreError(error: unknown, path: string): TesseraError<StoreErrorCode> | undefined {
  if (error instanceof TesseraError) return error as TesseraError<StoreErrorCode>
  const code = codeOf(error)
  const why = messageOf(error)
  const storeError = (kind: StoreErrorCode, message: string) => issuerError(kind, message, error)
  if (isMissingBinding(error))
    return storeError(
      'SQLITE_BINDING_MISSING',
      `the SQLite store cannot run: better-sqlite3's native binding is missing or was built for another Node.js (${why.split('\n')[0]}). ${BINDING_FIX}`,
    )
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT')
    return storeError(
      'STORE_FULL',
      `the store ${path} is full (${why}): the disk, the user's quota or the store's size limit is reached. The write that failed was not kept; free space and run again (a re-run issues only what is not done)`,
    )
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))
    return storeError(
      'STORE_IN_USE',
      `the store ${path} is being written by another process, which held it for longer than the 5 s wait: let it finish, then run again`,
    )
  if (code.startsWith('SQLITE_READONLY') || code === 'EROFS' || code === 'EACCES' || code === 'EPERM')
    return storeError(
      'STORE_READ_ONLY',
      `the store ${path} cannot be written (${why}): its file, its folder or the file system is read-only, or another user owns them`,
    )
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB')
    return storeError(
      'STORE_CORRUPT',
      `${path} is damaged or is not a Tessera store (${why}): restore it from a backup`,
    )
  if (code.startsWith('SQLITE_IOERR'))
    return storeError(
      'STORE_IO_ERROR',
      `reading or writing the store ${path} failed (${why}): check the disk`,
    )
  if (
    code.startsWith('SQLITE_CANTOPEN') ||
    code === 'ENOENT' ||
    code === 'ENOTDIR' ||
    /directory does not exist/.test(why)
  )
    return storeError('STORE_UNREACHABLE', `cannot open the store ${path} (${why})`)
  return undefined
}
