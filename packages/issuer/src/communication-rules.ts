/**
 * The communications log's rules, the same in every store: a message's key or id recorded once, and a
 * message marked only while it is neither sent nor cancelled.
 */
import { TesseraError } from '@tessera/schema'
import type { CommunicationErrorCode, CommunicationState } from './store.js'

/** The refusal of a message whose key or id is recorded already (both stores). */
export function duplicateCommunication(messageId: string): TesseraError<CommunicationErrorCode> {
  return new TesseraError<CommunicationErrorCode>(
    'DUPLICATE_COMMUNICATION',
    `message ${messageId}: one of its communications (or the message id) is recorded already; nothing was added`,
  )
}

/** Throws unless a message with these row states can be marked: it exists and is neither sent nor cancelled. */
export function checkMarkable(messageId: string, states: readonly CommunicationState[]): void {
  if (states.length === 0)
    throw new TesseraError<CommunicationErrorCode>(
      'UNKNOWN_COMMUNICATION',
      `no communication in message ${messageId}`,
    )
  const final = states.find((s) => s === 'sent' || s === 'cancelled')
  if (final !== undefined)
    throw new TesseraError<CommunicationErrorCode>(
      'COMMUNICATION_FINAL',
      `message ${messageId} was ${final} already`,
    )
}
