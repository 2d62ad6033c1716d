import { readFileSync } from 'node:fs'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import {
  assertValidCredential,
  CREDENTIALS_V1_CONTEXT,
  isTesseraError,
  OB_CONTEXT,
  type ValidationResult,
  validateCredential,
} from '../src/index.js'

/** A minimal valid OB 3.0 credential (VCDM 2.0); each test breaks one thing in a copy. */
function credential(): Record<string, unknown> & { credentialSubject: Record<string, unknown> } {
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2', OB_CONTEXT],
    id: 'urn:uuid:2f8a5e3c-2b1e-4a8e-9d4c-0c2b7f1e6a11',
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: {
      id: 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK',
      type: ['Profile'],
      name: 'Guild',
    },
    validFrom: '2026-01-01T00:00:00Z',
    name: 'Member',
    credentialSubject: {
      id: 'did:example:member',
      type: ['AchievementSubject'],
      achievement: {
        id: 'https://guild.example/achievements/member',
        type: ['Achievement'],
        name: 'Member',
        description: 'A member of the guild.',
        criteria: { narrative: 'Pay the fee.' },
      },
    },
  }
}

function issues(result: ValidationResult): string[] {
  return result.errors.map((e) => `${e.code} ${e.path}`)
}

test('the minimal credential is valid, with no warnings', () => {
  const result = validateCredential(credential())
  assert.equal(result.errors, [])
  assert.equal(result.warnings, [])
  assert.ok(result.valid)
})

test('a value that is not an object is NOT_AN_OBJECT', () => {
  for (const value of [null, [], 'credential', 42]) {
    assert.equal(issues(validateCredential(value)), ['NOT_AN_OBJECT '])
  }
})

test('a subject with neither id nor identifier is SUBJECT_WITHOUT_ID', () => {
  const c = credential()
  delete c.credentialSubject.id
  assert.equal(issues(validateCredential(c)), ['SUBJECT_WITHOUT_ID /credentialSubject'])
  c.credentialSubject.identifier = []
  assert.equal(issues(validateCredential(c)), ['SUBJECT_WITHOUT_ID /credentialSubject'])
})

test('an Image must be typed "Image"', () => {
  const c = credential()
  c.image = { id: 'https://guild.example/badge.png', type: 'Picture' }
  assert.ok(issues(validateCredential(c)).includes('IMAGE_TYPE /image/type'))
  c.image = { id: 'https://guild.example/badge.png' }
  assert.ok(issues(validateCredential(c)).includes('IMAGE_TYPE /image/type'))
})

test('@context order: the credentials context first, the OB context second, no mixing of models', () => {
  const c = credential()
  c['@context'] = [OB_CONTEXT, 'https://www.w3.org/ns/credentials/v2']
  const found = issues(validateCredential(c))
  assert.ok(found.includes('CONTEXT_ORDER /@context/0'), found.join('\n'))
  c['@context'] = ['https://www.w3.org/ns/credentials/v2', 'https://example.org/other', OB_CONTEXT]
  assert.ok(issues(validateCredential(c)).includes('CONTEXT_ORDER /@context/2'))
  c['@context'] = ['https://www.w3.org/ns/credentials/v2', OB_CONTEXT, CREDENTIALS_V1_CONTEXT]
  assert.ok(issues(validateCredential(c)).includes('CONTEXT_ORDER /@context/2'))
})

test('validUntil before validFrom is VALIDITY_ORDER; equal is allowed', () => {
  const c = credential()
  c.validUntil = '2025-12-31T23:59:59Z'
  assert.equal(issues(validateCredential(c)), ['VALIDITY_ORDER /validUntil'])
  c.validUntil = c.validFrom
  assert.ok(validateCredential(c).valid)
})

test('dates must carry a zone (DATE_WITHOUT_ZONE) and be dates (INVALID_DATE), wherever they are', () => {
  const c = credential()
  c.validFrom = '2026-01-01T00:00:00'
  c.credentialSubject.activityEndDate = '2026-13-45T00:00:00Z'
  const found = issues(validateCredential(c))
  assert.ok(found.includes('DATE_WITHOUT_ZONE /validFrom'), found.join('\n'))
  assert.ok(found.includes('INVALID_DATE /credentialSubject/activityEndDate'), found.join('\n'))
  const offset = credential()
  offset.validFrom = '2026-01-01T00:00:00+02:00'
  assert.ok(validateCredential(offset).valid)
})

test('a date or an image deep in arrays, under keys with "/" and "~", is placed by its JSON Pointer', () => {
  const c = credential()
  c.credentialSubject.result = [
    { type: ['Result'], resultDescription: 'urn:x' },
    { type: ['Result'], 'a/b~c': { awardedDate: '2026-01-01T00:00:00' } },
  ]
  c.evidence = [
    { id: 'https://guild.example/e', type: ['Evidence'], image: { id: 'https://guild.example/i.png' } },
  ]
  const found = issues(validateCredential(c))
  assert.ok(
    found.includes('DATE_WITHOUT_ZONE /credentialSubject/result/1/a~1b~0c/awardedDate'),
    found.join('\n'),
  )
  assert.ok(found.includes('IMAGE_TYPE /evidence/0/image/type'), found.join('\n'))
})

test('a missing required property is named by its own path', () => {
  const c = credential()
  delete (c.credentialSubject.achievement as Record<string, unknown>).criteria
  assert.equal(issues(validateCredential(c)), ['SCHEMA_REQUIRED /credentialSubject/achievement/criteria'])
})

test('a value outside an extensible vocabulary is one SCHEMA_ENUM issue, and ext: terms pass', () => {
  const c = credential()
  const achievement = c.credentialSubject.achievement as Record<string, unknown>
  achievement.achievementType = 'Party'
  const result = validateCredential(c)
  assert.equal(issues(result), ['SCHEMA_ENUM /credentialSubject/achievement/achievementType'])
  assert.match(result.errors[0]?.message ?? '', /"Membership".*ext:/)
  achievement.achievementType = 'ext:Party'
  assert.ok(validateCredential(c).valid)
})

test('an issuer that is neither string nor Profile names the issuer once', () => {
  const c = credential()
  c.issuer = 42
  assert.equal(issues(validateCredential(c)), ['SCHEMA_TYPE /issuer'])
})

test('single values where the schema wants arrays are accepted with a warning each', () => {
  const c = credential()
  c.credentialSubject.type = 'AchievementSubject'
  const result = validateCredential(c)
  assert.ok(result.valid)
  assert.equal(
    result.warnings.map((w) => `${w.code} ${w.path}`),
    ['SINGLE_VALUE_NOT_ARRAY /credentialSubject/type'],
  )
  c.credentialSubject.type = 'Person'
  assert.equal(issues(validateCredential(c)), ['SCHEMA_CONTAINS /credentialSubject/type'])
})

test('1EdTech extension types need the extensions context (EXTENSION_CONTEXT_MISSING)', () => {
  const c = credential()
  c.credentialStatus = { id: 'https://guild.example/revocations', type: '1EdTechRevocationList' }
  assert.equal(issues(validateCredential(c)), ['EXTENSION_CONTEXT_MISSING /credentialStatus/type'])
  c['@context'] = [...(c['@context'] as string[]), 'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json']
  assert.ok(validateCredential(c).valid)
})

test('two status entries (revocation and suspension): valid with STATUS_ARRAY; each entry still checked', () => {
  const c = credential()
  const entry = (purpose: string) => ({
    id: `https://g.example/s#${purpose}`,
    type: 'BitstringStatusListEntry',
    statusPurpose: purpose,
  })
  c.credentialStatus = [entry('revocation'), entry('suspension')]
  const result = validateCredential(c)
  assert.ok(result.valid, JSON.stringify(result.errors))
  assert.equal(
    result.warnings.map((w) => w.code),
    ['STATUS_ARRAY'],
  )
  c.credentialStatus = [entry('revocation'), { type: 'BitstringStatusListEntry' }]
  assert.ok(issues(validateCredential(c)).includes('SCHEMA_REQUIRED /credentialStatus/1'))
})

test('VCDM 1.1: issuanceDate instead of validFrom, credentials/v1 first', () => {
  const c = credential()
  c['@context'] = [CREDENTIALS_V1_CONTEXT, OB_CONTEXT]
  assert.equal(issues(validateCredential(c)), ['SCHEMA_REQUIRED /issuanceDate'])
  c.issuanceDate = c.validFrom
  delete c.validFrom
  c.expirationDate = '2025-01-01T00:00:00Z'
  assert.equal(issues(validateCredential(c)), ['VALIDITY_ORDER /expirationDate'])
  delete c.expirationDate
  const result = validateCredential(c)
  assert.ok(result.valid)
  assert.is(result.model, 'vcdm1.1')
})

test('assertValidCredential throws INVALID_CREDENTIAL naming the first path and carrying all issues', () => {
  const c = credential()
  delete c.issuer
  try {
    assertValidCredential(c)
    assert.unreachable('should have thrown')
  } catch (error) {
    assert.ok(isTesseraError(error))
    assert.is(error.code, 'INVALID_CREDENTIAL')
    assert.is(error.path, '/issuer')
    assert.ok(Array.isArray(error.cause))
  }
  assertValidCredential(credential())
})

test("the bundled schema is 1EdTech's file, byte for byte", () => {
  const bundled = readFileSync(
    new URL('../schemas/ob_v3p0_achievementcredential_schema.json', import.meta.url),
  )
  const fixture = readFileSync(
    new URL(
      '../../../../shared/fixtures/ob30-schema/ob_v3p0_achievementcredential_schema.json',
      import.meta.url,
    ),
  )
  assert.ok(bundled.equals(fixture))
})

test.run()
