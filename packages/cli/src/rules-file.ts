/**
 * Reading an award rules file for the commands that take `--rules` (award, progress, serve): its own
 * module, so that `tessera serve` loads the rules' parser without the referral tables' SQLite driver.
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseRules, type Rules } from '@tessera/awards'
import { errorCodeOf } from '@tessera/schema'
import { fail } from './errors.js'
import type { Io } from './io.js'

/** The rules of a file, refused with the file's name, line and path (INVALID_RULES, ...). */
export function readRules(io: Io, file: string): Rules {
  let text: string
  try {
    text = readFileSync(resolve(io.cwd, file), 'utf8')
  } catch (error) {
    return fail('FILE_NOT_READABLE', `cannot read the rules ${file}: ${errorCodeOf(error) ?? String(error)}`)
  }
  return parseRules(text)
}
