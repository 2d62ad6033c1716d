/**
 * VC-JWT, issuing and verifying one credential: Tessera (`signJwt` over its KMS; a kept `Verifier`,
 * offline) against a Veramo 7 agent (`createVerifiableCredential` and `verifyCredential`, proofFormat
 * jwt, kms-local keys) and against bare node:crypto Ed25519 signing and verifying of the same bytes.
 * `tsx bench/jwt.ts [--json] [--smoke]`.
 */
import { sign, verify } from 'node:crypto'
import { signJwt } from '@tessera/proofs'
import { Verifier } from '@tessera/verifier'
import type { CredentialPayload } from '@veramo/core'
import { bareKeys, membership, NOW, tesseraIssuer, veramoAgent } from './fixtures.js'
import { compare, flags, isMain, judge, type Measurement, peer, report } from './harness.js'

export async function jwtBenchmarks(smoke: boolean): Promise<Measurement[]> {
  const tessera = await tesseraIssuer()
  const credential = membership(tessera.did)
  const { agent, did: veramoDid } = await veramoAgent()
  const veramoCredential = membership(veramoDid) as unknown as CredentialPayload
  const bare = bareKeys()

  // The bytes Tessera signs (header.payload), signed and verified bare.
  const jwt = await signJwt(credential, tessera.signer)
  const signingInput = Buffer.from(jwt.slice(0, jwt.lastIndexOf('.')))
  const bareSignature = sign(null, signingInput, bare.privateKey)

  const issuing = await compare(
    {
      tessera: () => signJwt(credential, tessera.signer),
      // credential-w3c adds issuanceDate to the object it is given: a fresh copy each time
      veramo: () =>
        agent.createVerifiableCredential({
          credential: structuredClone(veramoCredential),
          proofFormat: 'jwt',
        }),
      bare: () => sign(null, signingInput, bare.privateKey),
    },
    { smoke },
  )

  const verifier = new Verifier({ offline: true })
  const veramoJwt = (
    await agent.createVerifiableCredential({
      credential: structuredClone(veramoCredential),
      proofFormat: 'jwt',
    })
  ).proof.jwt as string
  const ours = await verifier.verifyCredential(jwt, { now: NOW })
  if (!ours.verified) throw new Error(`Tessera does not verify its JWT: ${JSON.stringify(ours.checks)}`)
  const theirs = await agent.verifyCredential({ credential: veramoJwt })
  if (!theirs.verified) throw new Error(`Veramo does not verify its JWT: ${JSON.stringify(theirs.error)}`)
  const verifying = await compare(
    {
      tessera: () => verifier.verifyCredential(jwt, { now: NOW }),
      veramo: () => agent.verifyCredential({ credential: veramoJwt }),
      bare: () => verify(null, signingInput, bare.publicKey, bareSignature),
    },
    { smoke },
  )

  const sameWork =
    'Tessera signs an OB 3.0 (VCDM 2.0) VC-JWT; Veramo signs the same credential as it does (VCDM 1.1, vc claim); bare signs the bytes Tessera signs'
  return [
    judge(
      {
        id: 'jwt.issue',
        title: 'issue one VC-JWT (EdDSA)',
        unit: 'ms',
        tessera: issuing.tessera.medianMs,
        peers: [
          peer('Veramo 7', issuing.veramo.medianMs, issuing.tessera.medianMs),
          peer('node:crypto sign', issuing.bare.medianMs, issuing.tessera.medianMs, 'the limit'),
        ],
        target: {
          description: '>= 10x Veramo and >= 40% of bare node:crypto signing',
          peer: 'Veramo 7',
          minRatio: 10,
        },
        notes: [sameWork],
      },
      smoke,
      issuing.bare.medianMs / issuing.tessera.medianMs >= 0.4,
    ),
    judge(
      {
        id: 'jwt.verify',
        title: 'verify one VC-JWT (EdDSA, did:key)',
        unit: 'ms',
        tessera: verifying.tessera.medianMs,
        peers: [
          peer('Veramo 7', verifying.veramo.medianMs, verifying.tessera.medianMs),
          peer('node:crypto verify', verifying.bare.medianMs, verifying.tessera.medianMs, 'the limit'),
        ],
        target: {
          description: '>= 10x Veramo and >= 40% of bare node:crypto verifying',
          peer: 'Veramo 7',
          minRatio: 10,
        },
        notes: [
          'Tessera: a kept Verifier, offline, every check (parse, context, type, OB 3.0 schema, signature, issuer, dates, status: none listed); Veramo: a kept agent, its own JWT',
        ],
      },
      smoke,
      verifying.bare.medianMs / verifying.tessera.medianMs >= 0.4,
    ),
  ]
}

if (isMain(import.meta.url)) {
  const { smoke, json } = flags()
  report(await jwtBenchmarks(smoke), json)
}
