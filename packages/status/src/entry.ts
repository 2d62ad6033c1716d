/**
 * Status entries: reading the ones a credential carries (the verifier's side; entry-making.ts makes the
 * ones an issuer adds, so that the verifier's status check carries neither that code nor the contexts).
 */
import type { StatusMessage, StatusPurpose } from '@tessera/schema'
import { isJsonObject } from '@tessera/schema'
import type { StatusListType } from './codec.js'
import { statusError } from './errors.js'
import { isUrl } from './url-form.js'

export const ENTRY_TYPES: Record<string, StatusListType> = {
  BitstringStatusListEntry: 'BitstringStatusList',
  StatusList2021Entry: 'StatusList2021',
}

const PURPOSES: Record<StatusListType, readonly StatusPurpose[]> = {
  BitstringStatusList: ['revocation', 'suspension', 'refresh', 'message'],
  StatusList2021: ['revocation', 'suspension'],
}

/** A status entry, checked and normalised. */
export interface StatusEntry {
  type: StatusListType
  purpose: StatusPurpose
  index: number
  /** URL of the status list credential. */
  listUrl: string
  statusSize: number
  statusMessage?: StatusMessage[]
}

const DECIMAL = /^(0|[1-9][0-9]*)$/

/** `statusListIndex`: a decimal string (as both specifications write it) or a whole number. */
export function parseIndex(value: unknown): number {
  const index = typeof value === 'string' && DECIMAL.test(value) ? Number(value) : value
  if (typeof index !== 'number' || !Number.isSafeInteger(index) || index < 0) {
    throw statusError(
      'MALFORMED_VALUE_ERROR',
      `statusListIndex ${JSON.stringify(value)} is not a non-negative whole number in decimal`,
    )
  }
  return index
}

function parseStatusMessages(value: unknown, statusSize: number): StatusMessage[] | undefined {
  if (value === undefined) {
    if (statusSize > 1) {
      throw statusError('MALFORMED_VALUE_ERROR', `statusMessage is required when statusSize is ${statusSize}`)
    }
    return undefined
  }
  if (!Array.isArray(value) || value.length !== 2 ** statusSize) {
    throw statusError(
      'MALFORMED_VALUE_ERROR',
      `statusMessage must list the ${2 ** statusSize} possible statuses`,
    )
  }
  return value.map((item) => {
    if (!isJsonObject(item) || typeof item.status !== 'string' || typeof item.message !== 'string') {
      throw statusError('MALFORMED_VALUE_ERROR', 'each statusMessage is { status: "0x..", message }')
    }
    return { status: item.status, message: item.message }
  })
}

/** Reads one `credentialStatus` entry; throws UNSUPPORTED_STATUS_METHOD or MALFORMED_VALUE_ERROR. */
export function parseStatusEntry(value: unknown): StatusEntry {
  if (!isJsonObject(value))
    throw statusError('MALFORMED_VALUE_ERROR', 'a credentialStatus entry is an object')
  const type = typeof value.type === 'string' ? ENTRY_TYPES[value.type] : undefined
  if (type === undefined) {
    throw statusError(
      'UNSUPPORTED_STATUS_METHOD',
      `status method ${JSON.stringify(value.type)} is not supported`,
    )
  }
  const purpose = value.statusPurpose
  if (typeof purpose !== 'string' || !(PURPOSES[type] as readonly string[]).includes(purpose)) {
    throw statusError(
      'MALFORMED_VALUE_ERROR',
      `statusPurpose ${JSON.stringify(purpose)} is not one of ${PURPOSES[type].join(', ')}`,
    )
  }
  const listUrl = value.statusListCredential
  if (typeof listUrl !== 'string' || !isUrl(listUrl)) {
    throw statusError('MALFORMED_VALUE_ERROR', `statusListCredential ${JSON.stringify(listUrl)} is not a URL`)
  }
  const statusSize = type === 'BitstringStatusList' ? (value.statusSize ?? 1) : 1
  if (typeof statusSize !== 'number' || !Number.isInteger(statusSize) || statusSize < 1 || statusSize > 8) {
    throw statusError(
      'MALFORMED_VALUE_ERROR',
      `statusSize ${JSON.stringify(statusSize)} is not a whole number from 1 to 8`,
    )
  }
  const statusMessage = parseStatusMessages(value.statusMessage, statusSize)
  return {
    type,
    purpose: purpose as StatusPurpose,
    index: parseIndex(value.statusListIndex),
    listUrl,
    statusSize,
    ...(statusMessage === undefined ? {} : { statusMessage }),
  }
}
