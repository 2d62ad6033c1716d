/**
 * Names of the files written for members (credentials, badges, certificates, mails), from what a
 * spreadsheet says: readable by staff (member id and achievement), safe on every file system (no
 * separator, no control character, no reserved Windows name, not too long), and never a path that leaves
 * the folder it is written to, whatever a row holds.
 */
import { createHash } from 'node:crypto'
import { isAbsolute, relative, resolve, sep } from 'node:path'
import { TesseraError } from '@tessera/schema'
import type { FileNameErrorCode } from '../errors.js'

/** At most this many UTF-8 bytes in a name made by `fileNameFor` (file systems allow 255). */
export const FILE_NAME_MAX_BYTES = 120

const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\.|$)/i

/**
 * One file name from its parts (`fileNameFor('M-0042', 'Membership 2027')` is `M-0042-Membership-2027`):
 * letters and digits of any script are kept
 * (NFC), everything else becomes one `-`, parts are joined by `-`. A name that had to be shortened, or
 * that nothing was left of, ends with 8 hex digits of the SHA-256 of the parts, so two rows never share
 * one file.
 */
export function fileNameFor(...parts: string[]): string {
  const cleaned = parts
    .map((part) =>
      part
        .normalize('NFC')
        .replace(/[^\p{L}\p{N}._]+/gu, '-')
        .replace(/^[-.]+|[-.]+$/g, ''),
    )
    .filter((part) => part !== '')
    .join('-')
  if (cleaned !== '' && Buffer.byteLength(cleaned) <= FILE_NAME_MAX_BYTES && !RESERVED.test(cleaned))
    return cleaned
  const digest = createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 8)
  // Cut at a character boundary, leaving room for the digest.
  let kept = ''
  for (const character of cleaned) {
    if (Buffer.byteLength(kept + character) > FILE_NAME_MAX_BYTES - 9) break
    kept += character
  }
  return kept === '' ? digest : `${kept.replace(/[-.]+$/, '')}-${digest}`
}

/**
 * `folder` joined with `segments`, refused (PATH_OUTSIDE_FOLDER) when the result is not inside
 * `folder`: `..`, an absolute segment, or a Windows separator in a segment cannot move a file out.
 */
export function pathInside(folder: string, ...segments: string[]): string {
  const base = resolve(folder)
  for (const segment of segments) {
    if (segment.includes('\\') || segment.includes('\u0000') || isAbsolute(segment)) outside(folder, segments)
  }
  const target = resolve(base, ...segments)
  const path = relative(base, target)
  if (path === '' || path === '..' || path.startsWith(`..${sep}`) || isAbsolute(path))
    outside(folder, segments)
  return target
}

function outside(folder: string, segments: string[]): never {
  throw new TesseraError<FileNameErrorCode>(
    'PATH_OUTSIDE_FOLDER',
    `${JSON.stringify(segments.join('/'))} is not a path inside ${folder}`,
  )
}
