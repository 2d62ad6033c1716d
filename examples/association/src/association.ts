/**
 * The example association: its profile, the achievements it awards, and what each member is awarded.
 * `awardsOf(member, { term })` builds the unsigned OB 3.0 credentials of one member for a term with the
 * @tessera/schema builders; signing, images and mail are done by the caller. Nothing here reads the
 * clock: the term comes from the caller (`termOf(now)`), so the same code issues 2026 or 2031.
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
import { ruleAwardKindOf } from './award-rules.js'

/** The association as it presents itself; `id` is replaced by the issuer's own DID when issuing. */
export const association = {
  // A did:key until the issuer package creates the association's own DID.
  id: 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK',
  name: 'Guild of Independent Bookbinders',
  url: 'https://bookbinders.example',
  email: 'office@bookbinders.example',
  image: 'https://bookbinders.example/logo.svg',
} as const satisfies IssuerInput

/**
 * The issuer profile its credentials carry: the association with the issuer's DID, without its email
 * (an address that every certificate's QR code would carry, and that the website gives anyway).
 */
export function credentialIssuer(did: string): IssuerInput {
  const { email: _email, ...profile } = association
  return { ...profile, id: did }
}

/** Where the logo drawn for the example lives in this folder (the profile names its published URL). */
export const LOGO_FILE = new URL('../data/logo.svg', import.meta.url)

/** Where the members spreadsheet of the example lives. */
export const MEMBERS_FILE = new URL('../data/members.csv', import.meta.url)

/**
 * The association's settings. `namesInCredentials`: the member's name goes into each signed credential
 * (an OB 3.0 identifier of type `name`, in clear), so that the name printed on a certificate can be
 * checked against the signature; set it to false when members' names must not travel with their badges
 * (the credentials then name the member by a salted hash of their email, or their DID, only).
 */
export const settings = {
  namesInCredentials: true,
  /** The language of the association's website (a file of @tessera/site's locales: en, fr, es, de). */
  siteLanguage: 'en',
}

/** A membership term: the calendar year, 1 January 00:00:00 to 31 December 23:59:59 (UTC). */
export function termOfYear(year: number): Term {
  return { name: String(year), start: `${year}-01-01T00:00:00Z`, end: `${year}-12-31T23:59:59Z` }
}

/**
 * The term `now` falls in: the calendar year of `now` (UTC). In the last second of a year, whose term
 * ends at 23:59:59, it is the next year's.
 */
export function termOf(now: Date): Term {
  const year = now.getUTCFullYear()
  return now.getTime() > Date.parse(`${year}-12-31T23:59:59Z`) ? termOfYear(year + 1) : termOfYear(year)
}

/** The term after `term`, for renewals. */
export function nextTermAfter(term: Term): Term {
  return termOfYear(Number.parseInt(term.name, 10) + 1)
}

/** When a term starts, as an ISO date-time. */
export function termStart(term: Term): string {
  return typeof term.start === 'string' ? term.start : term.start.toISOString()
}

const ACHIEVEMENTS = `${association.url}/achievements`

/** Membership for a term (achievementType Membership, valid until the end of the term). */
export function membershipAchievement(of: Term): Omit<AchievementInput, 'achievementType'> {
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

export type BadgeName = 'conference' | 'volunteering' | 'contribution' | 'loyalty'

/** The Guild's conference of a year (the term's name): held every year in Ghent. */
export function conferenceBadge(year: string): BadgeDefinition {
  return {
    kind: 'attendance',
    occasion: `the Bookbinders’ Conference ${year} in Ghent`,
    achievement: {
      id: `${ACHIEVEMENTS}/conference-${year}`,
      name: `Bookbinders’ Conference ${year}`,
      image: `${ACHIEVEMENTS}/conference-${year}.png`,
    },
  }
}

/** The badges other than the conference's, which are the same every year. */
export const badges: Record<Exclude<BadgeName, 'conference'>, BadgeDefinition> = {
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
  /** The conferences attended, by year (a term's name): `2026`. */
  conferences?: string[]
  /** What they volunteered for, if they did. */
  volunteering?: string
  /** The project they contributed to, if they did. */
  contribution?: string
  /** The referral code they joined with (column referred_by): it counts toward its holder's Ambassador tiers. */
  referredBy?: string
  /**
   * A public page for each of their credentials on the association's site (column public_page): `yes`, or
   * `search` to let search engines index it too. Absent: nothing about them is published.
   */
  publicPage?: 'yes' | 'search'
  /** Reminders before the membership ends (column reminders): false when they asked for none; absent, as recorded before. */
  reminders?: boolean
  /** The language of their mails (column language, e.g. fr); absent, the association's. */
  language?: string
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
    conferences: ['2026'],
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
    conferences: ['2026'],
  },
]

/** Has the member completed `LOYALTY_YEARS` years of membership by the end of the term? */
export function isLoyal(member: Pick<Member, 'joinDate'>, of: Term): boolean {
  const end = new Date(of.end)
  const tenYearsBefore = Date.UTC(end.getUTCFullYear() - LOYALTY_YEARS, end.getUTCMonth(), end.getUTCDate())
  return Date.parse(`${member.joinDate}T00:00:00Z`) <= tenYearsBefore
}

/**
 * The member's DID when they have one, else their email (salted and hashed in the credential); with
 * their name in clear unless `names` is false.
 */
export function recipientOf(
  member: Pick<Member, 'email' | 'did' | 'name'>,
  names: boolean = settings.namesInCredentials,
): RecipientInput {
  const name = names ? { name: member.name } : {}
  return member.did === undefined ? { email: member.email, ...name } : { did: member.did, ...name }
}

/**
 * What an award is, for file names, artwork colours and the certificate. `referral` is the rules'
 * Ambassador tiers (data/rules.yaml), earned from referral codes: the one referral programme.
 */
export type AwardKind = 'membership' | 'certificate' | BadgeName | 'milestone' | 'pathway' | 'referral'

export interface Award {
  /** Stable per member and term, e.g. `membership-2026`: the idempotency key is memberId/key. */
  key: string
  kind: AwardKind
  credential: UnsignedOpenBadgeCredential
}

/** What kind of award a key names (`membership-2027` is a membership); undefined for a key not made here. */
export function awardKindOf(key: string): AwardKind | undefined {
  if (key === 'certified-practitioner') return 'certificate'
  if (key === `loyalty-${LOYALTY_YEARS}-years`) return 'loyalty'
  const match = /^(membership|conference|volunteering|contribution)-\d{4}$/.exec(key)
  return match === null ? ruleAwardKindOf(key) : (match[1] as AwardKind)
}

export interface AwardOptions {
  /** The term: the membership's, and the year of the badges earned in it. */
  term: Term
  /** The issuer profile (its `id` the issuing DID). Default `association`. */
  issuer?: IssuerInput
  /** When the non-membership credentials start to be valid. Default the term's start. */
  issuedAt?: string
  /** The member's name in the credentials. Default `settings.namesInCredentials`. */
  names?: boolean
}

/** The unsigned membership credential of one member for the term. */
export function membershipAward(member: Member, options: AwardOptions): Award {
  const of = options.term
  return {
    key: `membership-${of.name}`,
    kind: 'membership',
    credential: buildMembershipCredential({
      issuer: options.issuer ?? association,
      recipient: recipientOf(member, options.names),
      term: of,
      tier: member.tier,
      achievement: membershipAchievement(of),
    }),
  }
}

/**
 * The unsigned credentials one member is awarded in the term: its membership; the Certified Practitioner
 * certification (valid `CERTIFICATION_YEARS`); badges for the conferences attended (this term's, or an
 * earlier year's), volunteering, a contribution and 10 years of loyalty (from the join date). Referrals
 * earn the rules' Ambassador tiers from referral codes (award-rules.ts), not anything here.
 */
export function awardsOf(member: Member, options: AwardOptions): Award[] {
  const of = options.term
  const issuer = options.issuer ?? association
  const validFrom = options.issuedAt ?? termStart(of)
  const base = { issuer, recipient: recipientOf(member, options.names) }
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
  const badge = (
    name: BadgeName,
    key: string,
    definition: BadgeDefinition,
    extra: { narrative?: string; validFrom?: string } = {},
  ) => {
    awards.push({
      key,
      kind: name,
      credential: buildBadgeCredential({
        ...base,
        kind: definition.kind,
        occasion: definition.occasion,
        achievement: definition.achievement,
        validFrom: extra.validFrom ?? validFrom,
        ...(extra.narrative === undefined ? {} : { narrative: extra.narrative }),
      }),
    })
  }
  for (const year of member.conferences ?? []) {
    // An earlier year's conference counts from that year; this term's from the term's start.
    const from = year === of.name ? validFrom : termStart(termOfYear(Number(year)))
    badge('conference', `conference-${year}`, conferenceBadge(year), { validFrom: from })
  }
  if (member.volunteering !== undefined)
    badge('volunteering', `volunteering-${of.name}`, badges.volunteering, { narrative: member.volunteering })
  if (member.contribution !== undefined)
    badge('contribution', `contribution-${of.name}`, badges.contribution, {
      narrative: `Contributed to ${member.contribution}.`,
    })
  if (isLoyal(member, of))
    badge('loyalty', `loyalty-${LOYALTY_YEARS}-years`, badges.loyalty, {
      narrative: `A member since ${member.joinDate}.`,
    })
  return awards
}
