// Every credential file of 1EdTech's OB 3.0 test resources, judged on its data model alone (schema and
// the rules beside it). Proofs, dates against the clock and status are the verifier's, not judged here.
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { parseCredential, validateCredential } from '@tessera/schema'
import { OB30 } from '@tessera/testkit/fixtures'
import { test } from 'uvu'
import * as assert from 'uvu/assert'

type Verdict = { valid: true; kind?: 'endorsement' } | { valid: false; paths: string[] }

const VALID: Verdict = { valid: true }
const invalid = (...paths: string[]): Verdict => ({ valid: false, paths })

/** The data-model verdict of each file, with the JSON Pointer that must be named when invalid. */
const EXPECTED: Record<string, Verdict> = {
  'simple.json': VALID,
  'simple.1ob': VALID,
  'simple_v1.json': VALID,
  'simple-did-key-method.json': VALID,
  'simple-did-web-method.json': VALID,
  'simple-multiple-proofs.json': VALID,
  'simple-eddsa-2022.json': VALID,
  'simple-context-alias.json': VALID,
  'simple-context-version.json': VALID,
  'complete.json': VALID,
  'endorsement-valid.json': { valid: true, kind: 'endorsement' },
  // invalid for a reason outside the data model: proof, clock or status
  'simple-err-proof-method.json': VALID,
  'simple-err-proof-method-no-scheme.json': VALID,
  'simple-err-proof-method-unknown-scheme.json': VALID,
  'simple-err-proof-method-unknown-did-method.json': VALID,
  'simple-err-proof-value.json': VALID,
  'simple-err-expired.json': VALID,
  'credential-status-revoked.json': VALID,
  'bit-string-list/credential-status-revoked.json': VALID,
  'bit-string-list/credential-status-revoked-blank-nodes.json': VALID,
  'endorsement-err-schema-status-refresh.json': { valid: true, kind: 'endorsement' },
  'sd/derivedcredential.json': VALID,
  // the data model decides
  'simple-err-type.json': invalid('/type'),
  'simple-err-issuer.json': invalid('/issuer'),
  'simple-err-context.json': invalid('/@context/0'),
  'simple-err-issuer-type.json': invalid('/issuer/type'),
  'simple-err-issuer-parentorg-type.json': invalid('/issuer/parentOrg/type'),
  'simple-err-issuer-otheridentifier-type.json': invalid('/issuer/otherIdentifier/1/type'),
  'simple-err-credential-subject-type.json': invalid('/credentialSubject/type'),
  'simple-err-credential-subject-identifier-type.json': invalid('/credentialSubject/identifier/0/type'),
  'simple-err-credential-subject-result-type.json': invalid('/credentialSubject/result/1/type'),
  'simple-err-credential-subject-profile-type.json': invalid('/credentialSubject/source/type'),
  'simple-err-credential-subject-achievement-result-description-type.json': invalid(
    '/credentialSubject/achievement/resultDescription/2/type',
  ),
  'simple-err-evidence-type.json': invalid('/evidence/1/type'),
  // these two also lack credentialSubject.achievement, which OB 3.0 requires
  'simple-err-issued.json': invalid('/credentialSubject/achievement'),
  'simple-noproof.json': invalid('/credentialSubject/achievement'),
  // written with pre-final vocabulary: identityType "email" (3.0 says "emailAddress"), endorsements without id
  'complete_v1.json': invalid('/credentialSubject/identifier/0/identityType', '/endorsement/0/id'),
  // a VC-JWT whose credential lacks credentialSubject.achievement
  'simple.jwt': invalid('/credentialSubject/achievement'),
  // uses 1EdTech's extension type 1EdTechJsonSchemaValidator2019 without the extensions context
  'velocity.jwt': invalid('/credentialSchema/0/type'),
}

function credentialFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return credentialFiles(path)
    return /\.(json|1ob|jwt)$/.test(entry.name) ? [relative(OB30, path)] : []
  })
}

test('the table covers every credential file of the folder', () => {
  assert.equal(credentialFiles(OB30).sort(), Object.keys(EXPECTED).sort())
})

for (const [file, verdict] of Object.entries(EXPECTED)) {
  test(`${file}: ${verdict.valid ? 'valid' : `invalid at ${verdict.paths.join(', ')}`}`, () => {
    const { credential } = parseCredential(readFileSync(OB30 + file))
    const result = validateCredential(credential)
    const errors = result.errors.map((e) => `${e.path} ${e.code}: ${e.message}`).join('\n')
    assert.is(result.valid, verdict.valid, errors)
    if (verdict.valid) {
      assert.equal(result.errors, [])
      assert.is(result.kind, verdict.kind ?? 'achievement')
    } else {
      const paths = result.errors.map((e) => e.path)
      for (const path of verdict.paths) assert.ok(paths.includes(path), `${path} not named in:\n${errors}`)
    }
  })
}

test('VCDM 1.1 credentials are judged on their own model', () => {
  const { credential } = parseCredential(readFileSync(`${OB30}simple_v1.json`))
  assert.is(validateCredential(credential).model, 'vcdm1.1')
  const { credential: v2 } = parseCredential(readFileSync(`${OB30}simple.json`))
  assert.is(validateCredential(v2).model, 'vcdm2')
})

test.run()
