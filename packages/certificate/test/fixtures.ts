// A credential to print, the members sheet of names in every script the certificate promises, and a
// helper that returns the code a call fails with.
import { errorCodeOf, type JsonObject } from '@tessera/schema'
import { NAMES_IN_EVERY_SCRIPT } from '@tessera/testkit/names'

export const VERIFY_URL = 'https://bookbinders.example/verify/#eyJhbGciOiJFZERTQSJ9.e30.c2ln'

/** An OB 3.0 credential (unsigned: a certificate reads it, it does not verify it). */
export function credential(
  overrides: { recipientName?: string; achievement?: string; issuer?: string } = {},
): JsonObject {
  return {
    '@context': [
      'https://www.w3.org/ns/credentials/v2',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
    ],
    id: 'urn:uuid:0b6a3c1e-7f1e-4c57-9d55-1b3a0f3f0c11',
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: {
      id: 'https://bookbinders.example/issuer',
      type: ['Profile'],
      name: overrides.issuer ?? 'Guild of Bookbinders',
    },
    validFrom: '2026-01-01T00:00:00Z',
    validUntil: '2029-01-01T00:00:00Z',
    credentialSubject: {
      type: ['AchievementSubject'],
      ...(overrides.recipientName === undefined
        ? { id: 'did:example:member' }
        : {
            identifier: [
              {
                type: 'IdentityObject',
                identityType: 'name',
                hashed: false,
                identityHash: overrides.recipientName,
              },
            ],
          }),
      achievement: {
        id: 'https://bookbinders.example/achievements/practitioner',
        type: ['Achievement'],
        name: overrides.achievement ?? 'Certified Practitioner',
        description: 'Awarded to members who passed the practical examination of the guild.',
        criteria: { narrative: 'Pass the practical examination.' },
      },
    },
  }
}

/** A compact JWS whose payload is the credential (a VC-JWT as far as a certificate reads it). */
export function vcJwt(json: JsonObject): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
  return `${part({ alg: 'EdDSA', typ: 'vc+jwt' })}.${part(json)}.${Buffer.from('signature').toString('base64url')}`
}

/** The members sheet: one name per script the certificate must print (@tessera/testkit/names). */
export const MEMBERS = NAMES_IN_EVERY_SCRIPT

/** The code `run` fails with, or undefined if it does not. */
export async function codeOf(run: () => unknown): Promise<string | undefined> {
  try {
    await run()
    return undefined
  } catch (error) {
    return errorCodeOf(error) ?? String(error)
  }
}
