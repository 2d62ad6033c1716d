// A batch's background jobs (signatures and their checks on libuv's thread pool) run a few at a time,
// the rest queued in the batch: the limiter itself (order, failures), and a batch whose signer counts the
// background signatures it has in hand at once.
import { MemoryIssuerStore } from '@tessera/issuer'
import { issuerOn, kmsIssuer, membershipRows } from '@tessera/testkit/issuer'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { BackgroundLimit } from '../src/background-limit.js'

/** A job that settles when `release` is called, noting when it started. */
function gate(started: string[], name: string) {
  let release: (fail?: boolean) => void = () => undefined
  const job = () => {
    started.push(name)
    return new Promise<string>((resolve, reject) => {
      release = (fail = false) => (fail ? reject(new Error(`${name} failed`)) : resolve(name))
    })
  }
  return { job, release: (fail?: boolean) => release(fail) }
}

const turn = () => new Promise((resolve) => setImmediate(resolve))

test('at most `max` jobs run at once; the others start in the order they came, as slots free', async () => {
  const limit = new BackgroundLimit(2)
  const started: string[] = []
  const gates = ['a', 'b', 'c', 'd'].map((name) => gate(started, name))
  const results = gates.map((g) => limit.run(g.job))
  await turn()
  assert.equal(started, ['a', 'b'])
  assert.is(limit.queued, 2)
  gates[1]?.release()
  assert.is(await results[1], 'b')
  await turn()
  assert.equal(started, ['a', 'b', 'c'])
  gates[0]?.release()
  gates[2]?.release()
  await turn()
  assert.equal(started, ['a', 'b', 'c', 'd'])
  gates[3]?.release()
  assert.equal(await Promise.all(results), ['a', 'b', 'c', 'd'])
  assert.is(limit.queued, 0)
})

test('a job that fails, or throws before it returns a promise, gives its failure and frees its slot', async () => {
  const limit = new BackgroundLimit(1)
  const started: string[] = []
  const first = gate(started, 'first')
  const failing = limit.run(first.job)
  const throwing = limit.run((): Promise<string> => {
    throw new Error('thrown at once')
  })
  const after = gate(started, 'after')
  const last = limit.run(after.job)
  const failures = Promise.all([failing, throwing].map((p) => p.then(String, (e: Error) => e.message)))
  first.release(true)
  assert.equal(await failures, ['first failed', 'thrown at once'])
  await turn()
  assert.equal(started, ['first', 'after'])
  after.release()
  assert.is(await last, 'after')
})

test('a batch hands the pool at most four background signatures at a time, whatever its window, and issues every row', async () => {
  const { signer, did } = await kmsIssuer()
  const background = signer.signInBackground?.bind(signer)
  assert.ok(background, 'the KMS signer signs in the background')
  let inHand = 0
  let most = 0
  let signed = 0
  const counting = {
    ...signer,
    signInBackground: async (data: Uint8Array) => {
      inHand++
      most = Math.max(most, inHand)
      try {
        // Held a turn of the event loop, so that other rows' signatures would pile up if nothing limited them.
        await turn()
        return await background(data)
      } finally {
        inHand--
        signed++
      }
    },
  }
  const issuer = issuerOn(new MemoryIssuerStore(), counting)
  const summary = await issuer.issueBatch(membershipRows(did, 40), { window: 16 })
  assert.equal(summary, { issued: 40, existing: 0, failed: 0 })
  // Each row signed once, in the background, never more than four at a time although 16 rows are in flight.
  assert.is(signed, 40)
  assert.is(most, 4)
})

test.run()
