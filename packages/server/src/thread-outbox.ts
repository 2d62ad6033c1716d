/**
 * The messages one thread of a threaded service sends the other, sent together: those sent in one turn
 * of the event loop go as one `postMessage` at its end (its check phase). Each `postMessage` costs both
 * threads more than the small values it carries (a wake-up of the other thread, the clone's set-up): with
 * one per call, a wallet flow's seven calls and their answers were about a fifth of each thread's busy
 * time under load (a CPU profile of bench/oid4vci.ts); under load, the calls of many concurrent requests
 * share one message, as their writes share one commit.
 */
export class Outbox<T> {
  private messages: T[] = []
  private transfers: ArrayBuffer[] = []

  constructor(private readonly post: (messages: T[], transfer: ArrayBuffer[]) => void) {}

  /** Queues `message` (with the buffers it hands over) for the end of this turn. */
  send(message: T, transfer: readonly ArrayBuffer[] = []): void {
    this.messages.push(message)
    this.transfers.push(...transfer)
    if (this.messages.length === 1) setImmediate(this.flush)
  }

  /** Sends what is queued now. */
  readonly flush = (): void => {
    if (this.messages.length === 0) return
    const messages = this.messages
    const transfers = this.transfers
    this.messages = []
    this.transfers = []
    this.post(messages, transfers)
  }
}
