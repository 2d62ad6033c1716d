/**
 * The OpenID4VCI bench's HTTP client (bench/oid4vci-wallet.ts), as lean as HTTP/1.1 allows, so that on
 * a machine the services share with it the load generator takes as little of the CPU as it can: node:http's
 * client (a ClientRequest, an IncomingMessage stream, the agent's socket pool and its events) cost 47 to
 * 52 µs of CPU a small request, this one 20 to 24 µs (measured alone, bench/README.md, 2026-12-06
 * morning), where a lean server spends 60 to 120 µs answering one. Here each wallet owns one
 * kept-alive TCP connection (node:net, no Nagle delay) and sends one request at a time on it: the request
 * line, headers and body written as one string, the answer read by its Content-Length or its chunked
 * framing, its body decoded as UTF-8. The same bytes a server gets from node:http's client (Host,
 * Connection: keep-alive, Content-Length), the same for both services; an answer with `Connection: close`
 * closes the connection, and the next request opens a new one.
 */
import { connect, type Socket } from 'node:net'

export interface Answer {
  status: number
  body: string
}

const HEAD_END = Buffer.from('\r\n\r\n')
const EMPTY = Buffer.alloc(0)

/** A complete answer parsed from the front of `data`, the bytes it took, and whether it closes the connection. */
interface Parsed {
  answer: Answer
  used: number
  close: boolean
}

/** Where the body of a chunked answer ends, and the body; undefined while the bytes are incomplete. */
function chunked(data: Buffer, from: number): { body: string; end: number } | undefined {
  const parts: string[] = []
  let at = from
  for (;;) {
    const lineEnd = data.indexOf('\r\n', at, 'latin1')
    if (lineEnd === -1) return undefined
    const size = Number.parseInt(data.toString('latin1', at, lineEnd).split(';')[0] as string, 16)
    if (!Number.isFinite(size)) throw new Error('bad chunk size in the answer')
    if (size === 0) {
      // Trailer lines, if any, then the empty line.
      let line = lineEnd + 2
      for (;;) {
        const next = data.indexOf('\r\n', line, 'latin1')
        if (next === -1) return undefined
        if (next === line) return { body: parts.join(''), end: next + 2 }
        line = next + 2
      }
    }
    if (data.length < lineEnd + 2 + size + 2) return undefined
    parts.push(data.toString('utf8', lineEnd + 2, lineEnd + 2 + size))
    at = lineEnd + 2 + size + 2
  }
}

/**
 * Reads one HTTP/1.1 answer from the front of `data`: undefined while it is incomplete; throws on a
 * framing this client does not read (a body until the connection closes).
 */
export function parseAnswer(data: Buffer): Parsed | undefined {
  const headEnd = data.indexOf(HEAD_END)
  if (headEnd === -1) return undefined
  const lines = data.toString('latin1', 0, headEnd).split('\r\n')
  const status = Number((lines[0] ?? '').split(' ')[1])
  let length: number | undefined
  let isChunked = false
  let close = false
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as string
    const colon = line.indexOf(':')
    const name = line.slice(0, colon).trim().toLowerCase()
    if (name === 'content-length') length = Number(line.slice(colon + 1).trim())
    else if (name === 'transfer-encoding') isChunked = /chunked/i.test(line.slice(colon + 1))
    else if (name === 'connection') close = /close/i.test(line.slice(colon + 1))
  }
  const start = headEnd + 4
  if (isChunked) {
    const read = chunked(data, start)
    return read === undefined ? undefined : { answer: { status, body: read.body }, used: read.end, close }
  }
  if (length === undefined) {
    if (status === 204 || status === 304 || (status >= 100 && status < 200))
      return { answer: { status, body: '' }, used: start, close }
    throw new Error(`an answer (${status}) without Content-Length or chunked framing`)
  }
  if (data.length < start + length) return undefined
  return {
    answer: { status, body: data.toString('utf8', start, start + length) },
    used: start + length,
    close,
  }
}

/** One kept-alive connection to the service, one request at a time. */
export class Connection {
  readonly #host: string
  readonly #port: number
  #socket: Socket | undefined
  #data: Buffer = EMPTY
  #waiting: { resolve: (answer: Answer) => void; reject: (error: Error) => void } | undefined

  constructor(host: string, port: number) {
    this.#host = host
    this.#port = port
  }

  #open(): Socket {
    const socket = connect({ host: this.#host, port: this.#port, noDelay: true })
    socket.on('data', (chunk: Buffer) => this.#read(chunk))
    socket.on('error', (error) => this.#fail(socket, error))
    socket.on('close', () => this.#fail(socket, new Error('the service closed the connection')))
    this.#socket = socket
    this.#data = EMPTY
    return socket
  }

  #read(chunk: Buffer): void {
    this.#data = this.#data.length === 0 ? chunk : Buffer.concat([this.#data, chunk])
    let parsed: Parsed | undefined
    try {
      parsed = parseAnswer(this.#data)
    } catch (error) {
      this.#socket?.destroy(error instanceof Error ? error : new Error(String(error)))
      return
    }
    if (parsed === undefined) return
    this.#data = this.#data.length === parsed.used ? EMPTY : this.#data.subarray(parsed.used)
    const waiting = this.#waiting
    this.#waiting = undefined
    if (parsed.close) {
      const socket = this.#socket
      this.#socket = undefined
      socket?.destroy()
    }
    waiting?.resolve(parsed.answer)
  }

  /** A failure of the connection in use fails the request waiting on it (one closed on purpose is not in use). */
  #fail(socket: Socket, error: Error): void {
    if (this.#socket !== socket) return
    this.#socket = undefined
    const waiting = this.#waiting
    this.#waiting = undefined
    waiting?.reject(error)
  }

  /** POSTs `body` to `path`; `headers` are whole header lines, each ending in CRLF. */
  post(path: string, body: string, headers: string): Promise<Answer> {
    if (this.#waiting !== undefined) return Promise.reject(new Error('one request at a time on a connection'))
    const socket = this.#socket ?? this.#open()
    return new Promise((resolve, reject) => {
      this.#waiting = { resolve, reject }
      socket.write(
        `POST ${path} HTTP/1.1\r\nHost: ${this.#host}:${this.#port}\r\nConnection: keep-alive\r\n${headers}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      )
    })
  }

  close(): void {
    this.#socket?.destroy()
    this.#socket = undefined
  }
}

/** The connections of a set of wallets to one service: one each, opened at its first request, kept alive. */
export class WalletClient {
  readonly base: string
  readonly #connections: Connection[] = []
  readonly #host: string
  readonly #port: number

  constructor(base: string) {
    const url = new URL(base)
    this.base = base
    this.#host = url.hostname
    this.#port = Number(url.port)
  }

  /** The connection of wallet `slot` (0 .. the level's wallets - 1). */
  connection(slot: number): Connection {
    let found = this.#connections[slot]
    if (found === undefined) {
      found = new Connection(this.#host, this.#port)
      this.#connections[slot] = found
    }
    return found
  }

  close(): void {
    for (const c of this.#connections) c.close()
  }
}
