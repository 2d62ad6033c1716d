/**
 * A Veramo plugin (core-types 7) exposing `checkCredentialStatus`, so that a Veramo agent's
 * `verifyCredential` checks Bitstring Status List and StatusList2021 entries through @tessera/status.
 */
import { isJsonObject, type JsonObject } from '@tessera/schema'
import {
  type CheckStatusOptions,
  checkStatus,
  type StatusCheckResult,
  StatusListCache,
} from '@tessera/status'
import type {
  CredentialStatus,
  IAgentPlugin,
  ICheckCredentialStatusArgs,
  ICredentialStatusVerifier,
} from '@veramo/core-types'

/**
 * What `checkCredentialStatus` returns: Veramo's `revoked`, plus `verified` (false whenever the status
 * could not be established, which Veramo's `verifyCredential` treats as a failure) and the full result.
 */
export interface VeramoStatusResult extends CredentialStatus {
  revoked: boolean
  verified: boolean
  suspended: boolean
  status: StatusCheckResult
}

export class TesseraStatusPlugin implements IAgentPlugin {
  readonly methods: ICredentialStatusVerifier
  private readonly options: CheckStatusOptions

  /** The options of `checkStatus`; a cache is made when none is given, so lists are reused. */
  constructor(options: CheckStatusOptions) {
    this.options = { ...options, cache: options.cache ?? new StatusListCache() }
    this.methods = { checkCredentialStatus: (args) => this.checkCredentialStatus(args) }
  }

  private async checkCredentialStatus(args: ICheckCredentialStatusArgs): Promise<VeramoStatusResult> {
    const credential: unknown = args.credential
    const status = isJsonObject(credential)
      ? await checkStatus(credential as JsonObject, this.options)
      : { ok: false, revoked: false, suspended: false, entries: [], byPurpose: {} }
    return { revoked: status.revoked, suspended: status.suspended, verified: status.ok, status }
  }
}
