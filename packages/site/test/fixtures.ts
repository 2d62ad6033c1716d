/**
 * Inputs for the site's tests: an issuer, achievements and credentials as the site receives them. The
 * credentials are VC-JWTs whose signature is not checked here (the site never verifies; the Chromium test
 * uses really signed ones).
 */
import type { JsonObject } from '@tessera/schema'
import type { PublicCredential, SiteInput } from '../src/index.js'

export const NOW = new Date('2027-03-15T10:00:00Z')
export const SITE = 'https://bookbinders.example/'

export const issuer: JsonObject = {
  id: 'did:web:bookbinders.example',
  type: ['Profile'],
  name: 'Guild of <Independent> Bookbinders',
  url: 'https://bookbinders.example',
  email: 'office@bookbinders.example',
}

export function achievement(name: string, slug: string): JsonObject {
  return {
    id: `${SITE}achievements/${slug}`,
    type: ['Achievement'],
    achievementType: 'Membership',
    name,
    description: `${name}: a member in good standing.`,
    criteria: { narrative: 'Paid the fee.' },
    image: { id: `${SITE}achievements/${slug}.png`, type: 'Image' },
  }
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')

/** A VC-JWT shaped credential (signature bytes from `seed`). */
export function jwtOf(credential: JsonObject, seed: string): string {
  const signature = Buffer.from(seed.padEnd(64, '.')).toString('base64url')
  return `${b64({ alg: 'EdDSA', typ: 'vc+jwt' })}.${b64(credential)}.${signature}`
}

export function credential(
  n: number,
  options: { name?: string; until?: string; of?: JsonObject } = {},
): JsonObject {
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2'],
    id: `urn:uuid:00000000-0000-4000-8000-00000000000${n}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: issuer.id, type: ['Profile'], name: issuer.name },
    validFrom: '2027-01-01T00:00:00Z',
    ...(options.until === undefined ? {} : { validUntil: options.until }),
    credentialSubject: {
      type: ['AchievementSubject'],
      id: `did:example:member-${n}`,
      ...(options.name === undefined
        ? {}
        : {
            identifier: [
              { type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: options.name },
            ],
          }),
      achievement: options.of ?? achievement('Membership 2027', 'membership-2027'),
    },
  }
}

export function publicCredential(
  n: number,
  extra: Partial<PublicCredential> = {},
  name?: string,
): PublicCredential {
  return {
    jwt: jwtOf(credential(n, name === undefined ? {} : { name }), `sig-${n}`),
    state: 'active',
    showName: name !== undefined,
    ...extra,
  }
}

export function siteInput(extra: Partial<SiteInput> = {}): SiteInput {
  return {
    url: SITE,
    language: 'en',
    now: NOW,
    issuer,
    achievements: [{ achievement: achievement('Membership 2027', 'membership-2027') }],
    credentials: [publicCredential(1, {}, 'Ada <b>Lovelace</b>'), publicCredential(2)],
    statusLists: new Map([[`${SITE}status/revocation-1.json`, { id: `${SITE}status/revocation-1.json` }]]),
    ...extra,
  }
}

/** A file of a built site as text. */
export async function text(
  site: { files: ReadonlyMap<string, { content: () => Uint8Array | Promise<Uint8Array> }> },
  path: string,
): Promise<string> {
  const file = site.files.get(path)
  if (file === undefined) throw new Error(`no ${path} in the site: ${[...site.files.keys()].join(', ')}`)
  return new TextDecoder().decode(await file.content())
}
