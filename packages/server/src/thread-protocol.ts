/**
 * The messages between a threaded service's main thread (HTTP, parsing, the protocol's checks) and the
 * thread that owns its SQLite database and issues (service-thread.ts): the calls of a wallet flow, whole
 * requests for every other route, and how a failure crosses. A thrown error does not survive structured
 * clone as what it was (a `ProtocolError` arrives as a plain `Error`, its code and status lost), so it
 * crosses as a `CrossedError` and is made again on the other side with its class, code and status.
 */
import type { IssueOptions } from '@tessera/issuer'
import { type JsonObject, TesseraError } from '@tessera/schema'
import { ProtocolError, type ProtocolErrorCode } from './errors.js'
import type { HolderCopyRequest } from './holder-copy.js'
import type { OpenServiceOptions } from './open-service.js'
import type { EventRecord, RedemptionRule, TokenRecord } from './store.js'

/**
 * What the thread is started with: the store folder, the environment it reads (`DATABASE_URL` unset), and
 * the service's options that are data (no clock, event callback nor mail sender: those are functions).
 */
export interface ThreadStart {
  dir: string
  env: Record<string, string | undefined>
  options: ThreadServiceOptions
  /** Whether the thread runs the webhook dispatcher (`tessera serve` does). */
  webhooks: boolean
}

/** The options of `openWalletService` a threaded service takes: those that can be sent to a thread. */
export type ThreadServiceOptions = Pick<
  OpenServiceOptions,
  'baseUrl' | 'limits' | 'display' | 'engagement' | 'awardRules'
> & {
  webhooks?: Omit<NonNullable<OpenServiceOptions['webhooks']>, 'fetch'>
}

/** What the main thread needs of the opened service to answer the wallet flow itself. */
export interface ThreadReady {
  /** The credential issuer identifier the service answers at. */
  issuerUrl: string
  /** The nonce key (base64url), as the store holds it. */
  nonceKey: string
  signerAlg: string
}

/** The wallet flow's calls, each answered by the thread from its stores and issuer. */
export interface FlowCalls {
  offerByCode: [codeHash: string]
  redeem: [
    codeHash: string,
    rule: RedemptionRule,
    token: Omit<TokenRecord, 'offerId'>,
    maxAttempts: number,
    now: number,
  ]
  purgeTokens: [now: number]
  denyItem: [itemId: string, now: number]
  token: [hash: string]
  configuration: [id: string]
  claimItem: [itemId: string, holder: string, now: number]
  completeItem: [
    itemId: string,
    credentialId: string,
    notificationId: string,
    now: number,
    events: readonly EventRecord[] | undefined,
  ]
  row: [credentialId: string]
  standingOf: [credentialId: string]
  issueCopy: [draft: JsonObject, options: IssueOptions]
  /** The credential endpoint's work once the wallet's proof is accepted, in one call (holder-copy.ts). */
  issueHolderCopy: [request: HolderCopyRequest]
}

/** A request as it crosses: its body read to bytes. */
export interface CrossedRequest {
  method: string
  url: string
  headers: [string, string][]
  body: ArrayBuffer | undefined
}

/** An answer as it crosses back. */
export interface CrossedResponse {
  status: number
  headers: [string, string][]
  body: ArrayBuffer
}

/** A request's or answer's headers as they cross. */
export function headerList(headers: Headers): [string, string][] {
  const list: [string, string][] = []
  headers.forEach((value, name) => {
    list.push([name, value])
  })
  return list
}

/** One message to the thread: a flow call, a whole request, or closing. */
export type ToThread =
  | { [M in keyof FlowCalls]: { id: number; call: M; args: FlowCalls[M] } }[keyof FlowCalls]
  | { id: number; call: 'fetch'; request: CrossedRequest }
  | { id: number; call: 'close' }

/** One message from the thread: an answer, its readiness or failure to open, or a service event. */
export type FromThread =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: CrossedError }
  | { ready: ThreadReady }
  | { failed: CrossedError }
  | { event: { kind: 'server_error'; message: string } }

export type CrossedError =
  | {
      kind: 'protocol'
      code: ProtocolErrorCode
      message: string
      status: number
      extra: Record<string, string | number>
      unauthenticated: boolean
      challenge: string | undefined
    }
  | { kind: 'tessera'; code: string; message: string; path: string | undefined }
  | { kind: 'other'; name: string; message: string; code: string | undefined }

/** A thrown value as it can cross. */
export function crossError(error: unknown): CrossedError {
  if (error instanceof ProtocolError)
    return {
      kind: 'protocol',
      code: error.code,
      message: error.message,
      status: error.status,
      extra: error.extra,
      unauthenticated: error.unauthenticated,
      challenge: error.challenge,
    }
  if (error instanceof TesseraError)
    return { kind: 'tessera', code: error.code, message: error.message, path: error.path }
  if (error instanceof Error) {
    const code = 'code' in error && typeof error.code === 'string' ? error.code : undefined
    return { kind: 'other', name: error.name, message: error.message, code }
  }
  return { kind: 'other', name: 'Error', message: String(error), code: undefined }
}

/** The error made again on this side: a ProtocolError or TesseraError with its code, else an Error. */
export function uncrossError(crossed: CrossedError): Error {
  switch (crossed.kind) {
    case 'protocol':
      return new ProtocolError(crossed.code, crossed.message, {
        status: crossed.status,
        extra: crossed.extra,
        unauthenticated: crossed.unauthenticated,
        ...(crossed.challenge === undefined ? {} : { challenge: crossed.challenge }),
      })
    case 'tessera':
      return new TesseraError(
        crossed.code,
        crossed.message,
        crossed.path === undefined ? undefined : { path: crossed.path },
      )
    case 'other':
      return Object.assign(new Error(crossed.message), {
        name: crossed.name,
        ...(crossed.code === undefined ? {} : { code: crossed.code }),
      })
  }
}
