/**
 * Status message tables (Bitstring Status List, `statusMessage`): an entry of `statusSize` N > 1 lists a
 * message for each of its 2^N values, `status` written in hexadecimal with the `0x` prefix. The issuer
 * checks a table here before it makes a list, so that no credential carries a table verifiers refuse.
 */
import type { StatusMessage } from '@tessera/schema'
import { statusError } from './errors.js'

const HEX_STATUS = /^0x[0-9a-fA-F]+$/

/** The largest statusSize the Recommendation allows. */
export const MAX_STATUS_SIZE = 8

/** Throws INVALID_LIST_OPTIONS unless `statusSize` is a whole number from 1 to 8. */
export function checkStatusSize(statusSize: number): void {
  if (!Number.isInteger(statusSize) || statusSize < 1 || statusSize > MAX_STATUS_SIZE) {
    throw statusError(
      'INVALID_LIST_OPTIONS',
      `statusSize must be a whole number from 1 to ${MAX_STATUS_SIZE}, not ${statusSize}`,
    )
  }
}

/**
 * Checks a message table for `statusSize` bits: required when statusSize > 1, optional at 1, and then
 * exactly one message for each value 0 to 2^statusSize - 1, each `status` a `0x` hexadecimal string.
 * Returns the table sorted by value (its order in the entry). Throws INVALID_LIST_OPTIONS.
 */
export function checkStatusMessages(
  statusSize: number,
  table: readonly StatusMessage[] | undefined,
): StatusMessage[] | undefined {
  checkStatusSize(statusSize)
  const needed = 2 ** statusSize
  if (table === undefined) {
    if (statusSize === 1) return undefined
    throw statusError('INVALID_LIST_OPTIONS', `statusSize ${statusSize} needs ${needed} status messages`)
  }
  if (!Array.isArray(table) || table.length !== needed) {
    throw statusError(
      'INVALID_LIST_OPTIONS',
      `statusSize ${statusSize} needs ${needed} status messages, not ${Array.isArray(table) ? table.length : typeof table}`,
    )
  }
  const byValue = new Map<number, StatusMessage>()
  for (const item of table) {
    const status: unknown = item?.status
    if (typeof status !== 'string' || !HEX_STATUS.test(status) || status.length > 4) {
      throw statusError(
        'INVALID_LIST_OPTIONS',
        `status ${JSON.stringify(status)} is not a hexadecimal value such as "0x1"`,
      )
    }
    if (typeof item.message !== 'string') {
      throw statusError('INVALID_LIST_OPTIONS', `the message of status ${status} is not a string`)
    }
    const value = Number.parseInt(status.slice(2), 16)
    if (value >= needed) {
      throw statusError('INVALID_LIST_OPTIONS', `status ${status} does not fit ${statusSize} bits`)
    }
    if (byValue.has(value)) {
      throw statusError('INVALID_LIST_OPTIONS', `status ${status} has two messages`)
    }
    byValue.set(value, { status, message: item.message })
  }
  return [...byValue.entries()].sort(([a], [b]) => a - b).map(([, message]) => message)
}

/** Whether two tables say the same thing for every value, in whatever order they list them. */
export function sameStatusMessages(
  a: readonly StatusMessage[] | undefined,
  b: readonly StatusMessage[] | undefined,
): boolean {
  if (a === undefined || b === undefined) return a === b
  const meaning = (table: readonly StatusMessage[]) =>
    JSON.stringify(
      table
        .map((m): [number, string] => [Number.parseInt(m.status.slice(2), 16), m.message])
        .sort(([x], [y]) => x - y),
    )
  return meaning(a) === meaning(b)
}
