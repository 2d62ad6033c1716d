/**
 * The differential comparison of Tessera's canonicaliser with jsonld.js (safe mode), shared by the test
 * command (canonize.test.ts: a few hundred seeded cases) and the long run (scripts/canonize-differential.ts:
 * tens of thousands). Documents are seeds (Tessera's own credentials, 1EdTech's fixtures, a presentation,
 * status lists, proof configurations; each also with the undefined-terms context, whose `@vocab` turns
 * unknown keys into properties) changed by random mutations over the keys and values JSON-LD processors are
 * known to read differently: blank node labels, prototype names, keyword look-alikes, unknown terms,
 * contexts, and odd numbers and strings. Each document is canonicalised by both: Tessera must give
 * jsonld.js's N-Quads or leave the document to it, never N-Quads of its own.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import {
  buildBadgeCredential,
  buildCertificateCredential,
  buildCredential,
  buildMembershipCredential,
  type JsonObject,
  TesseraError,
} from '@tessera/schema'
import { FIXTURES } from '@tessera/testkit/fixtures'
import fc from 'fast-check'
import jsonld from 'jsonld'
import { canonizeDocument } from '../src/canonize.js'
import { documentLoader } from '../src/contexts.js'

export const V1 = 'https://www.w3.org/2018/credentials/v1'
export const V2 = 'https://www.w3.org/ns/credentials/v2'
export const OB = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'
/** The W3C context of one term, `@vocab`: every key it does not otherwise define becomes a property. */
export const UNDEFINED_TERMS = 'https://www.w3.org/ns/credentials/undefined-terms/v2'

/**
 * N-Quads, or an error with jsonld.js's event code when it has one ("blank node predicate"); `polluted`
 * names what jsonld.js wrote onto Object.prototype meanwhile (removed again at once).
 */
export type Verdict = ({ nquads: string } | { error: string; event?: string }) & { polluted?: string[] }

/** The verdict of a canonicalisation, however it ends. */
export async function verdictOf(nquads: Promise<string>): Promise<Verdict> {
  try {
    return { nquads: await nquads }
  } catch (error) {
    const event = (error as { details?: { event?: { code?: unknown } } }).details?.event?.code
    return { error: (error as Error).message, ...(typeof event === 'string' ? { event } : {}) }
  }
}

/**
 * jsonld.js's answer: what Digital Bazaar's cryptosuites and every other JSON-LD signer compute. A node
 * named `__proto__` makes jsonld.js write onto Object.prototype (digitalbazaar/jsonld.js#584): what it
 * wrote is reported and deleted, so that one case does not change the next.
 */
export async function reference(document: object, loader = documentLoader): Promise<Verdict> {
  const before = new Set(Reflect.ownKeys(Object.prototype))
  // called inside verdictOf: jsonld.canonize may throw before it returns a promise
  const verdict = await verdictOf(
    Promise.resolve().then(() =>
      jsonld.canonize(
        document as jsonld.JsonLdDocument,
        { algorithm: 'RDFC-1.0', safe: true, documentLoader: loader } as unknown as jsonld.Options.Normalize,
      ),
    ),
  )
  const polluted = Reflect.ownKeys(Object.prototype).filter((key) => !before.has(key))
  for (const key of polluted) delete (Object.prototype as Record<PropertyKey, unknown>)[key]
  return polluted.length === 0 ? verdict : { ...verdict, polluted: polluted.map(String) }
}

/**
 * Both answers for one document. `same`: the same N-Quads; `left`: Tessera left it to jsonld.js (which
 * then canonicalised it or refused it); `refused`: Tessera refused it with a typed error before jsonld.js
 * could see it (a `__proto__`, UNSAFE_KEY); `disagree`: Tessera gave N-Quads that are not jsonld.js's,
 * N-Quads where jsonld.js refuses, or threw anything else.
 */
export type Agreement =
  | { kind: 'same' }
  | { kind: 'left'; jsonld: 'canonicalised' | 'refused' }
  | { kind: 'refused'; code: string; jsonld: Verdict }
  | { kind: 'disagree'; tessera: string; jsonld: Verdict }

export async function differ(document: object, loader = documentLoader): Promise<Agreement> {
  let ours: string | undefined
  let refusal: unknown
  try {
    ours = await canonizeDocument(document, { documentLoader: loader })
  } catch (error) {
    refusal = error
  }
  const expected = await reference(document, loader)
  if (refusal instanceof TesseraError && refusal.code === 'UNSAFE_KEY')
    return { kind: 'refused', code: refusal.code, jsonld: expected }
  if (refusal !== undefined)
    return { kind: 'disagree', tessera: `threw ${String(refusal)}`, jsonld: expected }
  // left to jsonld.js, which wrote onto Object.prototype: what refuseWhatJsonldMisreads is there to prevent
  if (expected.polluted !== undefined) return { kind: 'disagree', tessera: show(ours), jsonld: expected }
  if (ours === undefined) return { kind: 'left', jsonld: 'nquads' in expected ? 'canonicalised' : 'refused' }
  if ('nquads' in expected && expected.nquads === ours) return { kind: 'same' }
  return { kind: 'disagree', tessera: ours, jsonld: expected }
}

/** A document as text, own `__proto__` keys included (they are what `JSON.parse` makes of such text). */
export const show = (document: unknown): string => JSON.stringify(document)

/** Every JSON file under `dir`. */
function jsonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? jsonFiles(path) : name.endsWith('.json') ? [path] : []
  })
}

/** 1EdTech's JSON-LD fixtures (their JSON Schemas aside). */
export const fixtures = jsonFiles(FIXTURES)
  .filter((path) => !path.endsWith('_schema.json'))
  .map((path) => ({
    name: path.slice(FIXTURES.length),
    document: JSON.parse(readFileSync(path, 'utf8')) as JsonObject,
  }))

/** The document a proof signs, and the proof configurations (the proof without its value, in the document's context). */
export function signedParts(document: JsonObject): { label: string; document: object }[] {
  const { proof, ...unsigned } = document
  const proofs = (Array.isArray(proof) ? proof : proof === undefined ? [] : [proof]) as JsonObject[]
  return [
    { label: 'document', document: unsigned },
    ...proofs.map((p, i) => {
      const { proofValue: _, ...options } = p
      return { label: `proof ${i}`, document: { '@context': document['@context'], ...options } }
    }),
  ]
}

export const ISSUER = {
  id: 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK',
  name: 'Guild of Bookbinders',
  url: 'https://guild.example',
  email: 'office@guild.example',
  image: 'https://guild.example/logo.png',
}

/** Credentials as Tessera's builders make them, from the least to the most filled in. */
export function built(): [string, JsonObject][] {
  const term = { name: '2026', start: '2026-01-01T00:00:00Z', end: '2026-12-31T23:59:59Z' }
  return [
    [
      'membership',
      buildMembershipCredential({
        issuer: ISSUER,
        recipient: { email: 'ada@example.org' },
        achievement: { id: 'https://guild.example/membership' },
        term,
      }),
    ],
    [
      'membership with tier and DID',
      buildMembershipCredential({
        issuer: ISSUER,
        recipient: { did: 'did:example:ada', email: 'ada@example.org' },
        achievement: { id: 'https://guild.example/membership' },
        term,
        tier: 'Fellow',
      }),
    ],
    [
      'certificate',
      buildCertificateCredential({
        issuer: ISSUER,
        recipient: { email: 'ada@example.org' },
        achievement: {
          id: 'https://guild.example/cert',
          name: 'Bookbinding I',
          description: 'Folding.',
          criteria: 'Fold.',
        },
      }),
    ],
    [
      'badge',
      buildBadgeCredential({
        issuer: ISSUER,
        recipient: { did: 'did:example:ada' },
        kind: 'volunteering',
        occasion: 'the spring fair',
        achievement: {
          id: 'https://guild.example/badge',
          name: 'Gilder',
          description: 'Gold leaf.',
          criteria: 'Gild.',
        },
      }),
    ],
    [
      'everything',
      buildCredential({
        issuer: ISSUER,
        recipient: { email: 'ada@example.org', did: 'did:example:ada' },
        achievement: {
          id: 'https://guild.example/a/1',
          name: 'Master "binder"\nline two \\ tab\t',
          description: 'Ünïcödé ✓ 𝄞',
          criteria: { id: 'https://guild.example/criteria', narrative: 'Bind **twelve** books.' },
          achievementType: 'Certificate',
          image: { id: 'https://guild.example/a.png', type: 'Image', caption: 'A book' },
          alignment: [
            { targetName: 'ESCO', targetUrl: 'https://esco.example/1', targetType: 'ext:ESCO' },
            { targetName: 'ESCO', targetUrl: 'https://esco.example/2' },
            { targetName: 'ESCO', targetUrl: 'https://esco.example/2' },
          ],
          resultDescription: [
            {
              id: 'urn:uuid:6b8f6a1e-5d2f-4c41-9c1e-2d7b2e0b3d11',
              name: 'Grade',
              resultType: 'LetterGrade',
              allowedValue: ['C', 'B', 'A', 'B'],
            },
          ],
          tag: ['binding', 'gold', 'binding'],
          creditsAvailable: 7.5,
          fieldOfStudy: 'Crafts',
          humanCode: 'BB-1',
          inLanguage: 'en',
          version: '2',
        },
        validFrom: '2026-01-01T00:00:00Z',
        validUntil: '2030-01-01T00:00:00Z',
        awardedDate: '2026-02-01T10:00:00+02:00',
        description: 'All the fields',
        image: 'https://guild.example/c.png',
        evidence: [
          { id: 'https://guild.example/e/1', narrative: 'A photo', name: 'Photo' },
          { narrative: 'Witnessed' },
        ],
        results: [{ resultDescription: 'urn:uuid:6b8f6a1e-5d2f-4c41-9c1e-2d7b2e0b3d11', value: 'A' }],
        activityStartDate: '2025-09-01T00:00:00Z',
        activityEndDate: '2025-12-01T00:00:00Z',
        role: 'Apprentice',
        term: 'Autumn',
        narrative: 'Worked hard',
        licenseNumber: 'L-1',
        creditsEarned: 12,
        credentialStatus: {
          id: 'https://guild.example/status/1#94567',
          type: 'BitstringStatusListEntry',
          statusPurpose: 'revocation',
          statusListIndex: '94567',
          statusListCredential: 'https://guild.example/status/1',
        },
      }),
    ],
  ] as [string, JsonObject][]
}

/** `document` with the undefined-terms context last in its `@context`: unknown keys are then properties. */
function withVocab(document: JsonObject): JsonObject {
  const context = document['@context']
  return { ...document, '@context': [...(Array.isArray(context) ? context : [context]), UNDEFINED_TERMS] }
}

/** The documents the mutations start from. */
export function seedDocuments(): JsonObject[] {
  const proofs = fixtures.filter((f) => f.document.proof !== undefined)
  const seeds: JsonObject[] = [
    ...built().map(([, c]) => c),
    ...fixtures
      .filter((f) =>
        /simple\.json|complete\.json|endorsement-valid|credential-status-revoked\.json/.test(f.name),
      )
      .map((f) => f.document),
    {
      '@context': [V2],
      type: ['VerifiablePresentation'],
      holder: 'did:example:ada',
      verifiableCredential: [built()[0]?.[1] as JsonObject],
    },
    ...proofs.slice(0, 3).flatMap((f) => signedParts(f.document).map((p) => p.document as JsonObject)),
    // status list credentials as @tessera/status writes them
    {
      '@context': [V2],
      id: 'https://guild.example/status/1',
      type: ['VerifiableCredential', 'BitstringStatusListCredential'],
      issuer: 'did:example:issuer',
      validFrom: '2026-01-01T00:00:00Z',
      credentialSubject: {
        id: 'https://guild.example/status/1#list',
        type: 'BitstringStatusList',
        statusPurpose: 'revocation',
        encodedList: 'uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA',
        ttl: 300000,
      },
    },
    {
      '@context': [V1, 'https://w3id.org/vc/status-list/2021/v1'],
      id: 'https://guild.example/status/2',
      type: ['VerifiableCredential', 'StatusList2021Credential'],
      issuer: 'did:example:issuer',
      issuanceDate: '2026-01-01T00:00:00Z',
      credentialSubject: {
        id: 'https://guild.example/status/2#list',
        type: 'StatusList2021',
        statusPurpose: 'suspension',
        encodedList: 'H4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA',
      },
    },
  ]
  // the credentials again with @vocab in scope (issue #15: a __proto__ key was kept there, and dropped by jsonld.js)
  return [...seeds, ...built().map(([, c]) => withVocab(c)), withVocab(seeds.at(-2) as JsonObject)]
}

// The keys: terms the contexts define, and the families issue #15 found or that JSON-LD processors read
// in ways of their own.
const TERMS = [
  'id',
  'type',
  'name',
  'description',
  'achievementType',
  'tag',
  'alignment',
  'targetName',
  'criteria',
  'narrative',
  'image',
  'creditsAvailable',
  'creditsEarned',
  'allowedValue',
  'resultDescription',
  'validFrom',
  'awardedDate',
  'credentialSubject',
  'issuer',
  'evidence',
  'hashed',
  'proof',
  'verifiableCredential',
  'holder',
  'statusListIndex',
  'encodedList',
]
const BLANK_NODE_LABELS = ['_:p', '_:b0', '_:', '_:c14n0', '_:name', '_:_:x']
/** Object.prototype's own names, and words that mean something to JavaScript objects. */
const PROTOTYPE_NAMES = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  '__defineGetter__',
  '__lookupSetter__',
  'length',
  'then',
]
const PROTOTYPE_REFERENCES = ['__proto__', './__proto__', '__proto__#x', 'constructor', 'toString', 'valueOf']
const KEYWORD_LOOK_ALIKES = [
  '@id',
  '@type',
  '@value',
  '@language',
  '@context',
  '@vocab',
  '@graph',
  '@list',
  '@set',
  '@reverse',
  '@index',
  '@nest',
  '@included',
  '@json',
  '@direction',
  '@base',
  '@none',
  '@protected',
  '@version',
  '@foo',
  '@ID',
  '@Type',
  '@',
  '@1',
  '@@id',
  '@-x',
  '@id ',
  ' @id',
  '@context\u0000',
  '＠id',
]
const UNKNOWN_TERMS = [
  'nickname',
  'ex:term',
  'https://example.org/p',
  'schema:name',
  'xsd:foo',
  'cred:name',
  'relative/path',
  '../up',
  '#frag',
  '?q',
  '',
  ' ',
  'a b',
  'tab\tkey',
  'Ünïcödé',
  '\u0000',
  '\ud800',
  'x:y:z',
  'http:',
  'urn:',
  'did:example:1',
  '_',
  '_x',
  '__proto__:x',
  'constructor:x',
  'toString:x',
  '1:x',
]
/** Keys of every family above, and random ones with their prefixes. */
const key: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...TERMS), weight: 5 },
  { arbitrary: fc.constantFrom(...BLANK_NODE_LABELS), weight: 2 },
  { arbitrary: fc.constantFrom(...PROTOTYPE_NAMES), weight: 2 },
  { arbitrary: fc.constant('__proto__'), weight: 1 },
  { arbitrary: fc.constantFrom(...KEYWORD_LOOK_ALIKES), weight: 2 },
  { arbitrary: fc.constantFrom(...UNKNOWN_TERMS), weight: 2 },
  {
    arbitrary: fc
      .tuple(fc.constantFrom('', '_:', '@', '__', 'ex:', 'https://x.example/'), fc.string({ maxLength: 4 }))
      .map(([prefix, rest]) => prefix + rest),
    weight: 1,
  },
  { arbitrary: fc.string({ maxLength: 3, unit: 'binary' }), weight: 1 },
)

const TYPES = [
  'Achievement',
  'AchievementSubject',
  'Profile',
  'Alignment',
  'ResultDescription',
  'Result',
  'Evidence',
  'Image',
  'IdentityObject',
  'VerifiablePresentation',
  'VerifiableCredential',
  'OpenBadgeCredential',
  'BitstringStatusListEntry',
  'BitstringStatusList',
  'DataIntegrityProof',
  'Unknown',
  'https://example.org/T',
  'xsd:string',
  '_:type',
  '__proto__',
  'constructor',
  '@id',
  '@json',
]
const CONTEXT_URLS = [
  V1,
  V2,
  OB,
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json',
  'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json',
  UNDEFINED_TERMS,
  'https://www.w3.org/ns/credentials/status/v1',
  'https://w3id.org/vc/status-list/2021/v1',
  'https://w3id.org/security/data-integrity/v2',
  'https://example.org/unknown-context',
]
const context = fc.oneof(
  fc.constantFrom(
    [V2, OB, UNDEFINED_TERMS],
    [V2, UNDEFINED_TERMS],
    [V2],
    [V2, OB],
    [V1, OB],
    [UNDEFINED_TERMS],
  ),
  fc.array(fc.constantFrom(...CONTEXT_URLS), { minLength: 1, maxLength: 3 }),
  fc.constantFrom(...CONTEXT_URLS),
)

const scalar = fc.oneof(
  fc.constantFrom(
    'https://example.org/a',
    'did:example:ada',
    'urn:uuid:0',
    'relative/path',
    '_:b1',
    '_:',
    '',
    'Membership',
    'ext:Custom',
    '2026-01-01T00:00:00Z',
    'a "quoted"\nline\\',
    '\u0000\u001f\u007f',
    '\ud800 lone',
    '\u2028\u2029',
    'en-GB',
    'not a tag!',
    '__proto__',
    'constructor',
    '@id',
    '@vocab',
    V2,
    OB,
    'https://example.org/unknown-context',
    'xsd:string',
  ),
  fc.string({ maxLength: 6 }),
  fc.string({ maxLength: 3, unit: 'binary' }),
  fc.constantFrom(
    0,
    -0,
    1,
    -3,
    1.5,
    1e21,
    -1e21,
    1e20,
    1e-7,
    2 ** 53,
    2 ** 53 + 2,
    0.1,
    5e-324,
    Number.MAX_VALUE,
  ),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
)

/** `target[key] = value` as `JSON.parse` does it: an own property, even for `__proto__`. */
function put(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
}

const value: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('v'), { maxLength: 3 }),
    fc
      .tuple(
        fc.option(fc.constantFrom(...TYPES), { nil: undefined }),
        fc.array(fc.tuple(key, tie('v')), { maxLength: 3 }),
      )
      .map(([type, entries]) => {
        const object: Record<string, unknown> = {}
        for (const [k, v] of entries) put(object, k, v)
        if (type !== undefined) object.type = type
        return object
      }),
    fc.record(
      { '@value': scalar, '@type': fc.constantFrom('xsd:date', 'https://example.org/dt', '@json', '_:dt') },
      { requiredKeys: ['@value'] },
    ),
    fc.record(
      { '@value': scalar, '@language': fc.constantFrom('en', 'EN-gb', 'x y', '') },
      { requiredKeys: ['@value'] },
    ),
    fc.record({ id: fc.constantFrom('https://x.example/n', '_:n', 'urn:x', 'relative') }),
  ),
})).v

type Mutation =
  | { at: number; replace: number; to: unknown }
  | { at: number; set: string; to: unknown }
  | { at: number; rename: number; as: string }
  | { at: number; remove: number }
  | { at: number; typed: string[] }
  | { context: unknown }

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  // a new value for a key the object already has: its term stays defined
  {
    arbitrary: fc.record({
      at: fc.nat(),
      replace: fc.nat(),
      to: fc.oneof({ arbitrary: scalar, weight: 3 }, value),
    }),
    weight: 3,
  },
  { arbitrary: fc.record({ at: fc.nat(), set: key, to: value }), weight: 3 },
  // a value naming a prototype, for a term that is @id-typed: jsonld.js names a node after it (jsonld.js#584)
  fc.record({
    at: fc.nat(),
    set: fc.constantFrom(
      'image',
      'url',
      'targetUrl',
      'holder',
      'issuer',
      'statusListCredential',
      'verificationMethod',
    ),
    to: fc.constantFrom(...PROTOTYPE_REFERENCES),
  }),
  // a key renamed, its value kept: the value is a credential's, the key one of the families
  { arbitrary: fc.record({ at: fc.nat(), rename: fc.nat(), as: key }), weight: 2 },
  fc.record({ at: fc.nat(), remove: fc.nat() }),
  fc.record({ at: fc.nat(), typed: fc.array(fc.constantFrom(...TYPES), { maxLength: 3 }) }),
  fc.record({ context }),
)

function objectsOf(value: unknown, out: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (Array.isArray(value)) for (const item of value) objectsOf(item, out)
  else if (typeof value === 'object' && value !== null) {
    out.push(value as Record<string, unknown>)
    for (const item of Object.values(value)) objectsOf(item, out)
  }
  return out
}

/** A copy of `document` with `mutations` applied, each to one of its objects. */
function mutate(document: JsonObject, mutations: Mutation[]): JsonObject {
  const copy = structuredClone(document)
  for (const m of mutations) {
    if ('context' in m) {
      put(copy, '@context', structuredClone(m.context))
      continue
    }
    const objects = objectsOf(copy)
    const target = objects[m.at % objects.length] as Record<string, unknown>
    const keys = Object.keys(target)
    if ('replace' in m) {
      const own = keys.filter((k) => k !== '@context')
      if (own.length > 0) put(target, own[m.replace % own.length] as string, structuredClone(m.to))
    } else if ('set' in m) put(target, m.set, structuredClone(m.to))
    else if ('rename' in m) {
      const from = keys[m.rename % Math.max(keys.length, 1)]
      if (from !== undefined && from !== m.as) {
        const kept = target[from]
        delete target[from]
        put(target, m.as, kept)
      }
    } else if ('remove' in m) {
      if (keys.length > 0) delete target[keys[m.remove % keys.length] as string]
    } else target.type = m.typed.length === 1 ? m.typed[0] : m.typed
  }
  return copy
}

/** Values a credential can hold under a term it does not define, with `@vocab` in scope. */
const plain = fc.oneof(
  fc.constantFrom('x', 'https://example.org/a', 'did:example:ada', 7, 1.5, true, ''),
  fc.constant({ name: 'y' }),
  fc.constant({ id: 'https://x.example/n', type: 'Profile' }),
  fc.constant(['z', 2]),
)

/**
 * Random documents: a seed and one to four mutations of every kind; and (one in four) a seed with `@vocab`
 * in scope and one key of the families above set to a plain value on one of its objects, so that each
 * family also reaches documents jsonld.js canonicalises.
 */
export function documents(seeds: JsonObject[]): fc.Arbitrary<JsonObject> {
  const anyMutations = fc
    .tuple(fc.nat(seeds.length - 1), fc.array(mutation, { minLength: 1, maxLength: 4 }))
    .map(([i, mutations]) => mutate(seeds[i] as JsonObject, mutations))
  const vocab = seeds.filter((seed) => show(seed['@context']).includes(UNDEFINED_TERMS))
  const oneKey = fc
    .tuple(fc.nat(vocab.length - 1), fc.nat(), key, plain)
    .map(([i, at, set, to]) => mutate(vocab[i] as JsonObject, [{ at, set, to }]))
  return fc.oneof({ arbitrary: anyMutations, weight: 3 }, { arbitrary: oneKey, weight: 1 })
}
