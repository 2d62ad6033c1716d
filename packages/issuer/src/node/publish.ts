/**
 * Publishing an issuer's public files (its signed status lists, and its did:web document) to a folder, each
 * written atomically: a web server reading the folder never serves half a list.
 */
import { join } from 'node:path'
import type { Issuer, ListCredentialOptions } from '../issuer.js'
import { writeFileAtomic } from './atomic-write.js'

/** Writes `issuer.publicFiles(options)` under `dir`; returns the paths written. */
export async function publish(
  issuer: Issuer,
  dir: string,
  options: ListCredentialOptions = {},
): Promise<string[]> {
  const written: string[] = []
  for (const [path, text] of await issuer.publicFiles(options)) {
    const file = join(dir, ...path.split('/'))
    await writeFileAtomic(file, text)
    written.push(file)
  }
  return written
}
