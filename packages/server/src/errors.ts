/**
 * The service's two kinds of failure. A wallet's bad request is a `ProtocolError`: an OAuth 2.0 or
 * OpenID4VCI error code (RFC 6749 5.2, RFC 6750 3.1, OpenID4VCI 1.0 sections 6.3, 8.3.1 and 11.3) with
 * its HTTP status, answered as `{ error, error_description }` and never with a stack. A caller's bad
 * use of the API (an offer for a member with nothing to offer, a base URL that is not one) is a
 * `TesseraError<ServerErrorCode>`.
 */
import { errorGuard, TesseraError } from '@tessera/schema'

/** The error codes a wallet can get, as the specifications name them. */
export type ProtocolErrorCode =
  // RFC 6749 (token endpoint)
  | 'invalid_request'
  | 'invalid_grant'
  | 'invalid_client'
  | 'unsupported_grant_type'
  // RFC 9396 (authorization_details)
  | 'invalid_authorization_details'
  // RFC 6750 (an access token at the credential and notification endpoints)
  | 'invalid_token'
  // OpenID4VCI 1.0, 8.3.1.2 (credential endpoint)
  | 'invalid_credential_request'
  | 'unknown_credential_configuration'
  | 'unknown_credential_identifier'
  | 'invalid_proof'
  | 'invalid_nonce'
  | 'invalid_encryption_parameters'
  | 'credential_request_denied'
  // OpenID4VCI draft 13, for wallets that still name a format instead of a configuration
  | 'unsupported_credential_format'
  // OpenID4VCI 1.0, 11.3 (notification endpoint)
  | 'invalid_notification_id'
  | 'invalid_notification_request'
  // RFC 6750 3.1 (the admin API: a token without the scope the route needs)
  | 'insufficient_scope'
  // The admin API: what a request asks cannot be done in the credential's state (revoked is final, ...)
  | 'conflict'
  // The published site's count-only events (engagement.ts): a bad body, a site not allowed, a flood
  | 'invalid_event'
  | 'origin_not_allowed'
  | 'rate_limited'
  // Neither: an unknown path, a method the path does not take (RFC 9110 15.5.6), and a failure of the
  // service itself
  | 'not_found'
  | 'method_not_allowed'
  | 'server_error'

/** What the service's API refuses (not a wallet's request). */
export type ServerErrorCode =
  /** The member has no standing credential (active, unexpired) that the offer could carry. */
  | 'NOTHING_TO_OFFER'
  /** The credential issuer URL is not an https URL without query or fragment (http only on loopback). */
  | 'INVALID_BASE_URL'
  /** No credential issuer URL was given, and the store has none recorded by `tessera serve`. */
  | 'BASE_URL_UNKNOWN'
  /** An offer option out of range: a lifetime, a transaction code length, a format the key cannot sign. */
  | 'INVALID_OFFER_OPTIONS'
  /** A service option out of range: a colour that is not one, a lifetime that is not a positive number. */
  | 'INVALID_OPTIONS'
  /** The service's PostgreSQL tables cannot be reached or created (the password never in the message). */
  | 'STORE_UNREACHABLE'

/** Whether `error` is a TesseraError with one of `codes` of this package's API. */
export const isServerError = errorGuard<ServerErrorCode>()

/** Throws the TesseraError `code` (this package's one way to fail its API). */
export function fail(code: ServerErrorCode, message: string): never {
  throw new TesseraError<ServerErrorCode>(code, message)
}

/** The characters RFC 6749 allows in `error_description`: printable ASCII without `"` and `\`. */
const DESCRIPTION_UNSAFE = /[^\x20-\x21\x23-\x5b\x5d-\x7e]/g

/** A description as RFC 6749 allows it: outside characters become `?`, quotes become `'`, at most 300 characters. */
export function safeDescription(text: string): string {
  return text.replaceAll('"', "'").replace(DESCRIPTION_UNSAFE, '?').slice(0, 300)
}

export interface ProtocolErrorOptions {
  /** HTTP status; 400 by default, 401 for `invalid_token`, 500 for `server_error`. */
  status?: number
  /** More members of the error body (a fresh `c_nonce` with `invalid_nonce`, say). */
  extra?: Record<string, string | number>
  /**
   * A request that tried no authentication at all: its challenge is the bare `Bearer` scheme, without
   * error code or description (RFC 6750, 3.1).
   */
  unauthenticated?: boolean
  /**
   * The `WWW-Authenticate` challenge to send as it is, in place of RFC 6750's: at the token endpoint, the
   * scheme the client authenticated with (RFC 6749, 5.2).
   */
  challenge?: string
  cause?: unknown
}

const DEFAULT_STATUS: Partial<Record<ProtocolErrorCode, number>> = {
  invalid_token: 401,
  invalid_client: 401,
  insufficient_scope: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  origin_not_allowed: 403,
  rate_limited: 429,
  server_error: 500,
}

/** A refusal the wallet receives as an OAuth error response. */
export class ProtocolError extends TesseraError<ProtocolErrorCode> {
  override readonly name = 'ProtocolError'
  readonly status: number
  readonly extra: Record<string, string | number>
  readonly unauthenticated: boolean
  readonly challenge: string | undefined

  constructor(code: ProtocolErrorCode, description: string, options: ProtocolErrorOptions = {}) {
    super(
      code,
      safeDescription(description),
      options.cause === undefined ? undefined : { cause: options.cause },
    )
    this.status = options.status ?? DEFAULT_STATUS[code] ?? 400
    this.extra = options.extra ?? {}
    this.unauthenticated = options.unauthenticated ?? false
    this.challenge = options.challenge
  }

  /** The response body: `{ error, error_description, ...extra }`. */
  body(): Record<string, string | number> {
    return { error: this.code, error_description: this.message, ...this.extra }
  }

  /** The response headers: no caching, and RFC 6750's challenge for a token refused. */
  headers(): Record<string, string> {
    const headers: Record<string, string> = { 'Cache-Control': 'no-store' }
    if (this.challenge !== undefined) headers['WWW-Authenticate'] = this.challenge
    else if (this.unauthenticated) headers['WWW-Authenticate'] = 'Bearer'
    else if (this.status === 401 || this.status === 403)
      headers['WWW-Authenticate'] = `Bearer error="${this.code}", error_description="${this.message}"`
    return headers
  }
}

/** Throws a ProtocolError (each endpoint's one way to refuse). */
export function refuse(code: ProtocolErrorCode, description: string, options?: ProtocolErrorOptions): never {
  throw new ProtocolError(code, description, options)
}
