// Every code a check can carry is a member of `VerificationCode` (CHECK_CODES at run time), and the
// README's table of checks says the same: each check of the list has a row, each row's codes are codes of
// its check, and the codes of the table are the codes of the union, no more and no fewer.
import { readFileSync } from 'node:fs'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import {
  CHECK_CODES,
  type Check,
  type CheckId,
  isCheckCode,
  VERIFICATION_CODES,
  type VerificationCode,
} from '../src/index.js'

const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8')

/** The README's table of checks: each row's check id and the codes named in its last column. */
function readmeTable(): Map<string, Set<string>> {
  const section = README.slice(README.indexOf('## The result'), README.indexOf('## Who issued it'))
  const rows = new Map<string, Set<string>>()
  for (const line of section.split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim())
    const id = /^`([a-z]+)`$/.exec(cells[1] ?? '')?.[1]
    if (id === undefined) continue
    rows.set(id, new Set([...(cells[3] ?? '').matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((m) => m[1] as string)))
  }
  return rows
}

test('the README has a row for every check, and no row for a check that does not exist', () => {
  assert.equal([...readmeTable().keys()].sort(), Object.keys(CHECK_CODES).sort())
})

test("each row's codes are codes of its check", () => {
  for (const [id, codes] of readmeTable()) {
    for (const code of codes) assert.ok(isCheckCode(id as CheckId, code), `${code} is not a code of ${id}`)
  }
})

test('the codes of the table are the codes of VerificationCode, no more and no fewer', () => {
  const documented = new Set([...readmeTable().values()].flatMap((codes) => [...codes]))
  assert.equal([...documented].sort(), [...VERIFICATION_CODES].sort())
})

test('a check result carries a VerificationCode, which a caller can switch over exhaustively', () => {
  // compiled by tsc: `code` is typed, so that a switch over a check's codes is checked for exhaustiveness
  const validityReason = (code: (typeof CHECK_CODES)['validity'][number]): string => {
    switch (code) {
      case 'EXPIRED':
        return 'expired'
      case 'NOT_YET_VALID':
        return 'not yet valid'
      case 'VALIDITY_MISSING':
        return 'no dates'
      default: {
        const unreachable: never = code
        return unreachable
      }
    }
  }
  const line: Check = { id: 'validity', ok: false, code: 'EXPIRED', message: '' }
  const code: VerificationCode | undefined = line.code
  assert.is(code !== undefined && isCheckCode('validity', code) ? validityReason(code) : '', 'expired')
  assert.is(new Set(VERIFICATION_CODES).size, VERIFICATION_CODES.length)
})

test.run()
