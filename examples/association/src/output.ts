/**
 * Writing to the output folder. Every file is written whole or not at all (writeFileAtomic: a temporary
 * file, flushed, then renamed), so a run stopped at any moment leaves no half-written file. A failure of
 * the folder itself (a full disk, no permission) ends the run with its code, since every later file
 * would fail the same way; any other failure is the row's.
 */
import { writeFileAtomic } from '@tessera/issuer/node'
import { errorCodeOf, isTesseraError, type TesseraError } from '@tessera/schema'
import { type ExampleErrorCode, fail } from './errors.js'

/** Writes a whole file (creating its folder); resolves with its path. */
export type WriteFile = (path: string, data: string | Uint8Array) => Promise<string>

const FULL = new Set(['ENOSPC', 'EDQUOT', 'EFBIG'])
const NOT_WRITABLE = new Set(['EACCES', 'EPERM', 'EROFS'])

/** The run-ending failure a file system error is (OUTPUT_FULL, OUTPUT_NOT_WRITABLE), or undefined. */
export function folderFailure(error: unknown, path: string): TesseraError<ExampleErrorCode> | undefined {
  const code = errorCodeOf(error)
  try {
    if (code !== undefined && FULL.has(code))
      fail(
        'OUTPUT_FULL',
        `the disk holding ${path} is full (${code}): nothing was half-written; free some space and run again, and the run finishes what is left`,
        error,
      )
    if (typeof code === 'string' && NOT_WRITABLE.has(code))
      fail(
        'OUTPUT_NOT_WRITABLE',
        `cannot write ${path} (${code}): check the output folder's permissions`,
        error,
      )
  } catch (failure) {
    return failure as TesseraError<ExampleErrorCode>
  }
  return undefined
}

/** Whether `error` ends the run (the output folder failed) rather than one row. */
export function endsTheRun(error: unknown): boolean {
  return isTesseraError(error) && (error.code === 'OUTPUT_FULL' || error.code === 'OUTPUT_NOT_WRITABLE')
}

/** The output folder's writer: counts what it wrote, and types the folder's failures. */
export class Output {
  written = 0

  constructor(
    readonly dir: string,
    private readonly writeFile: WriteFile = writeFileAtomic,
  ) {}

  async write(path: string, data: string | Uint8Array): Promise<string> {
    try {
      await this.writeFile(path, data)
    } catch (error) {
      throw folderFailure(error, path) ?? error
    }
    this.written++
    return path
  }
}
