// Tessera's canonical N-Quads are jsonld.js's, byte for byte: over every JSON-LD fixture, over credentials
// Tessera builds, over thousands of random variants of them; and what it leaves to jsonld.js, it leaves.
// The findings of issue #15 (a blank node predicate signed, a __proto__ key kept where jsonld.js drops it)
// are cases of their own, and the random variants reach their families of keys and values.

import { type JsonObject, TesseraError } from '@tessera/schema'
import fc from 'fast-check'
import jsonld from 'jsonld'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { type CanonizeOptions, canonizeDocument, withFastCanonize } from '../src/canonize.js'
import { CONTEXTS, createDocumentLoader, documentLoader } from '../src/contexts.js'
import { initialContext } from '../src/jsonld-context.js'
import {
  built,
  differ,
  documents,
  fixtures,
  ISSUER,
  OB,
  reference,
  seedDocuments,
  show,
  signedParts,
  UNDEFINED_TERMS,
  V2,
  verdictOf,
} from './canonize-differential.js'

/**
 * Tessera's answer for `document` beside jsonld.js's: the same N-Quads, or (undefined) left to jsonld.js.
 * Never N-Quads where jsonld.js refuses the document, nor other N-Quads than jsonld.js's.
 */
async function compare(
  name: string,
  document: object,
  loader = documentLoader,
): Promise<'same' | 'left' | 'refused'> {
  const agreement = await differ(document, loader)
  if (agreement.kind === 'disagree') {
    assert.unreachable(`${name}: Tessera ${agreement.tessera}, jsonld.js ${show(agreement.jsonld)}`)
  }
  return agreement.kind === 'same' ? 'same' : agreement.kind === 'left' ? 'left' : 'refused'
}

test('every JSON-LD fixture, and each proof configuration in them: the same N-Quads as jsonld.js, or left to it', async () => {
  let same = 0
  const left: string[] = []
  for (const { name, document } of fixtures) {
    for (const { label, document: part } of [{ label: 'as is', document }, ...signedParts(document)]) {
      if ((await compare(`${name} ${label}`, part)) === 'same') same++
      else left.push(`${name} ${label}`)
    }
  }
  // what is left are the documents jsonld.js refuses (1EdTech's error cases with undefined terms or types)
  for (const name of left) {
    const [file, ...label] = name.split(' ')
    const fixture = fixtures.find((f) => f.name === file) as { document: JsonObject }
    const part =
      label.join(' ') === 'as is'
        ? fixture.document
        : (signedParts(fixture.document).find((p) => p.label === label.join(' ')) as { document: object })
            .document
    assert.ok('error' in (await reference(part)), `${name} was left to jsonld.js, which canonicalises it`)
  }
  assert.ok(same >= 60, `only ${same} fixtures handled`)
})

test("Tessera's own credentials, and their proof configurations: the same N-Quads as jsonld.js", async () => {
  for (const [name, credential] of built()) {
    assert.is(await compare(name, credential), 'same', name)
    const proof = {
      '@context': credential['@context'],
      type: 'DataIntegrityProof',
      cryptosuite: 'eddsa-rdfc-2022',
      created: '2026-01-01T00:00:00Z',
      verificationMethod: `${ISSUER.id}#${ISSUER.id.slice(8)}`,
      proofPurpose: 'assertionMethod',
    }
    assert.is(await compare(`${name} proof`, proof), 'same', `${name} proof`)
  }
})

// Documents that need what this canonicaliser leaves to jsonld.js; each is checked against jsonld.js too.
const base = (extra: JsonObject): JsonObject => ({
  '@context': [V2, OB],
  id: 'urn:uuid:1',
  type: ['VerifiableCredential', 'OpenBadgeCredential'],
  issuer: { id: 'did:example:issuer', type: 'Profile' },
  validFrom: '2026-01-01T00:00:00Z',
  credentialSubject: { id: 'did:example:ada', type: 'AchievementSubject' },
  ...extra,
})
const LEFT_TO_JSONLD: [string, JsonObject][] = [
  [
    'a context written into the document',
    { ...base({}), '@context': [V2, OB, { nick: 'https://example.org/nick' }], nick: 'x' },
  ],
  ['an undefined term', base({ nickname: 'x' })],
  ['a relative @id', base({ id: 'credentials/1' })],
  ['a relative type', base({ type: ['VerifiableCredential', 'Unknown'] })],
  ['a blank node identifier', base({ credentialSubject: { id: '_:b0', type: 'AchievementSubject' } })],
  [
    'a language-tagged name with a direction',
    base({ name: { '@value': 'x', '@language': 'ar', '@direction': 'rtl' } }),
  ],
  [
    'a @json value',
    {
      ...base({}),
      type: ['VerifiableCredential', 'JsonSchemaCredential'],
      credentialSubject: { id: 'https://x.example/s', type: 'JsonSchema', jsonSchema: { a: 1 } },
    },
  ],
  ['@reverse', base({ '@reverse': { 'https://example.org/p': { id: 'https://x.example/a' } } })],
  ['@included', base({ '@included': [{ id: 'https://x.example/n', type: 'Profile' }] })],
  ['an explicit @list', base({ name: { '@list': ['a', 'b'] } })],
  ['an explicit @graph', base({ '@graph': [{ id: 'https://x.example/n', type: 'Profile' }] })],
  ['a free-floating value', { '@context': [V2, OB], '@graph': ['x'] }],
  ['a context that is not bundled', { ...base({}), '@context': [V2, 'https://example.org/context.json'] }],
  ['a null context', { ...base({}), '@context': null }],
  ['an empty graph value', base({ proof: {} })],
  ['a reference only in a graph', base({ proof: 'https://x.example/proof' })],
  // issue #15: jsonld.js refuses it in safe mode
  ['a blank node predicate', base({ '_:p': 'x' })],
]

test('what is left to jsonld.js: the same verdict through withFastCanonize as through the cryptosuite alone', async () => {
  let calls = 0
  const suite = {
    canonize: async (input: object, options: CanonizeOptions) => {
      calls++
      return jsonld.canonize(
        input as jsonld.JsonLdDocument,
        { ...options, algorithm: 'RDFC-1.0', safe: true } as unknown as jsonld.Options.Normalize,
      )
    },
  }
  const fast = withFastCanonize(suite)
  for (const [name, document] of LEFT_TO_JSONLD) {
    assert.is(await canonizeDocument(document, { documentLoader }), undefined, name)
    const expected = await reference(document)
    const before = calls
    const ours = await verdictOf(fast.canonize(document, { documentLoader }))
    assert.is(calls, before + 1, `${name}: the suite's own canonize was called`)
    assert.equal(ours, expected, name)
  }
  // and what is handled never reaches it
  const before = calls
  await fast.canonize(base({}), { documentLoader })
  assert.is(calls, before)
})

test('options that change the canonical form are left to jsonld.js; the neutral ones are not', async () => {
  const document = base({})
  assert.type(
    await canonizeDocument(document, { documentLoader, base: null, safe: true, skipExpansion: false }),
    'string',
  )
  assert.type(await canonizeDocument(document, { documentLoader, format: 'application/n-quads' }), 'string')
  assert.is(await canonizeDocument(document, { documentLoader, safe: false }), undefined)
  assert.is(await canonizeDocument(document, { documentLoader, skipExpansion: true }), undefined)
  assert.is(await canonizeDocument(document, { documentLoader, expandContext: {} }), undefined)
  assert.is(await canonizeDocument(document, { documentLoader, algorithm: 'URDNA2015' }), undefined)
  assert.is(await canonizeDocument(document, {}), undefined, 'no loader')
})

test('a context is processed once: the same local context on the same active context gives the same object', async () => {
  const loaded = new Map([
    [V2, CONTEXTS.get(V2)],
    [OB, CONTEXTS.get(OB)],
  ])
  const first = initialContext().process([V2, OB], loaded)
  assert.ok(initialContext().process([V2, OB], loaded) === first)
  const subject = first.term('AchievementSubject')?.['@context']
  const scoped = first.process(subject, loaded, { propagate: false })
  assert.ok(first.process(subject, loaded, { propagate: false }) === scoped)
  assert.ok(
    scoped.revert() === first,
    'leaving the scope of a type-scoped context goes back to the very context',
  )
})

test('a loader serving another document for a bundled URL is used, not what was processed before', async () => {
  const document = base({ name: 'x' })
  await compare('bundled', document)
  // the same URL, another (valid) context: a different canonical form, as jsonld.js computes it
  const renamed = structuredClone(CONTEXTS.get(OB)) as { '@context': Record<string, unknown> }
  const credential = renamed['@context'].OpenBadgeCredential as Record<string, unknown>
  credential['@id'] = 'https://example.org/vocab#Renamed'
  const other = createDocumentLoader(new Map([[OB, renamed]]))
  assert.is(await compare('renamed', document, other), 'same')
  assert.not.equal(
    await canonizeDocument(document, { documentLoader: other }),
    await canonizeDocument(document, { documentLoader }),
  )
})

// Issue #15: the two families a differential run of 38,466 documents found, and their neighbours.
const parse = (text: string): JsonObject => JSON.parse(text) as JsonObject
/** `document` as `JSON.parse` would make it, with `key` (even `__proto__`) an own property, first. */
const withKey = (key: string, value: unknown, document: JsonObject): JsonObject =>
  parse(`{${JSON.stringify(key)}:${JSON.stringify(value)},${JSON.stringify(document).slice(1)}`)
const VOCAB: JsonObject = { '@context': [V2, UNDEFINED_TERMS], id: 'urn:x', name: 'n' }
/** The code of the TesseraError canonizeDocument throws for `document`, or what it returned instead. */
const refusalCode = (document: object): Promise<string> =>
  canonizeDocument(document, { documentLoader }).then(
    (nquads) => `returned ${String(nquads)}`,
    (error: unknown) => (error instanceof TesseraError ? error.code : String(error)),
  )

test('#15: a key that is, or maps to, a blank node identifier is left to jsonld.js, which refuses it (blank node predicate)', async () => {
  const bnodeContext = 'https://example.org/bnode-terms'
  const loader = createDocumentLoader(
    new Map([[bnodeContext, { '@context': { p: '_:p', b: '_:', q: { '@id': '_:q', '@type': '@id' } } }]]),
  )
  const documents: [string, JsonObject][] = [
    ['the issue', parse('{"@context":["https://www.w3.org/ns/credentials/v2"],"id":"urn:x","_:p":"x"}')],
    ['under @vocab', withKey('_:p', 'x', VOCAB)],
    ['the empty label', withKey('_:', 'x', VOCAB)],
    ['an object value', withKey('_:p', { name: 'x' }, VOCAB)],
    ['nested', { ...VOCAB, credentialSubject: { id: 'did:example:ada', '_:b0': 'x' } }],
    ['in an array item', { ...VOCAB, evidence: [{ id: 'urn:e', '_:c14n0': 'x' }] }],
    ['a term mapped to one', { '@context': [V2, bnodeContext], id: 'urn:x', p: 'x' }],
    ['a term of a node value mapped to one', { '@context': [V2, bnodeContext], id: 'urn:x', q: 'urn:y' }],
    ['a compact IRI whose prefix is one', { '@context': [V2, bnodeContext], id: 'urn:x', 'b:r': 'x' }],
  ]
  for (const [name, document] of documents) {
    assert.is(await canonizeDocument(document, { documentLoader: loader }), undefined, name)
    const expected = await reference(document, loader)
    assert.ok('error' in expected && expected.event === 'blank node predicate', `${name}: ${show(expected)}`)
  }
})

test('#15: a __proto__ key is refused (UNSAFE_KEY), where jsonld.js drops it (its clone makes the value the prototype)', async () => {
  const documents: [string, JsonObject][] = [
    ['a string, under @vocab', withKey('__proto__', 'x', VOCAB)],
    ['an object, under @vocab', withKey('__proto__', { description: 'd' }, VOCAB)],
    ['an object holding a context', withKey('__proto__', { '@context': [V2] }, { id: 'urn:x', name: 'n' })],
    ['nested', { ...VOCAB, credentialSubject: withKey('__proto__', 'x', { id: 'did:example:ada' }) }],
    ['without @vocab', withKey('__proto__', 'x', { ...VOCAB, '@context': [V2] })],
    ['in a document otherwise handled', withKey('__proto__', 'x', { ...VOCAB, '@context': [V2, OB] })],
  ]
  for (const [name, document] of documents) {
    assert.is(await refusalCode(document), 'UNSAFE_KEY', name)
    // what jsonld.js would have signed: the document without the key, its value unsigned
    const expected = await reference(document)
    assert.ok('nquads' in expected && !expected.nquads.includes('__proto__'), `${name}: ${show(expected)}`)
  }
  // the issue's case: jsonld.js signs the document as if the key were not there
  assert.equal(await reference(withKey('__proto__', 'x', VOCAB)), await reference(VOCAB))
})

test('jsonld.js#584: a value that would name a node __proto__ is refused (UNSAFE_KEY) before jsonld.js writes onto Object.prototype', async () => {
  const image = { ...base({}), image: '__proto__' }
  // jsonld.js itself refuses the relative IRI, but only after writing @id onto Object.prototype
  const expected = await reference(image)
  assert.equal(expected.polluted, ['@id'], show(expected))
  assert.ok('error' in expected && expected.event === 'relative object reference', show(expected))
  const documents: [string, object][] = [
    ['an @id-typed term', image],
    ['in an array', { ...base({}), credentialSubject: { id: 'did:example:ada', image: ['x', '__proto__'] } }],
    ['with a fragment, resolved against a base', { ...base({}), image: '__proto__#x' }],
    [
      'in a context written into the document',
      { ...base({}), '@context': [V2, OB, { '@base': '__proto__' }] },
    ],
    ['in a key', { '@context': [V2, { '@vocab': 'https://example.org/' }], id: 'urn:x', 'x/__proto__': 'x' }],
  ]
  let calls = 0
  const fast = withFastCanonize({
    canonize: async (_input: object, _options: CanonizeOptions) => {
      calls++
      return ''
    },
  })
  for (const [name, document] of documents) {
    assert.is(await refusalCode(document), 'UNSAFE_KEY', name)
    const code = await fast.canonize(document, { documentLoader }).then(
      () => 'canonicalised',
      (error: TesseraError) => error.code,
    )
    assert.is(code, 'UNSAFE_KEY', name)
  }
  assert.is(calls, 0, "the suite's own canonize (jsonld.js) never ran")
  assert.is(({} as Record<string, unknown>)['@id'], undefined)
  // in a document Tessera canonicalises itself, nothing reaches jsonld.js: canonicalised
  assert.is(await compare('a literal', { ...VOCAB, description: '__proto__' }), 'same')
  assert.is(await compare('a key', { ...VOCAB, a__proto__: 'x' }), 'same')
  // and where it is no IRI segment, jsonld.js is left to canonicalise it
  const prose = {
    '@context': [V2, { '@vocab': 'https://example.org/' }],
    id: 'urn:x',
    a__proto__: 'how __proto__ works',
  }
  assert.is(await compare('prose', prose), 'left')
})

test('#15: other prototype names are keys like any other: the same N-Quads as jsonld.js', async () => {
  for (const key of ['constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf']) {
    for (const value of ['x', { name: 'y' }, [1, 'z']]) {
      assert.is(await compare(key, withKey(key, value, VOCAB)), 'same', key)
    }
    assert.is(await compare(`${key} as a type`, { ...VOCAB, type: [key] }), 'same', key)
  }
})

test('#15: objects whose keys jsonld.js reads otherwise (inherited, a class instance) are left to it', async () => {
  const inherited = Object.assign(Object.create({ description: 'inherited' }), VOCAB) as JsonObject
  assert.is(await compare('an inherited enumerable key', inherited), 'left')
  // jsonld.js's for...in sees the inherited key, Object.keys does not: this is why it is left
  assert.not.equal(await reference(inherited), await reference(VOCAB))
  class Credential {
    constructor(readonly id: string) {}
  }
  const instance = { ...VOCAB, credentialSubject: new Credential('did:example:ada') }
  assert.is(await compare('a class instance', instance as unknown as JsonObject), 'left')
  const bare = Object.assign(Object.create(null), VOCAB) as JsonObject
  assert.is(await compare('an object without a prototype', bare), 'same')
})

test('#15: a context with a __proto__ or hasOwnProperty term is left to jsonld.js', async () => {
  for (const term of ['__proto__', 'hasOwnProperty']) {
    const url = `https://example.org/terms-${term.length}`
    const loader = createDocumentLoader(
      new Map([
        [
          url,
          {
            '@context': parse(
              `{${JSON.stringify(term)}:"https://example.org/t","n":"https://example.org/n"}`,
            ),
          },
        ],
      ]),
    )
    assert.is(await compare(term, { '@context': [V2, url], id: 'urn:x', n: 'x' }, loader), 'left', term)
  }
})

test('nesting: past 64 levels left to jsonld.js; 100,000 levels, or a cycle, answered without recursion', async () => {
  const nested = (levels: number): JsonObject => {
    let value: unknown = 'x'
    for (let i = 1; i < levels; i++) value = [value]
    return { ...VOCAB, description: value }
  }
  assert.is(await compare('64 levels', nested(64)), 'same')
  assert.is(await compare('65 levels', nested(65)), 'left')
  assert.is(await canonizeDocument(nested(100_000), { documentLoader }), undefined)
  const cyclic: JsonObject = { ...VOCAB }
  cyclic.credentialSubject = cyclic
  assert.is(await canonizeDocument(cyclic, { documentLoader }), undefined)
})

// Random variants of the seeds (built credentials, fixtures, a presentation, status lists, proof
// configurations, with and without @vocab), each canonicalised by both: the same N-Quads, or left to
// jsonld.js. The seed is fixed so that a failure repeats; TESSERA_FUZZ_RUNS and TESSERA_FUZZ_SEED vary it,
// and scripts/canonize-differential.ts runs tens of thousands.
test('random variants over keys and values: the same N-Quads as jsonld.js, or left to it', async () => {
  const seeds = seedDocuments()
  // canonicalised / refused: left to jsonld.js, which did that; UNSAFE_KEY: refused before it saw it
  const outcomes = { same: 0, canonicalised: 0, refused: 0, UNSAFE_KEY: 0 }
  await fc.assert(
    fc.asyncProperty(documents(seeds), async (document) => {
      const agreement = await differ(document)
      if (agreement.kind === 'disagree') {
        throw new Error(
          `Tessera ${agreement.tessera}, jsonld.js ${show(agreement.jsonld)}: ${show(document)}`,
        )
      }
      outcomes[
        agreement.kind === 'left' ? agreement.jsonld : agreement.kind === 'same' ? 'same' : 'UNSAFE_KEY'
      ]++
    }),
    {
      numRuns: Number(process.env.TESSERA_FUZZ_RUNS ?? 500),
      seed: Number(process.env.TESSERA_FUZZ_SEED ?? 20261124),
    },
  )
  // the comparison means something only if both outcomes occur often
  if (process.env.TESSERA_FUZZ_RUNS) console.log(outcomes)
  const { same, canonicalised, refused } = outcomes
  assert.ok(same > 50 && canonicalised + refused > 50, show(outcomes))
})

test.run()
