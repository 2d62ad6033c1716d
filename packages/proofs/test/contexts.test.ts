import { readFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import {
  BITSTRING_STATUS_LIST_CONTEXT,
  CREDENTIALS_V1_CONTEXT,
  CREDENTIALS_V2_CONTEXT,
  DATA_INTEGRITY_V1_CONTEXT,
  DATA_INTEGRITY_V2_CONTEXT,
  DID_V1_CONTEXT,
  ED25519_2020_CONTEXT,
  isTesseraError,
  MULTIKEY_CONTEXT,
  OB_CONTEXTS,
  OB_EXTENSIONS_CONTEXT,
  STATUS_LIST_2021_CONTEXT,
} from '@tessera/schema'
import { OB30 as OB30_FOLDER } from '@tessera/testkit/fixtures'
import jsonld, { type JsonLdDocument } from 'jsonld'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { CONTEXTS, createDocumentLoader, documentLoader } from '../src/contexts.js'

const OB30 = pathToFileURL(OB30_FOLDER)

test('every context a Tessera credential, proof, status list or DID document uses is bundled', () => {
  for (const url of [
    CREDENTIALS_V1_CONTEXT,
    CREDENTIALS_V2_CONTEXT,
    ...OB_CONTEXTS,
    OB_EXTENSIONS_CONTEXT,
    DATA_INTEGRITY_V1_CONTEXT,
    DATA_INTEGRITY_V2_CONTEXT,
    STATUS_LIST_2021_CONTEXT,
    BITSTRING_STATUS_LIST_CONTEXT,
    MULTIKEY_CONTEXT,
    ED25519_2020_CONTEXT,
    DID_V1_CONTEXT,
  ]) {
    const context = CONTEXTS.get(url) as { '@context'?: unknown } | undefined
    assert.ok(context?.['@context'] !== undefined, `${url} is not bundled`)
  }
})

test('the loader refuses any other URL with CONTEXT_NOT_BUNDLED, and never fetches', async () => {
  const realFetch = globalThis.fetch
  let fetched = 0
  globalThis.fetch = (async () => {
    fetched++
    throw new Error('network')
  }) as typeof fetch
  try {
    await documentLoader('https://evil.example/context.json').then(
      () => assert.unreachable('loaded'),
      (error: unknown) => assert.ok(isTesseraError(error) && error.code === 'CONTEXT_NOT_BUNDLED'),
    )
    assert.is(fetched, 0)
  } finally {
    globalThis.fetch = realFetch
  }
})

test('extra documents can be served beside the bundled ones', async () => {
  const loader = createDocumentLoader(new Map([['did:example:1', { id: 'did:example:1' }]]))
  assert.equal((await loader('did:example:1')).document, { id: 'did:example:1' })
  assert.is((await loader(CREDENTIALS_V2_CONTEXT)).documentUrl, CREDENTIALS_V2_CONTEXT)
})

test('jsonld.js canonicalises 1EdTech credentials with the bundled contexts alone', async () => {
  for (const file of ['simple.json', 'simple_v1.json', 'complete.json', 'simple-eddsa-2022.json']) {
    const { proof: _, ...credential } = JSON.parse(
      readFileSync(new URL(file, OB30), 'utf8'),
    ) as JsonLdDocument & {
      proof?: unknown
    }
    const nquads = await jsonld.canonize(credential, {
      algorithm: 'URDNA2015',
      format: 'application/n-quads',
      documentLoader,
      safe: true,
    } as jsonld.Options.Normalize)
    assert.match(nquads, /purl\.imsglobal\.org\/spec\/vc\/ob\/vocab\.html#Achievement/, file)
  }
})

test('a credential naming an unknown context fails to expand instead of reaching the network', async () => {
  const credential = { '@context': [CREDENTIALS_V2_CONTEXT, 'https://evil.example/ctx.json'], type: 'X' }
  await jsonld.expand(credential, { documentLoader } as jsonld.Options.Expand).then(
    () => assert.unreachable('expanded'),
    (error: { details?: { cause?: unknown } }) => {
      assert.ok(isTesseraError(error.details?.cause), String(error))
    },
  )
})

test.run()
