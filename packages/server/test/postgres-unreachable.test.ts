// A PostgreSQL server that cannot be reached: each of the service's PostgreSQL stores refuses to open
// with STORE_UNREACHABLE, and the password (as written, and percent-decoded) never appears in the message.
import { errorCodeOf } from '@tessera/schema'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { PostgresEngagementStore, PostgresServerStore } from '../src/index.js'

// Port 1 on the loopback: nothing listens, the connection is refused at once.
const URL_WITH_SECRET = 'postgres://tessera:s%3Ecret%40pw@127.0.0.1:1/tessera'

for (const [name, open] of [
  ['the service store', () => PostgresServerStore.open(URL_WITH_SECRET, { connectTimeoutMs: 2_000 })],
  ['the engagement counters', () => PostgresEngagementStore.open(URL_WITH_SECRET)],
] as const) {
  test(`${name}: STORE_UNREACHABLE, without the password`, async () => {
    let caught: unknown
    try {
      await open()
    } catch (error) {
      caught = error
    }
    assert.is(errorCodeOf(caught), 'STORE_UNREACHABLE')
    const message = caught instanceof Error ? caught.message : ''
    assert.match(message, /^cannot open the /)
    assert.not.match(message, 's%3Ecret%40pw')
    assert.not.match(message, 's>cret@pw')
  })
}

test.run()
