import { open } from 'node:fs/promises'
import { resolve } from 'node:path'
import { DEFAULT_INPUT_LIMITS } from '@tessera/schema'
import { fail } from './errors.js'

export type ReadErrorCode = 'FILE_NOT_READABLE' | 'INPUT_TOO_LARGE'

/**
 * Reads a file (or standard input for "-") as bytes, refusing anything over `maxBytes` before reading
 * it all: a 20 MB file costs a stat, not 20 MB of memory.
 */
export async function readInput(
  path: string,
  cwd: string,
  maxBytes = DEFAULT_INPUT_LIMITS.maxBytes,
): Promise<Uint8Array> {
  if (path === '-') return readStream(process.stdin, maxBytes)
  let handle: Awaited<ReturnType<typeof open>>
  try {
    handle = await open(resolve(cwd, path), 'r')
  } catch (cause) {
    fail(
      'FILE_NOT_READABLE',
      `cannot read ${path}: ${cause instanceof Error ? cause.message : String(cause)}`,
      cause,
    )
  }
  try {
    const { size, isFile } = await handle.stat().then((s) => ({ size: s.size, isFile: s.isFile() }))
    if (!isFile) fail('FILE_NOT_READABLE', `${path} is not a file`)
    tooLarge(size, maxBytes)
    return await readStream(handle.createReadStream(), maxBytes)
  } finally {
    await handle.close()
  }
}

function tooLarge(size: number, maxBytes: number): void {
  if (size > maxBytes) {
    fail('INPUT_TOO_LARGE', `input is over ${maxBytes} bytes (${size} bytes)`)
  }
}

async function readStream(stream: AsyncIterable<Uint8Array>, maxBytes: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = []
  let size = 0
  for await (const chunk of stream) {
    size += chunk.byteLength
    tooLarge(size, maxBytes)
    chunks.push(chunk)
  }
  return Buffer.concat(chunks)
}
