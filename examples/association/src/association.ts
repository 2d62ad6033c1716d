/**
 * The example association: its profile, the achievements it awards, and what each member is awarded.
 * `awardsOf(member)` builds the unsigned OB 3.0 credentials of one member with the @tessera/schema
 * builders; signing, images and mail are done by the caller.
 */
import {
  type AchievementInput,
  type BadgeKind,
  buildBadgeCredential,
  buildCertificateCredential,
  buildMembershipCredential,
  type IssuerInput,
  type RecipientInput,
  type Term,
  type UnsignedOpenBadgeCredential,
} from '@tessera/schema'

/** The association as it presents itself; `id` is replaced by the issuer's own DID when issuing. */
export const association = {
  // A did:key until the issuer package creates the association's own DID.
  id: 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK',
  name: 'Guild of Independent Bookbinders',
  url: 'https://bookbinders.example',
  email: 'office@bookbinders.example',
  image: 'https://bookbinders.example/logo.svg',
} as const satisfies IssuerInput

/** Where the logo drawn for the example lives in this folder (the profile names its published URL). */
export const LOGO_FILE = new URL('../data/logo.svg', import.meta.url)

/** Where the members spreadsheet of the example lives. */
export const MEMBERS_FILE = new URL('../data/members.csv', import.meta.url)

export const term: Term = { name: '2026', start: '2026-01-01T00:00:00Z', end: '2026-12-31T23:59:59Z' }

/** The next term, for renewals. */
export const nextTerm: Term = { name: '2027', start: '2027-01-01T00:00:00Z', end: '2027-12-31T23:59:59Z' }

const ACHIEVEMENTS = `${association.url}/achievements`

/** Membership for a term (achievementType Membership, valid until the end of the term). */
export function membershipAchievement(of: Term = term): Omit<AchievementInput, 'achievementType'> {
  return {
    id: `${ACHIEVEMENTS}/membership-${of.name}`,
    name: `Membership ${of.name}`,
    description: `Member in good standing of the ${association.name} for the year ${of.name}.`,
    criteria: `Paid the membership fee for ${of.name} and agreed to the Guild's code of practice.`,
    image: `${ACHIEVEMENTS}/membership-${of.name}.png`,
  }
}

export const certifiedPractitioner: AchievementInput = {
  id: `${ACHIEVEMENTS}/certified-practitioner`,
  name: 'Certified Practitioner',
  description: 'Masters hand sewing, forwarding and finishing.',
  // The full regulations are on the achievement's page (its id); the texts stay short so that the
  // signed certificate, as a VC-JWT, fits in the QR code printed on it (under 2,953 bytes).
  criteria: 'Passed the practical and written examinations of the Guild.',
  image: `${ACHIEVEMENTS}/certified-practitioner.png`,
  alignment: [
    {
      targetName: 'Print finishing and binding workers',
      targetUrl: 'http://data.europa.eu/esco/isco/C7323',
      targetCode: '7323',
      targetFramework: 'ISCO-08',
    },
  ],
}

/** How long a certification lasts before it is renewed. */
export const CERTIFICATION_YEARS = 3

/** The badges the Guild awards, by the kinds @tessera/schema knows. */
export interface BadgeDefinition {
  kind: BadgeKind
  /** What the badge is for, as the builder words it ("the Bookbinders' Conference 2026"...). */
  occasion: string
  /** The badge's own name (the builder's wording otherwise), its page and picture. */
  achievement: { id: string; name: string; image?: string }
}

export type BadgeName = 'conference' | 'volunteering' | 'contribution' | 'loyalty' | 'referral'

export const badges: Record<BadgeName, BadgeDefinition> = {
  conference: {
    kind: 'attendance',
    occasion: 'the Bookbinders’ Conference 2026 in Ghent',
    achievement: {
      id: `${ACHIEVEMENTS}/conference-2026`,
      name: 'Bookbinders’ Conference 2026',
      image: `${ACHIEVEMENTS}/conference-2026.png`,
    },
  },
  volunteering: {
    kind: 'volunteering',
    occasion: 'the Guild’s volunteer programme',
    achievement: {
      id: `${ACHIEVEMENTS}/volunteer`,
      name: 'Guild Volunteer',
      image: `${ACHIEVEMENTS}/volunteer.png`,
    },
  },
  contribution: {
    kind: 'contribution',
    occasion: 'a Guild project',
    achievement: {
      id: `${ACHIEVEMENTS}/project-contributor`,
      name: 'Project Contributor',
      image: `${ACHIEVEMENTS}/contributor.png`,
    },
  },
  loyalty: {
    kind: 'loyalty',
    occasion: '10 years',
    achievement: {
      id: `${ACHIEVEMENTS}/loyalty-10-years`,
      name: '10 Years a Member',
      image: `${ACHIEVEMENTS}/loyalty-10.png`,
    },
  },
  referral: {
    kind: 'referral',
    occasion: 'welcoming new members',
    achievement: {
      id: `${ACHIEVEMENTS}/ambassador`,
      name: 'Guild Ambassador',
      image: `${ACHIEVEMENTS}/ambassador.png`,
    },
  },
}

/** Years of membership that earn the loyalty badge. */
export const LOYALTY_YEARS = 10

/** One member, as read from the spreadsheet (see members.ts). */
export interface Member {
  memberId: string
  name: string
  email: string
  /** YYYY-MM-DD. */
  joinDate: string
  tier: string
  did?: string
  certified?: boolean
  conference2026?: boolean
  /** What they volunteered for, if they did. */
  volunteering?: string
  /** The project they contributed to, if they did. */
  contribution?: string
  /** How many new members they brought in. */
  referrals?: number
}

/** A few members, for quick trials; the example reads data/members.csv. */
export const members: Member[] = [
  {
    memberId: 'M-0001',
    name: 'Ada Lovelace',
    email: 'ada@example.org',
    joinDate: '2012-03-14',
    tier: 'Fellow',
    certified: true,
    conference2026: true,
  },
  {
    memberId: 'M-0002',
    name: 'Grace Hopper',
    email: 'grace@example.org',
    joinDate: '2019-09-02',
    tier: 'Full member',
    did: 'did:key:z6MkpAiZCTvwGEVxBDvvEkpXSWrh1KthdvaDv5etRBLq6u5W',
  },
  {
    memberId: 'M-0003',
    name: 'Tim Berners-Lee',
    email: 'tim@example.org',
    joinDate: '2021-01-11',
    tier: 'Full member',
    conference2026: true,
  },
]

/** Has the member completed `LOYALTY_YEARS` years of membership by the end of the term? */
export function isLoyal(member: Pick<Member, 'joinDate'>, of: Term = term): boolean {
  const end = new Date(of.end)
  const tenYearsBefore = Date.UTC(end.getUTCFullYear() - LOYALTY_YEARS, end.getUTCMonth(), end.getUTCDate())
  return Date.parse(`${member.joinDate}T00:00:00Z`) <= tenYearsBefore
}

/** The member's DID when they have one, else their email (salted and hashed in the credential). */
export function recipientOf(member: Pick<Member, 'email' | 'did'>): RecipientInput {
  return member.did === undefined ? { email: member.email } : { did: member.did }
}

/** What an award is, for file names, artwork colours and the certificate. */
export type AwardKind = 'membership' | 'certificate' | BadgeName

export interface Award {
  /** Stable per member and term, e.g. `membership-2026`: the idempotency key is memberId/key. */
  key: string
  kind: AwardKind
  credential: UnsignedOpenBadgeCredential
}

export interface AwardOptions {
  /** The issuer profile (its `id` the issuing DID). Default `association`. */
  issuer?: IssuerInput
  /** The membership term. Default `term`. */
  term?: Term
  /** When the non-membership credentials start to be valid. Default the term's start. */
  issuedAt?: string
}

/** The unsigned membership credential of one member for the term (`options.term`, default `term`). */
export function membershipAward(member: Member, options: AwardOptions = {}): Award {
  const of = options.term ?? term
  return {
    key: `membership-${of.name}`,
    kind: 'membership',
    credential: buildMembershipCredential({
      issuer: options.issuer ?? association,
      recipient: recipientOf(member),
      term: of,
      tier: member.tier,
      achievement: membershipAchievement(of),
    }),
  }
}

/**
 * The unsigned credentials one member is awarded: the term's membership; the Certified Practitioner
 * certification (valid `CERTIFICATION_YEARS`); badges for the conference, volunteering, a contribution,
 * 10 years of loyalty (from the join date) and referrals (one or more).
 */
export function awardsOf(member: Member, options: AwardOptions = {}): Award[] {
  const of = options.term ?? term
  const issuer = options.issuer ?? association
  const validFrom = options.issuedAt ?? (typeof of.start === 'string' ? of.start : of.start.toISOString())
  const base = { issuer, recipient: recipientOf(member) }
  const awards: Award[] = [membershipAward(member, options)]
  if (member.certified) {
    const from = new Date(validFrom)
    const until = new Date(from)
    until.setUTCFullYear(from.getUTCFullYear() + CERTIFICATION_YEARS)
    awards.push({
      key: 'certified-practitioner',
      kind: 'certificate',
      credential: buildCertificateCredential({
        ...base,
        certificateType: 'Certification',
        achievement: certifiedPractitioner,
        validFrom: from,
        validUntil: until,
      }),
    })
  }
  const badge = (name: BadgeName, key: string, extra: { narrative?: string; occasion?: string } = {}) => {
    const definition = badges[name]
    awards.push({
      key,
      kind: name,
      credential: buildBadgeCredential({
        ...base,
        kind: definition.kind,
        occasion: extra.occasion ?? definition.occasion,
        achievement: definition.achievement,
        validFrom,
        ...(extra.narrative === undefined ? {} : { narrative: extra.narrative }),
      }),
    })
  }
  if (member.conference2026) badge('conference', 'conference-2026')
  if (member.volunteering !== undefined)
    badge('volunteering', `volunteering-${of.name}`, { narrative: member.volunteering })
  if (member.contribution !== undefined)
    badge('contribution', `contribution-${of.name}`, { narrative: `Contributed to ${member.contribution}.` })
  if (isLoyal(member, of))
    badge('loyalty', `loyalty-${LOYALTY_YEARS}-years`, { narrative: `A member since ${member.joinDate}.` })
  if ((member.referrals ?? 0) > 0) {
    const n = member.referrals ?? 0
    badge('referral', `referral-${of.name}`, {
      narrative: `Welcomed ${n} new member${n === 1 ? '' : 's'} in ${of.name}.`,
    })
  }
  return awards
}
