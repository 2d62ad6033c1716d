// Whatever it is given, the verifier answers with a result: never a throw, never "verified".
import { type JsonObject, OB_CONTEXT } from '@tessera/schema'
import { badge, didKeyIssuer } from '@tessera/testkit/signing'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { Verifier } from '../src/index.js'

const NOW = new Date('2026-06-01T00:00:00Z')
const verifier = new Verifier({ offline: true })

test('junk of every kind: a result with a failed check, no exception', async () => {
  let seed = 7
  const random = () => {
    seed = (seed * 16807) % 2147483647
    return seed
  }
  const inputs: unknown[] = [
    '',
    ' ',
    'null',
    '0',
    '[]',
    '{}',
    '"x"',
    '.',
    '..',
    '...',
    'eyJ.eyJ.',
    '<svg/>',
    '<',
    '\u0000',
    { proof: null },
    { proof: [null, 1, 'x'] },
    { '@context': 1, type: {}, issuer: [], credentialSubject: 'x', proof: { type: 'DataIntegrityProof' } },
    {
      issuer: { id: 42 },
      proof: {
        type: 'DataIntegrityProof',
        cryptosuite: 'eddsa-rdfc-2022',
        proofPurpose: 'assertionMethod',
        verificationMethod: 42,
      },
    },
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0]),
    ...Array.from(
      { length: 30 },
      (_, i) => new Uint8Array(Array.from({ length: 1 + ((i * 37) % 200) }, () => random() & 0xff)),
    ),
  ]
  for (const input of inputs) {
    const result = await verifier.verifyCredential(input as string, { now: NOW })
    assert.not.ok(result.verified, String(input))
    assert.ok(
      result.checks.some((c) => !c.ok && typeof c.code === 'string'),
      String(input),
    )
  }
})

test('a credential that states no start date is VALIDITY_MISSING', async () => {
  const issuer = await didKeyIssuer()
  const { validFrom: _, ...undated } = badge(issuer.did)
  const result = await verifier.verifyCredential(await issuer.sign(undated), { now: NOW })
  assert.is(result.checks.find((c) => c.id === 'validity')?.code, 'VALIDITY_MISSING')
})

test('endorsements nested past two levels are ENDORSEMENT_TOO_DEEP', async () => {
  const issuer = await didKeyIssuer()
  const endorsement = (inner: JsonObject[]): JsonObject => ({
    '@context': ['https://www.w3.org/ns/credentials/v2', OB_CONTEXT],
    id: `urn:uuid:${crypto.randomUUID()}`,
    type: ['VerifiableCredential', 'EndorsementCredential'],
    name: 'Endorsement',
    issuer: { id: issuer.did, type: ['Profile'] },
    validFrom: '2026-01-01T00:00:00Z',
    credentialSubject: { id: 'https://guild.example', type: ['EndorsementSubject'] },
    ...(inner.length === 0 ? {} : { endorsement: inner }),
  })
  const level3 = await issuer.sign(endorsement([]))
  const level2 = await issuer.sign(endorsement([level3]))
  const level1 = await issuer.sign(endorsement([level2]))
  const result = await verifier.verifyCredential(
    await issuer.sign(badge(issuer.did, { endorsement: [level1] })),
    { now: NOW },
  )
  assert.not.ok(result.verified)
  assert.is(
    result.endorsements?.[0]?.endorsements?.[0]?.checks.find((c) => c.id === 'endorsements')?.code,
    'ENDORSEMENT_TOO_DEEP',
  )
})

test.run()
