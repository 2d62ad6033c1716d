// The status lists and the DID document served by the service instead of a static host: ETag from the
// signed content, a short max-age, 304 for a matching If-None-Match; a list signed again only when it
// changed (the same ETag until then, a new one, showing the revocation, after).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { initIssuer } from '@tessera/issuer/node'
import type { JsonObject } from '@tessera/schema'
import { Verifier } from '@tessera/verifier'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { didWebPath, openWalletService } from '../src/index.js'
import { type Guild, startGuild } from './guild.js'

let guild: Guild

test.before(async () => {
  guild = await startGuild()
})
test.after(async () => {
  await guild?.close()
})

test('did:web paths', () => {
  assert.is(didWebPath('did:web:guild.example'), '/.well-known/did.json')
  assert.is(didWebPath('did:web:guild.example:wallet:issuer'), '/wallet/issuer/did.json')
  assert.is(didWebPath('did:key:z6Mk'), undefined)
})

test('a status list: ETag, max-age, 304; the same signature until a credential changes, then a new one', async () => {
  const issued = await guild.issueMembership('M-lists')
  const [list] = await guild.opened.issuer.store.lists()
  assert.ok(list)
  const name = list.url.slice(list.url.lastIndexOf('/') + 1)
  const url = `${guild.base}/status/${name}`

  const first = await fetch(url)
  assert.is(first.status, 200)
  const etag = first.headers.get('etag') as string
  assert.match(etag, /^"[A-Za-z0-9_-]{32}"$/)
  assert.match(first.headers.get('cache-control') ?? '', /max-age=60/)
  const body = await first.text()

  guild.now.value = new Date(guild.clock().getTime() + 5_000)
  const again = await fetch(url)
  assert.is(again.headers.get('etag'), etag, 'not signed again: nothing changed')
  assert.is(await again.text(), body)
  const cached = await fetch(url, { headers: { 'if-none-match': etag } })
  assert.is(cached.status, 304)
  assert.is(await cached.text(), '')

  await guild.opened.issuer.issuer.revoke(issued.credentialId)
  const changed = await fetch(url, { headers: { 'if-none-match': etag } })
  assert.is(changed.status, 200)
  assert.is.not(changed.headers.get('etag'), etag)
  const verifyWith = async (served: string) => {
    const listCredential: JsonObject | string = served.startsWith('{') ? JSON.parse(served) : served
    const verifier = new Verifier({
      offline: true,
      documents: new Map([[list.url, listCredential]]) as Map<string, JsonObject>,
    })
    return verifier.verifyCredential(issued.credential, { now: guild.clock() })
  }
  const before = await verifyWith(body)
  assert.ok(before.verified, JSON.stringify(before.checks.filter((c) => !c.ok)))
  const after = await verifyWith(await changed.text())
  assert.not.ok(after.verified, 'the served list says revoked')
  assert.equal(
    after.checks.filter((c) => !c.ok).map((c) => c.id),
    ['status'],
  )

  const missing = await fetch(`${guild.base}/status/none`)
  assert.is(missing.status, 404)
})

test("a did:web issuer's DID document, with ETag and 304", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-didweb-'))
  try {
    await initIssuer(dir, { did: 'web:guild.example', statusBaseUrl: 'https://guild.example/status' }, {})
    const opened = await openWalletService(
      dir,
      {},
      { baseUrl: 'https://guild.example/wallet', clock: guild.clock },
    )
    try {
      const response = await opened.service.fetch(new Request('https://guild.example/.well-known/did.json'))
      assert.is(response.status, 200)
      assert.is(response.headers.get('content-type'), 'application/did+json')
      const document = (await response.json()) as { id: string }
      assert.is(document.id, 'did:web:guild.example')
      const etag = response.headers.get('etag') as string
      const cached = await opened.service.fetch(
        new Request('https://guild.example/.well-known/did.json', { headers: { 'if-none-match': etag } }),
      )
      assert.is(cached.status, 304)
    } finally {
      await opened.close()
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test.run()
