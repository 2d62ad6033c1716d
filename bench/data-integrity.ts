/**
 * Data Integrity eddsa-rdfc-2022, issuing and verifying one credential, one at a time on one thread:
 * Tessera (`signDataIntegrity`; a kept `Verifier`, offline) against @digitalbazaar/vc as installed (`issue`,
 * `verifyCredential`) with the eddsa-rdfc-2022 cryptosuite, both over the same bundled contexts (no
 * network). Tessera makes and checks the proof with its own cryptosuite (`@tessera/proofs`'s
 * eddsa-rdfc-2022.ts, canonicalising with `canonizeDocument`, contexts processed once per process);
 * Digital Bazaar's `DataIntegrityProof` runs jsonld.js. Digital Bazaar's library must still verify what Tessera
 * signs, and both must compute the same canonical N-Quads. `tsx bench/data-integrity.ts [--json] [--smoke]`.
 */
import { readFile } from 'node:fs/promises'
import { DataIntegrityProof } from '@digitalbazaar/data-integrity'
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite'
import * as vc from '@digitalbazaar/vc'
import { canonizeDocument } from '@tessera/proofs/canonize'
import { documentLoader } from '@tessera/proofs/contexts'
import { signDataIntegrity } from '@tessera/proofs/sign-data-integrity'
import type { JsonObject } from '@tessera/schema'
import { Verifier } from '@tessera/verifier'
import { digitalBazaarIssuer, loaderWithKey, membership, NOW, tesseraIssuer } from './fixtures.js'
import { compare, flags, isMain, judge, type Measurement, peer, report } from './harness.js'

export async function dataIntegrityBenchmarks(smoke: boolean): Promise<Measurement[]> {
  const tessera = await tesseraIssuer()
  const credential = membership(tessera.did)
  const db = await digitalBazaarIssuer()
  const dbCredential = membership(db.did)

  const issuing = await compare(
    {
      tessera: () => signDataIntegrity(credential, tessera.signer),
      digitalBazaar: () =>
        vc.issue({
          credential: structuredClone(dbCredential),
          suite: new DataIntegrityProof({ signer: db.keyPair.signer(), cryptosuite: eddsaRdfc2022 }),
          documentLoader,
        }),
    },
    { smoke },
  )

  // What Tessera signed, verified by both.
  const signed = await signDataIntegrity(credential, tessera.signer)
  const sameNQuads = await sameCanonicalForm(signed)
  const loader = loaderWithKey(tessera.did, tessera.verificationMethod)
  // `now` is an option of @digitalbazaar/vc that the project's type declarations leave out
  const dbOptions = (options: Parameters<typeof vc.verifyCredential>[0] & { now: Date }) => options
  const dbVerify = () =>
    vc.verifyCredential(
      dbOptions({
        credential: signed,
        suite: new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }),
        documentLoader: loader,
        now: NOW,
      }),
    )
  const theirVerdict = (await dbVerify()) as { verified: boolean; error?: unknown }
  const verifier = new Verifier({ offline: true })
  const ours = await verifier.verifyCredential(signed, { now: NOW })
  if (!ours.verified) throw new Error(`Tessera does not verify its proof: ${JSON.stringify(ours.checks)}`)
  // DCC's verifier fetches 1EdTech's JSON Schema on every verification and has no offline mode: its
  // fetch is served the bundled schema from memory while it runs (and anything else is refused).
  const withSchemaServed = await serveSchema()
  const quiet = quietAjvStrictMode()
  let verifying: Awaited<ReturnType<typeof compare<'tessera' | 'digitalBazaar' | 'verifierCore'>>>
  let dccVerdict: boolean
  try {
    const { verifyCredential: dccVerify } = await import('@digitalcredentials/verifier-core')
    const dcc = () =>
      dccVerify({
        credential: signed as unknown as Parameters<typeof dccVerify>[0]['credential'],
        knownDIDRegistries: [],
      })
    const first = (await dcc()) as { log?: { id: string; valid: boolean }[] }
    dccVerdict = first.log?.find((l) => l.id === 'valid_signature')?.valid === true
    verifying = await compare(
      {
        tessera: () => verifier.verifyCredential(signed, { now: NOW }),
        digitalBazaar: dbVerify,
        verifierCore: dcc,
      },
      { smoke },
    )
  } finally {
    quiet.restore()
    withSchemaServed.restore()
  }

  return [
    judge(
      {
        id: 'dataIntegrity.issue',
        title: 'issue one credential, Data Integrity eddsa-rdfc-2022',
        unit: 'ms',
        tessera: issuing.tessera.medianMs,
        peers: [peer('@digitalbazaar/vc', issuing.digitalBazaar.medianMs, issuing.tessera.medianMs)],
        target: {
          description: '>= 2x @digitalbazaar/vc, with output @digitalbazaar/vc still verifies',
          peer: '@digitalbazaar/vc',
          minRatio: 2,
        },
        notes: [
          `@digitalbazaar/vc verifies Tessera's output: ${theirVerdict.verified}`,
          `the same canonical N-Quads (document and proof options) as Digital Bazaar's cryptosuite: ${sameNQuads}`,
          'both sign the same OB 3.0 membership credential over the same bundled contexts, one at a time on one thread',
        ],
      },
      smoke,
      theirVerdict.verified && sameNQuads,
    ),
    judge(
      {
        id: 'dataIntegrity.verify',
        title: 'verify one credential, Data Integrity eddsa-rdfc-2022 (did:key)',
        unit: 'ms',
        tessera: verifying.tessera.medianMs,
        peers: [
          peer('@digitalbazaar/vc', verifying.digitalBazaar.medianMs, verifying.tessera.medianMs),
          peer(
            '@digitalcredentials/verifier-core',
            verifying.verifierCore.medianMs,
            verifying.tessera.medianMs,
            'its schema check included (it compiles the schema each time), issuer registries none',
          ),
        ],
        target: { description: '>= 2x @digitalbazaar/vc', peer: '@digitalbazaar/vc', minRatio: 2 },
        notes: [
          'Tessera: a kept Verifier, offline, every check (schema, proof, issuer, dates, status: none listed), the issuer key imported once; @digitalbazaar/vc: verifyCredential with the key served by its document loader (it imports the key for each signature)',
          `@digitalcredentials/verifier-core 1.0.0-beta.11 finds the signature valid: ${dccVerdict}; it fetches 1EdTech's schema on every verification, served here from memory`,
        ],
      },
      smoke,
    ),
  ]
}

/** Whether Tessera's canonicaliser and Digital Bazaar's cryptosuite give `signed` the same N-Quads. */
async function sameCanonicalForm(signed: JsonObject): Promise<boolean> {
  const { proof, ...document } = signed
  const { proofValue: _, ...options } = proof as JsonObject
  const theirs = eddsaRdfc2022 as { canonize: (input: object, options: object) => Promise<string> }
  for (const part of [document, { '@context': signed['@context'], ...options }]) {
    const ours = await canonizeDocument(part, { documentLoader })
    if (ours === undefined || ours !== (await theirs.canonize(part, { documentLoader }))) return false
  }
  return true
}

/** Serves 1EdTech's schema to `fetch` from the bundled file (and refuses anything else) until restored. */
/**
 * DCC's verifier compiles 1EdTech's schema with Ajv in strict mode, which logs through console.warn that
 * the schema's `@context` is a 2-tuple without minItems: a note on the peer's schema handling, not a result.
 * Those notes are dropped while the peer runs; any other warning still prints.
 */
export function quietAjvStrictMode(): { restore(): void } {
  const original = console.warn
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].startsWith('strict mode: ')) return
    original(...args)
  }
  return {
    restore: () => {
      console.warn = original
    },
  }
}

export async function serveSchema(): Promise<{ restore(): void }> {
  const schema = await readFile(
    new URL('../packages/schema/schemas/ob_v3p0_achievementcredential_schema.json', import.meta.url),
    'utf8',
  )
  const original = globalThis.fetch
  globalThis.fetch = (async (input: string | URL | Request) => {
    const url = input instanceof Request ? input.url : String(input)
    if (
      url.startsWith('https://purl.imsglobal.org/spec/ob/v3p0/schema/') &&
      url.endsWith('_achievementcredential_schema.json')
    )
      return new Response(schema, { headers: { 'content-type': 'application/json' } })
    throw new TypeError(`the benchmark is offline: ${url}`)
  }) as typeof fetch
  return {
    restore: () => {
      globalThis.fetch = original
    },
  }
}

if (isMain(import.meta.url)) {
  const { smoke, json } = flags()
  report(await dataIntegrityBenchmarks(smoke), json)
}
