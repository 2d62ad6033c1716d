// CLR 2.0 (#20): 1EdTech's sample CLRs against 1EdTech's CLR schema, the builder's output, each of its
// refusals with its path, validation issues placed inside embedded credentials, and the reader's view.
import { readFileSync } from 'node:fs'
import { fixtureJson } from '@tessera/testkit/fixtures'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { assertValidClr, buildClrCredential, type ClrInput, validateClr } from '../src/clr.js'
import {
  ASSOCIATION_TYPES,
  buildCertificateCredential,
  buildMembershipCredential,
  CLR_CONTEXT,
  CREDENTIALS_V2_CONTEXT,
  embeddedCredentialsOf,
  type JsonObject,
  OB_CONTEXT,
  readCredential,
  TesseraError,
  type ValidationIssue,
  validateCredential,
} from '../src/index.js'

const sample = (name: string): JsonObject =>
  JSON.parse(readFileSync(new URL(`./fixtures/clr20/${name}`, import.meta.url), 'utf8')) as JsonObject

const issuer = { id: 'did:web:guild.example', name: 'Guild of Bookbinders' }
const learner = 'did:example:ada'

/**
 * A proof as signing leaves it. The builder checks that a credential is signed, not its signature (the
 * verifier's part); packages/proofs/test/clr.test.ts builds a CLR of really signed credentials.
 */
const proof = {
  type: 'DataIntegrityProof',
  cryptosuite: 'eddsa-rdfc-2022',
  created: '2026-03-01T00:00:00Z',
  verificationMethod: 'did:web:guild.example#key-1',
  proofPurpose: 'assertionMethod',
  proofValue: 'z3FXQjecWufY46yg5abdVZsXqLhxhueuSoZgNSARiKBk9czhSePTFehP8c3PGfb6a22gkfUKKX6a5q5ETDRpChYsm',
}

const course = {
  ...buildCertificateCredential({
    issuer,
    recipient: { did: learner },
    certificateType: 'Course',
    achievement: {
      id: 'https://guild.example/courses/binding-1',
      name: 'Binding I',
      description: 'The first bookbinding course.',
      criteria: 'Bind three books.',
    },
    validFrom: '2026-03-01T00:00:00Z',
  }),
  proof,
}
const membership = {
  ...buildMembershipCredential({
    issuer,
    recipient: { did: learner },
    achievement: { id: 'https://guild.example/membership' },
    term: { name: '2026', start: '2026-01-01T00:00:00Z', end: '2026-12-31T23:59:59Z' },
  }),
  proof,
}

const input: ClrInput = {
  issuer,
  recipient: { did: learner, name: 'Ada Lovelace' },
  credentials: [course, membership],
  achievements: [
    {
      id: 'https://guild.example/programmes/binding',
      name: 'Bookbinding programme',
      description: 'The guild programme in bookbinding.',
      criteria: 'Complete its courses.',
    },
  ],
  associations: [
    {
      associationType: 'isChildOf',
      sourceId: 'https://guild.example/courses/binding-1',
      targetId: 'https://guild.example/programmes/binding',
    },
  ],
  validFrom: '2026-06-01T00:00:00Z',
  id: 'urn:uuid:6a3e1b2c-8c1f-4f7e-9f3a-2d9b1c0e5a77',
}

function refusal(build: () => unknown): { code: string; path: string | undefined } {
  try {
    build()
  } catch (error) {
    if (error instanceof TesseraError) return { code: error.code, path: error.path }
    throw error
  }
  throw new Error('built, where a refusal was expected')
}

const where = (issues: ValidationIssue[]) => issues.map((i) => `${i.code} ${i.path}`)

// --- 1EdTech's samples (digital-credentials-public-validator, inspector-clr/src/test/resources/clr20/)

test("1EdTech's simple.json (VCDM 2.0, Data Integrity): valid, without warnings", () => {
  const result = validateClr(sample('simple.json'))
  assert.equal(result.errors, [])
  assert.equal(result.warnings, [])
  assert.equal([result.model, result.kind], ['vcdm2', 'clr'])
})

test("1EdTech's simple_v1.json (VCDM 1.1): valid, with single values where the schema wants arrays as warnings (1EdTech's validator warns too)", () => {
  const result = validateClr(sample('simple_v1.json'))
  assert.equal(result.errors, [])
  assert.equal([result.model, result.kind], ['vcdm1.1', 'clr'])
  assert.ok(result.warnings.length > 0)
  assert.ok(result.warnings.every((w) => w.code === 'SINGLE_VALUE_NOT_ARRAY'))
  assert.ok(result.warnings.every((w) => w.path.startsWith('/credentialSubject/verifiableCredential/')))
})

test("1EdTech's complex.json: an embedded credential's endorsement has no name (OB 3.0 requires one), found at its path in the CLR", () => {
  // 1EdTech's own test of this file is disabled (an issuer's site it reaches is gone)
  const result = validateClr(sample('complex.json'))
  assert.equal(where(result.errors), [
    'SCHEMA_REQUIRED /credentialSubject/verifiableCredential/0/credentialSubject/achievement/endorsement/0/name',
  ])
})

test("1EdTech's pre-release samples (a draft CLR context): refused at /@context/1", () => {
  for (const name of ['simple-noproof.json', 'simple_old_safesigned.json']) {
    const result = validateClr(sample(name))
    assert.is(result.valid, false)
    assert.ok(
      result.errors.some((e) => e.code === 'CONTEXT_ORDER' && e.path === '/@context/1'),
      where(result.errors).join('; '),
    )
  }
})

// --- The builder

test('buildClrCredential: a valid unsigned ClrCredential gathering the signed credentials, with achievements and associations', () => {
  const clr = buildClrCredential(input)
  assert.equal(clr['@context'], [CREDENTIALS_V2_CONTEXT, CLR_CONTEXT, OB_CONTEXT])
  assert.equal(clr.type, ['VerifiableCredential', 'ClrCredential'])
  assert.is(clr.validFrom, '2026-06-01T00:00:00Z')
  assert.is(clr.credentialSubject.id, learner)
  assert.equal(clr.credentialSubject.verifiableCredential, [course, membership])
  assert.is.not(clr.credentialSubject.verifiableCredential[0], course) // a copy, not the caller's object
  assert.equal(clr.credentialSubject.association, [
    {
      type: 'Association',
      associationType: 'isChildOf',
      sourceId: 'https://guild.example/courses/binding-1',
      targetId: 'https://guild.example/programmes/binding',
    },
  ])
  assert.is(clr.credentialSubject.achievement?.[0]?.id, 'https://guild.example/programmes/binding')
  assert.not('proof' in clr)
  const result = validateClr(clr)
  assert.equal([result.errors, result.kind], [[], 'clr'])
  // a Data Integrity proof is one object, where the OB schema wants an array (as for any signed OB credential)
  assert.equal(where(result.warnings), [
    'SINGLE_VALUE_NOT_ARRAY /credentialSubject/verifiableCredential/0/proof',
    'SINGLE_VALUE_NOT_ARRAY /credentialSubject/verifiableCredential/1/proof',
  ])
  assertValidClr(clr)
})

test('buildClrCredential: every association type of the CLR 2.0 vocabulary, between any two achievements it holds', () => {
  for (const associationType of ASSOCIATION_TYPES) {
    const clr = buildClrCredential({
      ...input,
      associations: [
        {
          associationType,
          sourceId: 'https://guild.example/membership',
          targetId: 'https://guild.example/courses/binding-1',
        },
      ],
    })
    assert.ok(validateClr(clr).valid, associationType)
  }
})

test('buildClrCredential: a real signed credential from 1EdTech (simple.json) is gathered as it is', () => {
  const signed = fixtureJson('simple.json') as JsonObject
  const subject = (signed.credentialSubject as JsonObject).id as string
  const clr = buildClrCredential({
    ...input,
    recipient: { did: subject },
    credentials: [signed],
    associations: [],
  })
  assert.equal(clr.credentialSubject.verifiableCredential, [signed])
  assert.ok(validateClr(clr).valid)
})

test('buildClrCredential refuses, each with its code and its path in the input', () => {
  const cases: [string, Partial<ClrInput>, string, string][] = [
    ['no credentials', { credentials: [] }, 'CLR_NO_CREDENTIALS', '/credentials'],
    [
      'a VC-JWT',
      { credentials: [course, 'eyJhbGciOiJFZERTQSJ9.eyJ2YyI6e319.c2lnbmF0dXJl'] },
      'CLR_JWT_CREDENTIAL',
      '/credentials/1',
    ],
    ['a number', { credentials: [42] }, 'CLR_NOT_A_CREDENTIAL', '/credentials/0'],
    ['a CLR', { credentials: [sample('simple.json')] }, 'CLR_NOT_A_CREDENTIAL', '/credentials/0'],
    [
      'an unsigned credential',
      { credentials: [course, { ...membership, proof: undefined }] },
      'CLR_UNSIGNED_CREDENTIAL',
      '/credentials/1/proof',
    ],
    [
      'an invalid credential',
      {
        credentials: [
          {
            ...course,
            credentialSubject: {
              ...course.credentialSubject,
              achievement: { ...course.credentialSubject.achievement, name: undefined },
            },
          },
        ],
      },
      'CLR_INVALID_CREDENTIAL',
      '/credentials/0/credentialSubject/achievement/name',
    ],
    [
      "another learner's credential",
      {
        credentials: [
          course,
          { ...membership, credentialSubject: { ...membership.credentialSubject, id: 'did:example:bob' } },
        ],
      },
      'CLR_OTHER_RECIPIENT',
      '/credentials/1/credentialSubject/id',
    ],
    [
      'an association type outside the vocabulary',
      {
        associations: [
          {
            associationType: 'isBestFriendOf' as 'isChildOf',
            sourceId: 'https://guild.example/membership',
            targetId: 'https://guild.example/courses/binding-1',
          },
        ],
      },
      'CLR_INVALID_ASSOCIATION',
      '/associations/0/associationType',
    ],
    [
      'an association to an achievement the CLR does not hold',
      {
        associations: [
          {
            associationType: 'precedes',
            sourceId: 'https://guild.example/courses/binding-1',
            targetId: 'https://guild.example/courses/binding-2',
          },
        ],
      },
      'CLR_INVALID_ASSOCIATION',
      '/associations/0/targetId',
    ],
    ['a date without a time zone', { validFrom: '2026-06-01T00:00:00' }, 'INVALID_DATE', ''],
    ['a recipient that is no DID', { recipient: { did: 'ada@example.org' } }, 'INVALID_RECIPIENT', ''],
  ]
  for (const [what, change, code, path] of cases) {
    const got = refusal(() => buildClrCredential({ ...input, ...change }))
    assert.equal(got, { code, path: path === '' ? undefined : path }, what)
  }
})

// --- Validation of a CLR: issues inside embedded credentials, by JSON Pointer into the CLR

const built = (): JsonObject => structuredClone(buildClrCredential(input)) as unknown as JsonObject
const subjectOf = (clr: JsonObject) => clr.credentialSubject as JsonObject
const embedded = (clr: JsonObject, i: number) =>
  (subjectOf(clr).verifiableCredential as JsonObject[])[i] as JsonObject

test('validateClr: an embedded OB credential is validated with the OB schema and rules, its issues at their path in the CLR', () => {
  const clr = built()
  const second = embedded(clr, 1)
  delete ((second.credentialSubject as JsonObject).achievement as JsonObject).name
  second.validUntil = '2025-01-01T00:00:00Z'
  const result = validateClr(clr)
  assert.equal(where(result.errors).sort(), [
    'SCHEMA_REQUIRED /credentialSubject/verifiableCredential/1/credentialSubject/achievement/name',
    'VALIDITY_ORDER /credentialSubject/verifiableCredential/1/validUntil',
  ])
})

test('validateClr: an embedded credential without an id or an identifier for its subject (an OB rule the schemas miss)', () => {
  const clr = built()
  delete (embedded(clr, 0).credentialSubject as JsonObject).id
  assert.equal(where(validateClr(clr).errors), [
    'SUBJECT_WITHOUT_ID /credentialSubject/verifiableCredential/0/credentialSubject',
  ])
})

test('validateClr: a VC-JWT string among the embedded credentials is EMBEDDED_JWT at its path', () => {
  const clr = built()
  ;(subjectOf(clr).verifiableCredential as unknown[])[0] = 'eyJhbGciOiJFZERTQSJ9.eyJ2YyI6e319.c2ln'
  assert.equal(where(validateClr(clr).errors), ['EMBEDDED_JWT /credentialSubject/verifiableCredential/0'])
})

test("validateClr: the CLR's own parts against 1EdTech's CLR schema, each issue at its path", () => {
  const cases: [string, (clr: JsonObject) => void, string[]][] = [
    [
      'an association type outside the vocabulary',
      (clr) => {
        ;((subjectOf(clr).association as JsonObject[])[0] as JsonObject).associationType = 'isFriendOf'
      },
      ['SCHEMA_ENUM /credentialSubject/association/0/associationType'],
    ],
    [
      'an association without its target',
      (clr) => {
        delete ((subjectOf(clr).association as JsonObject[])[0] as JsonObject).targetId
      },
      ['SCHEMA_REQUIRED /credentialSubject/association/0/targetId'],
    ],
    [
      'no embedded credentials',
      (clr) => {
        delete subjectOf(clr).verifiableCredential
      },
      ['SCHEMA_REQUIRED /credentialSubject/verifiableCredential'],
    ],
    [
      'an empty list of embedded credentials',
      (clr) => {
        subjectOf(clr).verifiableCredential = []
      },
      ['SCHEMA_MIN_ITEMS /credentialSubject/verifiableCredential'],
    ],
    [
      'no name',
      (clr) => {
        delete clr.name
      },
      ['SCHEMA_REQUIRED /name'],
    ],
    [
      'the OB context where the CLR context goes',
      (clr) => {
        clr['@context'] = [CREDENTIALS_V2_CONTEXT, OB_CONTEXT, CLR_CONTEXT]
      },
      ['CONTEXT_ORDER /@context/2', 'SCHEMA_PATTERN /@context/1'],
    ],
    [
      'validUntil before validFrom',
      (clr) => {
        clr.validUntil = '2026-01-01T00:00:00Z'
      },
      ['VALIDITY_ORDER /validUntil'],
    ],
  ]
  for (const [what, change, expected] of cases) {
    const clr = built()
    change(clr)
    assert.equal(where(validateClr(clr).errors).sort(), expected, what)
  }
})

test('validateClr: one embedded credential written as a single value (not an array of one) is valid', () => {
  const clr = built()
  subjectOf(clr).verifiableCredential = embedded(clr, 0)
  const result = validateClr(clr)
  // the CLR schema takes one credential or an array; the embedded credential's own proof is one value
  assert.equal(result.errors, [])
  assert.equal(where(result.warnings), [
    'SINGLE_VALUE_NOT_ARRAY /credentialSubject/verifiableCredential/proof',
  ])
})

test('validateCredential leaves a ClrCredential to validateClr (CLR_CREDENTIAL at /type); validateClr refuses an OB credential (NOT_A_CLR)', () => {
  const clr = buildClrCredential(input)
  const result = validateCredential(clr)
  assert.equal([result.valid, result.kind, where(result.errors)], [false, 'clr', ['CLR_CREDENTIAL /type']])
  const ob = validateClr(course)
  assert.equal([ob.valid, ob.kind, where(ob.errors)], [false, 'achievement', ['NOT_A_CLR /type']])
  assert.equal(where(validateClr('{}').errors), ['NOT_AN_OBJECT '])
})

test('assertValidClr: an OB credential is no ClrCredential (/type); a broken CLR throws INVALID_CREDENTIAL with its first path', () => {
  assert.equal(
    refusal(() => assertValidClr(course)),
    { code: 'INVALID_CREDENTIAL', path: '/type' },
  )
  const clr = built()
  delete ((embedded(clr, 0).credentialSubject as JsonObject).achievement as JsonObject).criteria
  assert.equal(
    refusal(() => assertValidClr(clr)),
    {
      code: 'INVALID_CREDENTIAL',
      path: '/credentialSubject/verifiableCredential/0/credentialSubject/achievement/criteria',
    },
  )
})

// --- The reader

test("the reader: a CLR's embedded credentials with their paths; none for an OB credential", () => {
  const clr = buildClrCredential(input)
  const view = readCredential(clr)
  assert.equal(
    view.embeddedCredentials.map((e) => e.path),
    ['/credentialSubject/verifiableCredential/0', '/credentialSubject/verifiableCredential/1'],
  )
  assert.equal(view.embeddedCredentials[1]?.credential, membership)
  assert.is(view.subjectId, learner)
  assert.is(view.recipientName, 'Ada Lovelace')
  assert.equal(readCredential(course).embeddedCredentials, [])
  assert.equal(embeddedCredentialsOf({ credentialSubject: { verifiableCredential: course } }), [
    { path: '/credentialSubject/verifiableCredential', credential: course },
  ])
  assert.equal(embeddedCredentialsOf('not a credential'), [])
})

test.run()
