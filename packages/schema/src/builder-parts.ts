/**
 * The parts the credential builders share (OB 3.0 credentials in builders.ts, the CLR 2.0 credential in
 * clr-builder.ts): an issuer's Profile, a recipient's identity, an Achievement from its description.
 * Internal: not exported from the package.
 */
import type { AchievementInput, DateInput, IssuerInput, RecipientInput } from './builders.js'
import { fail } from './fail.js'
import { hashedIdentity } from './identity.js'
import type { Achievement, AchievementSubject, Image, Profile } from './types.js'
import { isAchievementType } from './vocabulary.js'

/** An ISO 8601 date-time in UTC, without milliseconds when they are zero. */
export function toDateTime(input: DateInput, name = 'date'): string {
  if (typeof input === 'string' && !/(?:[Zz]|[+-]\d{2}:?\d{2})$/.test(input.trim())) {
    fail('INVALID_DATE', `${name} ${JSON.stringify(input)} has no time zone: add Z or an offset`)
  }
  const date = typeof input === 'string' ? new Date(input) : input
  if (Number.isNaN(date.getTime()))
    fail('INVALID_DATE', `${name} ${JSON.stringify(String(input))} is not a date`)
  return date.toISOString().replace('.000Z', 'Z')
}

export function optionalDate(input: DateInput | undefined, name: string): string | undefined {
  return input === undefined ? undefined : toDateTime(input, name)
}

export function image(input: string | Image): Image {
  return typeof input === 'string' ? { id: input, type: 'Image' } : input
}

export function profile(issuer: IssuerInput): Profile {
  const { image: logo, ...rest } = issuer
  return { ...rest, type: ['Profile'], ...(logo === undefined ? {} : { image: image(logo) }) }
}

export function subjectIdentity(recipient: RecipientInput): Pick<AchievementSubject, 'id' | 'identifier'> {
  const out: Pick<AchievementSubject, 'id' | 'identifier'> = {}
  if ('identity' in recipient) out.identifier = [recipient.identity]
  else if (recipient.email !== undefined) {
    out.identifier = [
      hashedIdentity(recipient.email, recipient.salt === undefined ? {} : { salt: recipient.salt }),
    ]
  }
  if (recipient.name !== undefined) {
    const name = recipient.name.trim()
    if (name === '') fail('INVALID_RECIPIENT', 'the recipient name is empty')
    out.identifier = [
      ...(out.identifier ?? []),
      { type: 'IdentityObject', hashed: false, identityHash: name, identityType: 'name' },
    ]
  }
  if (recipient.did !== undefined) {
    if (!recipient.did.startsWith('did:'))
      fail('INVALID_RECIPIENT', `${JSON.stringify(recipient.did)} is not a DID`)
    out.id = recipient.did
  }
  if (out.id === undefined && !out.identifier?.some((i) => i.identityType !== 'name')) {
    fail('INVALID_RECIPIENT', 'a recipient needs a DID or an email')
  }
  return out
}

export function achievement(input: AchievementInput): Achievement {
  const { criteria, image: picture, alignment, resultDescription, ...rest } = input
  if (input.achievementType !== undefined && !isAchievementType(input.achievementType)) {
    fail(
      'INVALID_ACHIEVEMENT_TYPE',
      `${JSON.stringify(input.achievementType)} is not an OB 3.0 achievement type`,
    )
  }
  return {
    ...rest,
    type: ['Achievement'],
    criteria: typeof criteria === 'string' ? { narrative: criteria } : criteria,
    ...(picture === undefined ? {} : { image: image(picture) }),
    ...(alignment === undefined ? {} : { alignment: alignment.map((a) => ({ type: ['Alignment'], ...a })) }),
    ...(resultDescription === undefined
      ? {}
      : { resultDescription: resultDescription.map((r) => ({ type: ['ResultDescription'], ...r })) }),
  }
}

export function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T
}
