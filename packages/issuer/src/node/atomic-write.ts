/**
 * Writing a file so that no reader ever sees half of it: the bytes go to a temporary file in the same
 * folder (same file system, so the rename is atomic), are flushed to disk, then renamed over the
 * target. A failure removes the temporary file and leaves any previous version of the target intact.
 */
import { randomBytes } from 'node:crypto'
import { mkdir, open, rename, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

export interface AtomicWriteOptions {
  /** File mode of a new file. Default 0o644. */
  mode?: number
}

/** The temporary files of this helper start with a dot and end in `.tmp`; `isTemporaryName` tells them. */
export function temporaryNameFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`)
}

export function isTemporaryName(name: string): boolean {
  return /^\..+\.\d+\.[0-9a-f]{12}\.tmp$/.test(name)
}

/** Writes `data` to `path` atomically, creating its folder if needed. Returns `path`. */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<string> {
  await mkdir(dirname(path), { recursive: true })
  const temporary = temporaryNameFor(path)
  try {
    const handle = await open(temporary, 'wx', options.mode ?? 0o644)
    try {
      await handle.writeFile(data)
      await handle.sync()
    } finally {
      await handle.close()
    }
    await rename(temporary, path)
  } catch (error) {
    await rm(temporary, { force: true })
    throw error
  }
  return path
}
