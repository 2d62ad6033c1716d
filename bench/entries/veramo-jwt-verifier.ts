// A Veramo 7 agent that verifies VC-JWTs, as small as Veramo allows: the W3C credential plugin with the
// JWT provider, and a did:key resolver. bench/bundle.ts bundles it for browsers as the verifier is.
import { createAgent, type ICredentialVerifier, type IResolver } from '@veramo/core'
import { CredentialProviderJWT } from '@veramo/credential-jwt'
import { CredentialPlugin } from '@veramo/credential-w3c'
import { getDidKeyResolver } from '@veramo/did-provider-key'
import { DIDResolverPlugin } from '@veramo/did-resolver'

export const agent = createAgent<ICredentialVerifier & IResolver>({
  plugins: [
    new DIDResolverPlugin({ ...getDidKeyResolver() }),
    new CredentialPlugin([new CredentialProviderJWT()]),
  ],
})

export const verify = (jwt: string) => agent.verifyCredential({ credential: jwt })
