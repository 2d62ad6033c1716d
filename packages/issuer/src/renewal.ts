/**
 * Renewal: the next term of a membership (or any credential with an end date), from the credential of the
 * current one. `Issuer.renew` issues the renewed credential for it.
 */
import { type JsonObject, readCredential, type Term, validityOf } from '@tessera/schema'
import { fail } from './errors.js'

/**
 * The term after the credential's: it starts where the old one ends and lasts the old term's length in
 * whole months (a year when the term is named by its year, as "2026"); every year in the term's name
 * moves on as much.
 */
export function nextTerm(current: JsonObject): Term {
  const { from, until } = validityOf(current)
  if (from === undefined || until === undefined)
    fail('WRONG_STATE', 'the credential has no end date: there is no next term to renew it for')
  const term = readCredential(current).subject?.term
  const name = typeof term === 'string' ? term : String(until.getUTCFullYear())
  const months = /^\d{4}$/.test(name)
    ? 12
    : Math.max(1, Math.round((until.getTime() - from.getTime()) / (30.436875 * 86_400_000)))
  const end = new Date(until)
  end.setUTCMonth(end.getUTCMonth() + months)
  // A term that ends at 23:59:59 is followed by one that starts at midnight.
  const start = new Date(until.getTime() + (until.getUTCSeconds() === 59 ? 1000 : 0))
  const renamed =
    months % 12 === 0 ? name.replace(/\b(19|20|21)\d{2}\b/g, (y) => String(Number(y) + months / 12)) : name
  return { name: renamed, start, end }
}
