import { thrownCode, thrownCodeAsync } from '@tessera/testkit'
import { createAgent, type IKeyManager } from '@veramo/core'
import { KeyManager, MemoryKeyStore, MemoryPrivateKeyStore } from '@veramo/key-manager'
import { KeyManagementSystem } from '@veramo/kms-local'
import { compactVerify, importJWK, type JWK } from 'jose'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { KEY_ALGORITHMS, publicJwk, TesseraKeyManagementSystem, type TesseraKeyType } from '../src/index.js'

const data = new TextEncoder().encode('header.payload')

/** Checks a base64url signature over `data` with WebCrypto and the key's published JWK. */
async function verifies(jwk: JsonWebKey, alg: string, signature: string): Promise<boolean> {
  const key = await importJWK(jwk as JWK, alg)
  const algorithm =
    alg === 'ES256'
      ? { name: 'ECDSA', hash: 'SHA-256' }
      : alg === 'RS256'
        ? { name: 'RSASSA-PKCS1-v1_5' }
        : { name: 'Ed25519' }
  return crypto.subtle.verify(algorithm, key as CryptoKey, Buffer.from(signature, 'base64url'), data)
}

for (const type of ['Ed25519', 'Secp256r1', 'RSA'] as TesseraKeyType[]) {
  test(`${type}: created, signed with ${KEY_ALGORITHMS[type][0]}, verified by WebCrypto with the published JWK`, async () => {
    const kms = new TesseraKeyManagementSystem(new MemoryPrivateKeyStore())
    const key = await kms.createKey({ type })
    assert.equal(key.meta?.algorithms, [...KEY_ALGORITHMS[type]])
    const alg = KEY_ALGORITHMS[type][0] as string
    const signature = await kms.sign({ keyRef: key, algorithm: alg, data })
    assert.ok(await verifies(publicJwk(key), alg, signature))
    assert.not.ok(await verifies(publicJwk(key), alg, `${signature.slice(0, -4)}AAAA`))
    // Signed on libuv's thread pool (a batch's signer): a signature that verifies the same way.
    const inBackground = await kms.signBytes({ keyRef: key, algorithm: alg, data, inBackground: true })
    assert.ok(await verifies(publicJwk(key), alg, inBackground.toString('base64url')))
    if (type === 'Ed25519') assert.is(inBackground.toString('base64url'), signature)
  })
}

test('a key survives the store: imported elsewhere, it signs the same and lists the same', async () => {
  const store = new MemoryPrivateKeyStore()
  const first = new TesseraKeyManagementSystem(store)
  const key = await first.createKey({ type: 'Ed25519', kid: 'association-2026' })
  const second = new TesseraKeyManagementSystem(store)
  assert.is(await second.sign({ keyRef: key, data }), await first.sign({ keyRef: key, data }))
  assert.equal(
    (await second.listKeys()).map((k) => [k.kid, k.publicKeyHex]),
    [['association-2026', key.publicKeyHex]],
  )
  assert.ok(await second.deleteKey({ kid: 'association-2026' }))
  assert.is(await thrownCodeAsync(() => second.sign({ keyRef: key, data })), 'KEY_NOT_FOUND')
})

test('keys made by Veramo kms-local import and sign identically (Ed25519 is deterministic)', async () => {
  const local = new KeyManagementSystem(new MemoryPrivateKeyStore())
  const made = await local.createKey({ type: 'Ed25519' })
  const stored = await (local as unknown as { keyStore: MemoryPrivateKeyStore }).keyStore.getKey({
    alias: made.kid,
  })
  const ours = new TesseraKeyManagementSystem(new MemoryPrivateKeyStore())
  const imported = await ours.importKey({ type: 'Ed25519', privateKeyHex: stored.privateKeyHex })
  assert.is(imported.publicKeyHex, made.publicKeyHex)
  assert.is(
    await ours.sign({ keyRef: imported, data }),
    await local.sign({ keyRef: made, data, algorithm: 'EdDSA' }),
  )
})

test('refusals: another algorithm for the key, an unsupported key type, a malformed key, no key agreement', async () => {
  const kms = new TesseraKeyManagementSystem(new MemoryPrivateKeyStore())
  const ed = await kms.createKey({ type: 'Ed25519' })
  assert.is(
    await thrownCodeAsync(() => kms.sign({ keyRef: ed, algorithm: 'ES256', data })),
    'ALGORITHM_NOT_SUPPORTED',
  )
  assert.is(
    await thrownCodeAsync(() => kms.sign({ keyRef: ed, algorithm: 'HS256', data })),
    'ALGORITHM_NOT_SUPPORTED',
  )
  assert.is(await thrownCodeAsync(() => kms.createKey({ type: 'Secp256k1' })), 'UNSUPPORTED_KEY_TYPE')
  assert.is(
    await thrownCodeAsync(() => kms.importKey({ type: 'Ed25519', privateKeyHex: 'abcd' })),
    'INVALID_KEY',
  )
  assert.is(await thrownCodeAsync(() => kms.importKey({ type: 'RSA', privateKeyHex: 'abcd' })), 'INVALID_KEY')
  assert.is(await thrownCodeAsync(() => kms.sharedSecret()), 'ALGORITHM_NOT_SUPPORTED')
  assert.is(
    thrownCode(() => publicJwk({ type: 'X25519', publicKeyHex: '00' })),
    'UNSUPPORTED_KEY_TYPE',
  )
})

test('inside a Veramo agent: keyManagerCreate and keyManagerSign go through it', async () => {
  const agent = createAgent<IKeyManager>({
    plugins: [
      new KeyManager({
        store: new MemoryKeyStore(),
        kms: { tessera: new TesseraKeyManagementSystem(new MemoryPrivateKeyStore()) },
      }),
    ],
  })
  const key = await agent.keyManagerCreate({ kms: 'tessera', type: 'Secp256r1' })
  const signature = await agent.keyManagerSign({
    keyRef: key.kid,
    data: 'header.payload',
    algorithm: 'ES256',
  })
  assert.ok(await verifies(publicJwk(key), 'ES256', signature))
  // a compact JWS assembled from the agent's signature verifies with jose
  const header = Buffer.from(JSON.stringify({ alg: 'ES256' })).toString('base64url')
  const payload = Buffer.from('{"ok":true}').toString('base64url')
  const jws = `${header}.${payload}.${await agent.keyManagerSign({ keyRef: key.kid, data: `${header}.${payload}`, algorithm: 'ES256' })}`
  const { payload: verified } = await compactVerify(jws, await importJWK(publicJwk(key) as JWK, 'ES256'))
  assert.is(new TextDecoder().decode(verified), '{"ok":true}')
})

test.run()
