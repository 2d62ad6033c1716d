// @tessera/veramo/signer reads the signer the issuer's agent would give, from the agent's database without
// the agent: the same key (an Ed25519 signature byte for byte; a P-256 one verified with the key's JWK),
// verification method, alg and did:web document, after rotations too; each refusal with its code.
import { createPublicKey, randomBytes, verify } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { thrownCodeAsync } from '@tessera/testkit'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { openIssuerAgent, publicJwk, webKeysInOrder } from '../src/index.js'
import { openSealedSigner } from '../src/sealed-signer.js'

const dir = mkdtempSync(join(tmpdir(), 'tessera-sealed-'))
const secret = randomBytes(32).toString('hex')
const data = new TextEncoder().encode('header.payload')

test.after(() => rmSync(dir, { recursive: true, force: true }))

test('did:web, rotated to Ed25519: the signer and document the agent gives, the same signature', async () => {
  const path = join(dir, 'web.db')
  const agent = await openIssuerAgent({ database: { type: 'sqlite', path }, secret })
  let identifier = await agent.createIdentifier('web:guild.example', 'Secp256r1')
  identifier = await agent.rotateKey(identifier, 'Ed25519')
  const expected = agent.signerFor(identifier)
  const sealed = await openSealedSigner({ database: { type: 'sqlite', path }, secret, did: identifier.did })
  assert.is(sealed.signer.issuer, expected.issuer)
  assert.is(sealed.signer.verificationMethod, `${identifier.did}#key-2`)
  assert.is(sealed.signer.verificationMethod, expected.verificationMethod)
  assert.is(sealed.signer.alg, 'EdDSA')
  assert.equal(sealed.didDocument, agent.didDocument(identifier))
  assert.equal(Buffer.from(await sealed.signer.sign(data)), Buffer.from(await expected.sign(data)))
  // signed on libuv's thread pool (for batches): the same bytes
  const inBackground = await sealed.signer.signInBackground?.(data)
  assert.equal(Buffer.from(inBackground ?? []), Buffer.from(await expected.sign(data)))
  await agent.close()
})

test('did:key P-256: ES256, verified with the key the DID names', async () => {
  const path = join(dir, 'key.db')
  const agent = await openIssuerAgent({ database: { type: 'sqlite', path }, secret })
  const identifier = await agent.createIdentifier('key', 'Secp256r1')
  const expected = agent.signerFor(identifier)
  await agent.close()
  const sealed = await openSealedSigner({ database: { type: 'sqlite', path }, secret, did: identifier.did })
  assert.is(sealed.signer.alg, 'ES256')
  assert.is(sealed.signer.verificationMethod, expected.verificationMethod)
  assert.is(sealed.didDocument, undefined)
  const key = webKeysInOrder(identifier.keys).at(-1)
  if (key === undefined) throw new Error('no key')
  const publicKey = createPublicKey({ key: { ...publicJwk(key) }, format: 'jwk' })
  const signature = await sealed.signer.sign(data)
  assert.ok(verify('sha256', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature))
  const inBackground = await sealed.signer.signInBackground?.(data)
  assert.ok(inBackground !== undefined)
  assert.ok(verify('sha256', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, inBackground))
})

test('refusals: another secret, a malformed one, an unknown DID, no database', async () => {
  const path = join(dir, 'key.db')
  const agent = await openIssuerAgent({ database: { type: 'sqlite', path }, secret })
  const [identifier] = await agent.agent.didManagerFind()
  await agent.close()
  const did = identifier?.did as string
  const database = { type: 'sqlite', path } as const
  const other = randomBytes(32).toString('hex')
  assert.is(await thrownCodeAsync(() => openSealedSigner({ database, secret: other, did })), 'WRONG_SECRET')
  assert.is(await thrownCodeAsync(() => openSealedSigner({ database, secret: 'abc', did })), 'INVALID_SECRET')
  assert.is(
    await thrownCodeAsync(() => openSealedSigner({ database, secret, did: 'did:key:z6Mk-nobody' })),
    'NO_ISSUER_DID',
  )
  const missing = { type: 'sqlite', path: join(dir, 'none', 'missing.db') } as const
  assert.is(
    await thrownCodeAsync(() => openSealedSigner({ database: missing, secret, did })),
    'KEY_DATABASE_UNAVAILABLE',
  )
})

test.run()
