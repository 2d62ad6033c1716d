// The crypto providers (node:crypto on the calling thread, on libuv's thread pool and on a worker thread, WebCrypto, pure
// JavaScript) give the same verdict on random keys, messages and signatures, and on every tampering of them: a signature, message or key changed
// anywhere, a signature cut or lengthened, an ECDSA signature with high s (which every provider accepts).
import { createHash, generateKeyPairSync, type KeyObject, sign } from 'node:crypto'
import fc from 'fast-check'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { nodeCrypto, nodeThreadPoolCrypto } from '../src/crypto-node.js'
import { nodeWorkerCrypto } from '../src/crypto-node-worker.js'
import type { CryptoProvider, SignatureAlg } from '../src/crypto-provider.js'
import { pureCrypto } from '../src/crypto-pure.js'
import { webCrypto } from '../src/crypto-web.js'
import type { PublicJwk } from '../src/keys.js'
import { verifyPkcs1Sha256 } from '../src/rsa-pkcs1.js'

const PROVIDERS: CryptoProvider[] = [
  nodeCrypto,
  nodeThreadPoolCrypto,
  nodeWorkerCrypto,
  webCrypto,
  pureCrypto,
]
const ALL_ACCEPT = PROVIDERS.map(() => true)
const ALL_REFUSE = PROVIDERS.map(() => false)

const hashNode = (data: Uint8Array): Uint8Array => new Uint8Array(createHash('sha256').update(data).digest())

interface Pair {
  alg: SignatureAlg
  jwk: PublicJwk
  sign: (data: Uint8Array) => Uint8Array
}

function pairOf(alg: SignatureAlg, privateKey: KeyObject, publicKey: KeyObject): Pair {
  return {
    alg,
    jwk: publicKey.export({ format: 'jwk' }) as PublicJwk,
    sign: (data) =>
      new Uint8Array(
        alg === 'ES256'
          ? sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' })
          : sign(alg === 'RS256' ? 'sha256' : null, data, privateKey),
      ),
  }
}

// RSA keys are slow to make: a few, reused; Ed25519 and P-256 keys are made per run.
const RSA = [2048, 3072, 2048].map((bits) => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: bits })
  return pairOf('RS256', privateKey, publicKey)
})

function freshPair(alg: SignatureAlg, rsaIndex: number): Pair {
  if (alg === 'RS256') return RSA[rsaIndex % RSA.length] as Pair
  const { privateKey, publicKey } =
    alg === 'ES256' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : generateKeyPairSync('ed25519')
  return pairOf(alg, privateKey, publicKey)
}

async function verdicts(pair: Pair, data: Uint8Array, signature: Uint8Array): Promise<boolean[]> {
  return Promise.all(
    PROVIDERS.map((p) =>
      p.verify(pair.alg, pair.jwk, data, signature).catch((error: unknown) => `threw ${String(error)}`),
    ),
  ) as Promise<boolean[]>
}

/** A change of the signature: one bit flipped, one byte cut, or one byte added. */
const tampering = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat(), bit: fc.constant(0) }),
  fc.record({ kind: fc.constant('grow' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 255 }) }),
)

function tamper(bytes: Uint8Array, change: { kind: 'flip' | 'cut' | 'grow'; at: number; bit: number }) {
  const at = change.at % Math.max(bytes.length, 1)
  if (change.kind === 'cut') return Uint8Array.of(...bytes.subarray(0, at), ...bytes.subarray(at + 1))
  if (change.kind === 'grow') return Uint8Array.of(...bytes, change.bit)
  const out = bytes.slice()
  out[at] = (out[at] as number) ^ (1 << change.bit)
  return out
}

const ALG = fc.constantFrom<SignatureAlg>('EdDSA', 'ES256', 'RS256')

test('on random keys and messages, every provider accepts the signature and refuses it tampered', async () => {
  await fc.assert(
    fc.asyncProperty(
      ALG,
      fc.nat(),
      fc.uint8Array({ maxLength: 300 }),
      tampering,
      async (alg, rsaIndex, data, change) => {
        const pair = freshPair(alg, rsaIndex)
        const signature = pair.sign(data)
        assert.equal(await verdicts(pair, data, signature), ALL_ACCEPT, `${alg} genuine`)
        const bad = tamper(signature, change)
        assert.equal(await verdicts(pair, data, bad), ALL_REFUSE, `${alg} ${change.kind}`)
      },
    ),
    { numRuns: 60 },
  )
})

test('a changed message or another key: every provider refuses', async () => {
  await fc.assert(
    fc.asyncProperty(
      ALG,
      fc.uint8Array({ minLength: 1, maxLength: 200 }),
      fc.nat(),
      async (alg, data, at) => {
        const pair = freshPair(alg, 0)
        const signature = pair.sign(data)
        const changed = tamper(data, { kind: 'flip', at, bit: at % 8 })
        assert.equal(await verdicts(pair, changed, signature), ALL_REFUSE, `${alg} message`)
        const other = freshPair(alg, 1)
        assert.equal(await verdicts(other, data, signature), ALL_REFUSE, `${alg} other key`)
      },
    ),
    { numRuns: 40 },
  )
})

/** P-256's group order: s and n - s are both valid ECDSA s values for the same signature. */
const P256_N = BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551')

test('ECDSA with either s (low or high): every provider accepts, as OpenSSL does', async () => {
  const pair = freshPair('ES256', 0)
  for (let i = 0; i < 20; i++) {
    const data = Uint8Array.of(i, 1, 2, 3)
    const signature = pair.sign(data)
    const s = BigInt(`0x${Buffer.from(signature.subarray(32)).toString('hex')}`)
    const flipped = Buffer.from((P256_N - s).toString(16).padStart(64, '0'), 'hex')
    const other = Uint8Array.of(...signature.subarray(0, 32), ...flipped)
    assert.equal(await verdicts(pair, data, other), ALL_ACCEPT)
  }
})

test('RSA PKCS#1 v1.5: a signature as long as the modulus only, below it, with the exact encoding', () => {
  const pair = RSA[0] as Pair
  const n = Buffer.from(pair.jwk.n as string, 'base64url')
  const e = Buffer.from(pair.jwk.e as string, 'base64url')
  const data = Uint8Array.of(1, 2, 3)
  const digest = hashNode(data)
  const signature = pair.sign(data)
  assert.ok(verifyPkcs1Sha256(n, e, digest, signature))
  // a leading zero byte more or less: refused, as OpenSSL refuses a signature of the wrong length
  assert.not.ok(verifyPkcs1Sha256(n, e, digest, Uint8Array.of(0, ...signature)))
  // the modulus itself, and past it: refused
  assert.not.ok(verifyPkcs1Sha256(n, e, digest, new Uint8Array(n)))
  assert.not.ok(verifyPkcs1Sha256(n, e, digest, new Uint8Array(n.length).fill(0xff)))
  // another digest, a digest of the wrong length
  assert.not.ok(
    verifyPkcs1Sha256(
      n,
      e,
      digest.map((b, i) => (i === 0 ? b ^ 1 : b)),
      signature,
    ),
  )
  assert.not.ok(verifyPkcs1Sha256(n, e, digest.subarray(0, 31), signature))
})

test('SHA-256: every provider gives the same digest of random bytes', async () => {
  await fc.assert(
    fc.asyncProperty(fc.uint8Array({ maxLength: 2000 }), async (data) => {
      for (const digest of await Promise.all(PROVIDERS.map((p) => p.sha256(data))))
        assert.equal(Array.from(digest), Array.from(hashNode(data)))
    }),
    { numRuns: 100 },
  )
})

test.run()
