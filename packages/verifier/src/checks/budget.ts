/** The `budget` line: a failed check with the first limit of the verification's budget it reached, when one was. */

import { failed } from '@tessera/proofs'
import type { Budget } from '../budget.js'
import type { Check } from '../result.js'
import { check } from './check.js'

export function withBudget<R extends { verified: boolean; checks: Check[] }>(result: R, budget: Budget): R {
  const overrun = budget.overrun
  if (overrun === undefined) return result
  return {
    ...result,
    verified: false,
    checks: [...result.checks, check('budget', failed(overrun.code, overrun.message))],
  }
}
