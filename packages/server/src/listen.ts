/**
 * The service on a Node HTTP server (`@hono/node-server`'s request listener on `node:http`), for
 * `tessera serve` and anyone who runs it standalone. Closing stops taking connections, lets the requests
 * under way finish (each writes to the database in its own transactions: nothing is left half-written),
 * and cuts connections still open after a grace period. Slow clients are bounded: headers within 10 s, a
 * whole request within 30 s. Node's global `Request` and `Response` are left as they are unless the caller
 * owns the process (`overrideGlobalObjects`).
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { getRequestListener } from '@hono/node-server'

export interface ListenOptions {
  /** Default 0: a free port, which `RunningServer.port` then says. */
  port?: number
  /** Default `127.0.0.1`: put a TLS-terminating proxy in front (wallets need https). */
  host?: string
  /** How long closing waits for requests under way before cutting their connections, in ms. Default 10,000. */
  graceMs?: number
  /**
   * Let @hono/node-server replace the global `Request` and `Response` with its lightweight ones, which it
   * writes to the socket without a web stream between (its own default, and about a third less CPU per
   * request). Default false: a library call leaves the globals of the process it runs in alone;
   * `tessera serve`, which owns its process, turns it on.
   */
  overrideGlobalObjects?: boolean
}

export interface RunningServer {
  /** `http://host:port` */
  url: string
  port: number
  server: Server
  /** Stops taking requests and resolves once those under way are done (or the grace period is over). */
  close(): Promise<void>
}

export async function listen(
  fetch: (request: Request) => Response | Promise<Response>,
  options: ListenOptions = {},
): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1'
  const server = createServer(
    { requestTimeout: 30_000, headersTimeout: 10_000, keepAliveTimeout: 5_000 },
    getRequestListener(fetch, { overrideGlobalObjects: options.overrideGlobalObjects ?? false }),
  )
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { port } = server.address() as AddressInfo
  let closing: Promise<void> | undefined
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    server,
    close() {
      closing ??= new Promise<void>((resolve) => {
        const cut = setTimeout(() => server.closeAllConnections(), options.graceMs ?? 10_000)
        cut.unref()
        server.close(() => {
          clearTimeout(cut)
          resolve()
        })
        server.closeIdleConnections()
      })
      return closing
    },
  }
}
