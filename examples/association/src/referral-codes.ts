/**
 * The referral codes the Guild has given its members, for the example: data/referral-codes.csv
 * (member_id,code), as `tessera referral create` makes them. The
 * example's store is made fresh on its first run and does not hold them, so the run adds each code it
 * does not hold yet (to its member) before it reads the codes new members' rows carry (referred_by).
 * An association that makes its codes with `tessera referral create` on its own store needs no such
 * file. A line that names no code, or a code the store holds for another member, is left out and said.
 */
import { readFileSync } from 'node:fs'
import { normalReferralCode, type ReferralStore } from '@tessera/awards'

/** The codes of the example's members sheet (data/members.csv's referred_by column uses them). */
export const REFERRAL_CODES_FILE = new URL('../data/referral-codes.csv', import.meta.url)

/** Adds the file's codes the store does not hold; returns what was left out, one sentence each. */
export async function learnReferralCodes(
  store: ReferralStore,
  file: string | URL,
  now: Date,
): Promise<string[]> {
  const lines = readFileSync(file, 'utf8').split(/\r?\n/)
  if ((lines[0] ?? '').trim() !== 'member_id,code')
    return [`${String(file)}: the first line is not "member_id,code": no referral code read from it`]
  const problems: string[] = []
  for (const [index, line] of lines.entries()) {
    if (index === 0 || line.trim() === '') continue
    const [memberId = '', text = ''] = line.split(',').map((cell) => cell.trim())
    const code = normalReferralCode(text)
    if (memberId === '' || code === undefined) {
      problems.push(
        `referral codes, line ${index + 1}: ${JSON.stringify(line.slice(0, 80))} is no member and code`,
      )
      continue
    }
    const held = await store.code(code)
    if (held === undefined) await store.addCode({ code, memberId, createdAt: now.toISOString() })
    else if (held.memberId !== memberId)
      problems.push(`referral codes, line ${index + 1}: ${code} is ${held.memberId}'s, not ${memberId}'s`)
  }
  return problems
}
