/**
 * A check's line in a result, from the outcome of what it ran: its code made one of the check's own
 * (`codes.ts`), or a line for a check the caller left out.
 */
import type { Outcome } from '@tessera/proofs'
import { type CheckId, codeOf } from '../codes.js'
import type { Check, SkippableCheckId } from '../result.js'

/** The line of check `id` for `outcome`. A code the check does not list is its general one, named in the message. */
export function check(id: CheckId, outcome: Outcome): Check {
  if (outcome.ok || outcome.code === undefined) return { id, ok: outcome.ok, message: outcome.message }
  const { code, known } = codeOf(id, outcome.code)
  return { id, ok: false, code, message: known ? outcome.message : `${outcome.message} (${outcome.code})` }
}

/** A check the caller asked to leave out (`VerifyOptions.skip`). */
export function notRun(id: SkippableCheckId): Check {
  return { id, ok: true, skipped: true, message: 'not run: left out by the caller (skip)' }
}

/** Whether every check of `checks` passed (a check left out counts as passed). */
export const allPassed = (checks: readonly Check[]): boolean => checks.every((c) => c.ok)
