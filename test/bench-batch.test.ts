// bench/batch.ts on a tiny batch, so that it cannot rot: every row issued, both formats, figures reported.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { batch } from '../bench/batch.js'

test('bench/batch.ts --smoke: both formats measured, with throughput and peak memory, not judged', () => {
  const measurements = batch(true, { jwt: 20, dataIntegrity: 10 })
  assert.equal(
    measurements.map((m) => m.id),
    ['batch.jwt', 'batch.dataIntegrity'],
  )
  for (const m of measurements) {
    assert.ok(typeof m.tessera === 'number' && m.tessera > 0)
    assert.match(m.notes?.[0] ?? '', /credentials\/s; peak RSS \d+ MB/)
    assert.is(m.met, null)
  }
})

test.run()
