/**
 * The OpenID4VCI bench's HTTP client (bench/oid4vci-wallet.ts), lean so that on a machine the services
 * share with it the load generator takes little of the CPU: undici's `Client` (the maintained HTTP/1.1
 * client under Node's own fetch, without fetch's Request, web streams and AbortSignal per request), one
 * kept-alive connection a wallet, one request at a time on it. Measured alone (40,000 small POSTs, 64 at a
 * time, against a bare node:http server, 2026-12-06 09:12 UTC, load 5.7 to 6.5): 30 to 37 µs of the
 * client's CPU a request, against 47 to 52 µs for node:http's client (bench/README.md) and 22 to 24 µs for
 * a hand-written one this replaces (the few µs it saved did not pay for an HTTP parser of our own).
 * The same bytes for both services; an answer with `Connection: close` is followed by a new connection.
 */
import { Client } from 'undici'

export interface Answer {
  status: number
  body: string
}

/** One kept-alive connection to the service, one request at a time. */
export class Connection {
  readonly #client: Client

  constructor(origin: string) {
    this.#client = new Client(origin, { pipelining: 1 })
  }

  /** POSTs `body` to `path` with `headers` (lower-case names). */
  async post(path: string, body: string, headers: Record<string, string>): Promise<Answer> {
    const answer = await this.#client.request({ method: 'POST', path, headers, body })
    return { status: answer.statusCode, body: await answer.body.text() }
  }

  close(): void {
    void this.#client.destroy().catch(() => undefined)
  }
}

/** The connections of a set of wallets to one service: one each, opened at its first request, kept alive. */
export class WalletClient {
  readonly base: string
  readonly #connections: Connection[] = []
  readonly #origin: string

  constructor(base: string) {
    this.base = base
    this.#origin = new URL(base).origin
  }

  /** The connection of wallet `slot` (0 .. the level's wallets - 1). */
  connection(slot: number): Connection {
    let found = this.#connections[slot]
    if (found === undefined) {
      found = new Connection(this.#origin)
      this.#connections[slot] = found
    }
    return found
  }

  close(): void {
    for (const c of this.#connections) c.close()
  }
}
