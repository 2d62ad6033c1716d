/**
 * The two documents a wallet reads first: the credential issuer metadata (OpenID4VCI 1.0, 12.2) and the
 * OAuth authorization server metadata (RFC 8414, with OpenID4VCI's additions, 12.3). The service is its
 * own authorization server (so the issuer metadata names no other), for the pre-authorized code grant
 * only, with anonymous clients; OpenID4VCI lets such a server leave out RFC 8414's
 * `response_types_supported`, since it has no authorization endpoint.
 */
import type { JsonObject } from '@tessera/schema'
import type { ConfigurationRecord } from './store.js'
import type { ServiceUrls } from './urls.js'

export const PRE_AUTHORIZED_GRANT = 'urn:ietf:params:oauth:grant-type:pre-authorized_code'

export function credentialIssuerMetadata(
  urls: ServiceUrls,
  configurations: readonly ConfigurationRecord[],
  issuerDisplay: JsonObject | undefined,
): JsonObject {
  return {
    credential_issuer: urls.issuer,
    credential_endpoint: urls.credential,
    nonce_endpoint: urls.nonce,
    notification_endpoint: urls.notification,
    // For wallets of draft 13, which read the token endpoint here.
    token_endpoint: urls.token,
    ...(issuerDisplay === undefined ? {} : { display: [issuerDisplay] }),
    credential_configurations_supported: Object.fromEntries(configurations.map((c) => [c.id, c.metadata])),
  }
}

export function authorizationServerMetadata(urls: ServiceUrls): JsonObject {
  return {
    issuer: urls.issuer,
    token_endpoint: urls.token,
    grant_types_supported: [PRE_AUTHORIZED_GRANT],
    'pre-authorized_grant_anonymous_access_supported': true,
    token_endpoint_auth_methods_supported: ['none'],
    authorization_details_types_supported: ['openid_credential'],
  }
}
