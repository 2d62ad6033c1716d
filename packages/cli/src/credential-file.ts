/**
 * Where an issued credential is written: `<out>/credentials/<member>-<achievement>-<id>.json` (or `.jwt`),
 * so that staff can tell whose is whose, made safe for every file system by `fileNameFor` (readable
 * letters of any script, nothing that is a path, a reserved name or too long) and kept inside the folder
 * by `pathInside`. The first 8 hex digits of the credential's id keep two terms of one achievement apart
 * and give a re-run the same name.
 */

import type { Issued } from '@tessera/issuer'
import { fileNameFor, pathInside, writeFileAtomic } from '@tessera/issuer/node'
import { achievementOf, isJsonObject, type JsonObject } from '@tessera/schema'

/** Writes a file whole or not at all (a test can put a full disk in its place). */
export type FileWriter = (path: string, data: string) => Promise<unknown>

/** The credential's own JSON: a Data Integrity credential, or a VC-JWT's payload (or its `vc` claim). */
function credentialOf(credential: JsonObject | string): JsonObject {
  if (isJsonObject(credential)) return credential
  try {
    const payload = JSON.parse(Buffer.from(credential.split('.')[1] ?? '', 'base64url').toString('utf8'))
    return isJsonObject(payload) ? (isJsonObject(payload.vc) ? payload.vc : payload) : {}
  } catch {
    return {}
  }
}

/** The achievement's name (else the credential's name, else the last segment of the achievement id). */
export function achievementNameOf(credential: JsonObject | string): string {
  const json = credentialOf(credential)
  const achievement = achievementOf(json)
  for (const name of [achievement?.name, json.name])
    if (typeof name === 'string' && name.trim() !== '') return name
  return typeof achievement?.id === 'string' ? (achievement.id.split(/[/#:]/).at(-1) ?? '') : ''
}

/** The file name of an issued credential: member, achievement, first 8 hex digits of its id. */
export function credentialFileName(issued: Issued): string {
  const short = issued.credentialId.replace(/^urn:uuid:/, '').slice(0, 8)
  const extension = typeof issued.credential === 'string' ? 'jwt' : 'json'
  return `${fileNameFor(issued.row.recipient, achievementNameOf(issued.credential), short)}.${extension}`
}

/** Writes an issued credential into `<out>/credentials/`; returns the file. */
export async function writeCredential(
  out: string,
  issued: Issued,
  write: FileWriter = writeFileAtomic,
): Promise<string> {
  const file = pathInside(out, 'credentials', credentialFileName(issued))
  await write(
    file,
    typeof issued.credential === 'string'
      ? `${issued.credential}\n`
      : `${JSON.stringify(issued.credential, null, 2)}\n`,
  )
  return file
}
