// The worker-thread provider (crypto-node-worker.ts) as a batch uses it: many checks in flight at once,
// under many keys, each answered with its own verdict; a key node:crypto cannot read fails its own checks
// only; and a process whose worker sits idle exits by itself.
import { spawnSync } from 'node:child_process'
import { generateKeyPairSync, sign } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { nodeWorkerCrypto } from '../src/crypto-node-worker.js'
import type { PublicJwk } from '../src/keys.js'

function ed25519() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  return {
    jwk: publicKey.export({ format: 'jwk' }) as PublicJwk,
    sign: (data: Uint8Array) => new Uint8Array(sign(null, data, privateKey)),
  }
}

test('600 checks in flight under 100 keys (past the 64 a worker holds): each gets its own verdict', async () => {
  const pairs = Array.from({ length: 100 }, ed25519)
  const asked = Array.from({ length: 600 }, (_, i) => {
    const pair = pairs[(i * 7) % pairs.length] as ReturnType<typeof ed25519>
    const data = new TextEncoder().encode(`message ${i}`)
    const signature = pair.sign(data)
    // every third one tampered: another message, or a flipped bit
    const sound = i % 3 !== 0
    if (!sound) signature[i % signature.length] = (signature[i % signature.length] as number) ^ 1
    return { promise: nodeWorkerCrypto.verify('EdDSA', pair.jwk, data, signature), sound }
  })
  const verdicts = await Promise.all(asked.map((a) => a.promise))
  assert.equal(
    verdicts,
    asked.map((a) => a.sound),
  )
  // and later, one at a time, with the keys it was sent before
  const pair = pairs[3] as ReturnType<typeof ed25519>
  const data = new TextEncoder().encode('later')
  assert.ok(await nodeWorkerCrypto.verify('EdDSA', pair.jwk, data, pair.sign(data)))
})

test('a key node:crypto cannot read fails its own checks, with an error; the others in the message pass', async () => {
  const pair = ed25519()
  const data = new TextEncoder().encode('hello')
  const bad = { kty: 'OKP', crv: 'Ed25519', x: 'not a key' } as PublicJwk
  const [good, broken] = await Promise.allSettled([
    nodeWorkerCrypto.verify('EdDSA', pair.jwk, data, pair.sign(data)),
    nodeWorkerCrypto.verify('EdDSA', bad, data, pair.sign(data)),
  ])
  assert.equal(good, { status: 'fulfilled', value: true })
  assert.is(broken?.status, 'rejected')
  assert.instance((broken as PromiseRejectedResult).reason, Error)
})

test('a process whose checking worker is idle exits by itself', () => {
  const child = fileURLToPath(new URL('./crypto-node-worker-child.ts', import.meta.url))
  const run = spawnSync(process.execPath, ['--import', 'tsx', child], { encoding: 'utf8', timeout: 60_000 })
  assert.is(run.status, 0, run.stderr)
  assert.is(run.stdout.trim(), 'checked: true')
})

test.run()
