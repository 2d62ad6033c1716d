// The fixed vectors both engines verify: made here, in Node, by peer libraries (jose for VC-JWTs with
// EdDSA, ES256 and RS256; Digital Bazaar's vc for eddsa-rdfc-2022 credentials and presentations) and by
// Tessera (baked PNG and SVG, a StatusList2021 list), with the status lists served by URL.
import { bakePng, bakeSvg } from '@tessera/issuer/node'
import type { JsonObject } from '@tessera/schema'
import { MemoryStatusListStore, StatusListManager } from '@tessera/status'
import { badge, bitstringRevocationList, didJwkIssuer, didKeyIssuer } from '@tessera/testkit/signing'

export interface HarnessVector {
  name: string
  kind: 'credential' | 'presentation'
  input?: string | JsonObject
  /** Base64 of the bytes, for images. */
  bytes?: string
  challenge?: string
  /** The verdict expected (in both engines). */
  verified: boolean
}

export interface VectorFile {
  now: string
  /** Handed to the verifier as `documents` (none here: DIDs are did:key and did:jwk). */
  documents: [string, unknown][]
  /** Served by the harness's injected fetcher (status lists), by URL. */
  served: [string, unknown][]
  vectors: HarnessVector[]
}

const LIST_URL = 'https://guild.example/status/revocation-1'

/** Changes one character of a JWT's payload (a signed byte). */
function tamperJwt(jwt: string): string {
  const [h, p, s] = jwt.split('.') as [string, string, string]
  const at = Math.floor(p.length / 2)
  return `${h}.${p.slice(0, at)}${p[at] === 'A' ? 'B' : 'A'}${p.slice(at + 1)}.${s}`
}

// A one-pixel PNG (the issuer's bake test's).
const PNG = new Uint8Array(
  Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
    'base64',
  ),
)
const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64')

export async function makeVectors(): Promise<VectorFile> {
  const vectors: HarnessVector[] = []
  const credential = (name: string, input: string | JsonObject, verified = true) =>
    vectors.push({ name, kind: 'credential', input, verified })
  for (const alg of ['EdDSA', 'ES256', 'RS256'] as const) {
    const issuer = await didJwkIssuer(alg)
    const jwt = await issuer.signCredential(badge(issuer.did))
    credential(`jose ${alg} VC-JWT`, jwt)
    credential(`jose ${alg} VC-JWT, tampered`, tamperJwt(jwt), false)
    if (alg === 'ES256') {
      vectors.push({
        name: 'PNG baked with an ES256 VC-JWT',
        kind: 'credential',
        bytes: base64(bakePng(PNG, jwt)),
        verified: true,
      })
    }
  }
  const di = await didKeyIssuer()
  const { credential: list, entry } = await bitstringRevocationList(di, LIST_URL, [7])
  const signed = await di.sign(badge(di.did))
  credential('vc eddsa-rdfc-2022', signed)
  credential('vc eddsa-rdfc-2022, tampered', { ...signed, name: 'Master' }, false)
  credential(
    'vc eddsa-rdfc-2022, Bitstring entry not set',
    await di.sign(badge(di.did, { credentialStatus: entry(3) })),
  )
  credential(
    'vc eddsa-rdfc-2022, Bitstring entry revoked',
    await di.sign(badge(di.did, { credentialStatus: entry(7) })),
    false,
  )
  const svg = bakeSvg('<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"></svg>', signed)
  vectors.push({
    name: 'SVG baked with a Data Integrity credential',
    kind: 'credential',
    bytes: base64(new TextEncoder().encode(svg)),
    verified: true,
  })
  const presentation = await di.present([signed], 'challenge-1')
  vectors.push({
    name: 'vc presentation',
    kind: 'presentation',
    input: presentation,
    challenge: 'challenge-1',
    verified: true,
  })
  vectors.push({
    name: 'vc presentation, other challenge',
    kind: 'presentation',
    input: presentation,
    challenge: 'challenge-2',
    verified: false,
  })
  // StatusList2021, made by @tessera/status (revocation, index 1 revoked), signed with Digital Bazaar's vc
  const statuses = new StatusListManager({
    store: new MemoryStatusListStore(),
    issuer: di.did,
    baseUrl: 'https://guild.example/status',
  })
  const kept = await statuses.allocate({ holder: 'urn:uuid:1', type: 'StatusList2021' })
  const gone = await statuses.allocate({ holder: 'urn:uuid:2', type: 'StatusList2021' })
  await statuses.revoke(gone.listUrl, gone.index)
  const list2021 = await di.sign(
    await statuses.listCredential(kept.listUrl, { validFrom: '2026-01-01T00:00:00Z' }),
  )
  const withEntry = (entry: typeof kept) =>
    di.sign(
      badge(di.did, {
        // StatusList2021's terms come from its own context (VCDM 2.0's has Bitstring's only)
        '@context': [...(badge(di.did)['@context'] as string[]), 'https://w3id.org/vc/status-list/2021/v1'],
        credentialStatus: entry.credentialStatus as unknown as JsonObject,
      }),
    )
  credential('vc eddsa-rdfc-2022, StatusList2021 entry not set', await withEntry(kept))
  credential('vc eddsa-rdfc-2022, StatusList2021 entry revoked', await withEntry(gone), false)
  return {
    now: '2026-06-01T00:00:00Z',
    documents: [],
    served: [
      [LIST_URL, list],
      [kept.listUrl, list2021],
    ],
    vectors,
  }
}
