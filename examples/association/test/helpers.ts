// Signed credentials for the example's tests: a fresh did:key issuer, keys in memory only.

import { didKeyOf, kmsSigner, signDataIntegrity, signJwt, TesseraKeyManagementSystem } from '@tessera/issuer'
import type { JsonObject } from '@tessera/schema'
import { MemoryPrivateKeyStore } from '@veramo/key-manager'
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
  referrals: 2,
}

export async function testIssuer() {
  const kms = new TesseraKeyManagementSystem(new MemoryPrivateKeyStore())
  const key = await kms.createKey({ type: 'Ed25519' })
  const { did, verificationMethod } = didKeyOf(key)
  const signer = kmsSigner(kms, key, { issuer: did, verificationMethod })
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
