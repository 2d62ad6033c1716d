/**
 * What an issuer otherwise publishes to a static host, served by the service: its signed status lists
 * (at `<base>/status/<name>`, the last segment of each list's URL, as `tessera publish` names the files)
 * and its did:web document (at the path the DID names). Each answer carries an ETag taken from the signed
 * content, `Cache-Control` with a short max-age, and 304 for a matching If-None-Match. A list is signed
 * again only when it changed (its set entries differ from those it was signed with), not on each request.
 */
import { createHash } from 'node:crypto'
import type { Issuer, IssuerStore } from '@tessera/issuer'
import type { JsonObject } from '@tessera/schema'
import type { Context, Hono } from 'hono'
import { refuse } from './errors.js'

/** How long a verifier may keep a list or the DID document without asking again, in seconds. */
export const PUBLISHED_MAX_AGE = 60

interface Signed {
  version: string
  body: string
  etag: string
  contentType: string
}

const etagOf = (body: string) =>
  `"${createHash('sha256').update(body, 'utf8').digest('base64url').slice(0, 32)}"`

/** The path a did:web DID's document is read at (did:web method, section 3.2), or undefined for another DID. */
export function didWebPath(did: string): string | undefined {
  if (!did.startsWith('did:web:')) return undefined
  const [, ...path] = did.slice('did:web:'.length).split(':')
  return path.length === 0 ? '/.well-known/did.json' : `/${path.map(decodeURIComponent).join('/')}/did.json`
}

function answer(c: Context, signed: Pick<Signed, 'body' | 'etag' | 'contentType'>): Response {
  const headers = {
    ETag: signed.etag,
    'Cache-Control': `public, max-age=${PUBLISHED_MAX_AGE}`,
    'Access-Control-Allow-Origin': '*',
  }
  const asked = c.req.header('if-none-match')
  if (asked?.split(',').some((tag) => tag.trim().replace(/^W\//, '') === signed.etag))
    return c.body(null, 304, headers)
  return c.body(signed.body, 200, { ...headers, 'Content-Type': signed.contentType })
}

/** The status lists' current state, as a version string: the entries set on each (cheap; no signing). */
async function versionOf(store: IssuerStore, url: string): Promise<string> {
  const set = await store.nonZeroStatuses(url)
  const hash = createHash('sha256')
  for (const { index, status } of set) hash.update(`${index}:${status};`)
  return hash.digest('base64url')
}

export interface PublishedOptions {
  issuer: Issuer
  issuerStore: IssuerStore
  basePath: string
  /** The issuer's did:web document, when its DID is a did:web one. */
  didDocument?: JsonObject
  did?: string
}

/** Registers the routes of the status lists and the DID document on `app`. */
export function publishedRoutes(app: Hono, options: PublishedOptions): void {
  const signed = new Map<string, Signed>()
  let signing: Promise<void> | undefined

  /** Signs every list again (one signing at a time; the requests waiting share it). */
  const resign = async (versions: Map<string, string>) => {
    signing ??= (async () => {
      try {
        for (const [url, list] of await options.issuer.signedStatusLists()) {
          const body = typeof list === 'string' ? list : JSON.stringify(list)
          signed.set(url, {
            version: versions.get(url) ?? '',
            body,
            etag: etagOf(body),
            contentType: typeof list === 'string' ? 'application/vc+jwt' : 'application/json',
          })
        }
      } finally {
        signing = undefined
      }
    })()
    await signing
  }

  app.get(`${options.basePath}/status/:name`, async (c) => {
    const name = c.req.param('name')
    const lists = await options.issuerStore.lists()
    const list = lists.find((l) => l.url.slice(l.url.lastIndexOf('/') + 1) === name)
    if (list === undefined) refuse('not_found', 'no status list of that name')
    const version = await versionOf(options.issuerStore, list.url)
    if (signed.get(list.url)?.version !== version) {
      const versions = new Map<string, string>()
      for (const l of lists) versions.set(l.url, await versionOf(options.issuerStore, l.url))
      versions.set(list.url, version)
      await resign(versions)
    }
    const current = signed.get(list.url)
    if (current === undefined) refuse('not_found', 'no status list of that name')
    return answer(c, current)
  })

  const path = options.did === undefined ? undefined : didWebPath(options.did)
  if (path !== undefined && options.didDocument !== undefined) {
    const body = JSON.stringify(options.didDocument)
    const document = { body, etag: etagOf(body), contentType: 'application/did+json' }
    app.get(path, (c) => answer(c, document))
  }
}
