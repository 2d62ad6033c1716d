/**
 * Referral codes: short, unguessable and readable. A code is 15 characters of Crockford's base32 (no I,
 * L, O or U: nothing to misread), 75 bits from the platform's cryptographic random source, shown in
 * three groups of five (`7KQM2-XH9PR-T4VB8`). Read back without case, dashes or spaces, with O read as 0
 * and I or L as 1, as Crockford's alphabet prescribes.
 */
import { randomBytes } from '@tessera/schema'

export const REFERRAL_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
export const REFERRAL_CODE_LENGTH = 15
/** Bits of randomness in a code: 5 per character. */
export const REFERRAL_CODE_BITS = REFERRAL_CODE_LENGTH * 5

/** A new code, from `random` (default the cryptographic source). */
export function newReferralCode(random: (length: number) => Uint8Array = randomBytes): string {
  const bytes = random(10)
  let bits = 0n
  for (const byte of bytes) bits = (bits << 8n) | BigInt(byte)
  let text = ''
  for (let i = 0; i < REFERRAL_CODE_LENGTH; i++) {
    text += REFERRAL_ALPHABET[Number((bits >> BigInt(i * 5)) & 31n)]
  }
  return `${text.slice(0, 5)}-${text.slice(5, 10)}-${text.slice(10)}`
}

/** The code as stored (grouped, upper case), or undefined when `text` is no code. */
export function normalReferralCode(text: string): string | undefined {
  const plain = text.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1')
  if (plain.length !== REFERRAL_CODE_LENGTH || [...plain].some((c) => !REFERRAL_ALPHABET.includes(c)))
    return undefined
  return `${plain.slice(0, 5)}-${plain.slice(5, 10)}-${plain.slice(10)}`
}
