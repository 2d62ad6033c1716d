/**
 * The transport of the guarded fetch outside Node (browsers, React Native, Deno, Bun): the platform's
 * own `fetch`. The runtime resolves names and connects by itself, so the guard (fetch.ts) checks URLs as
 * written: literal addresses against the special-purpose blocks, names by their form. Node takes
 * transport-node.ts instead (the package's `#transport` import), which also checks what names resolve to.
 */
import type { ConnectionGuard } from './fetch.js'

export function platformFetch(_guard: ConnectionGuard): typeof fetch {
  return globalThis.fetch.bind(globalThis)
}
