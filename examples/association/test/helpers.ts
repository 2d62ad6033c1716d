// Signed credentials for the example's tests: a fresh did:key issuer, keys in memory only.

import { signJwt } from '@tessera/proofs'
import { signDataIntegrity } from '@tessera/proofs/sign-data-integrity'
import type { JsonObject } from '@tessera/schema'
import { kmsIssuer } from '@tessera/testkit/issuer'
import { awardsOf, credentialIssuer, type Member, termOfYear } from '../src/association.js'

export const NOW = new Date('2026-06-01T00:00:00Z')

export const ada: Member = {
  memberId: 'M-0001',
  name: 'Ada Lovelace',
  email: 'ada.lovelace@example.org',
  joinDate: '2012-03-14',
  tier: 'Fellow',
  certified: true,
  conferences: ['2026'],
}

export async function testIssuer() {
  const { did, signer } = await kmsIssuer()
  const issuer = credentialIssuer(did)
  return {
    did,
    /** Ada's awards of the 2026 term, signed both ways. */
    async signedAwards(member: Member = ada) {
      return Promise.all(
        awardsOf(member, { issuer, term: termOfYear(2026) }).map(async (award) => {
          const credential = award.credential as unknown as JsonObject
          return {
            ...award,
            json: await signDataIntegrity(credential, signer),
            jwt: await signJwt(credential, signer),
          }
        }),
      )
    },
  }
}
