// Every file of 1EdTech's OB 3.0 test resources, verified, with the verdict of EXPECTED.md and the
// reason. https verification methods are served as controller documents through the document map (the
// key is the fragment, as 1EdTech's files assume), status lists likewise; nothing is fetched.
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import type { JsonObject } from '@tessera/schema'
import { OB30 } from '@tessera/testkit/fixtures'
import { type VerificationResult, Verifier } from '@tessera/verifier'
import { test } from 'uvu'
import * as assert from 'uvu/assert'

const NOW = new Date('2026-01-01T00:00:00Z')
const TESTLIST_URL =
  'https://raw.githubusercontent.com/1EdTech/digital-credentials-public-validator/refs/heads/main/inspector-vc/src/test/resources/ob30/bit-string-list/testlist'

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return files(path)
    return /\.(json|1ob|jwt|png|svg)$/.test(entry.name) || entry.name === 'testlist'
      ? [relative(OB30, path)]
      : []
  })
}

/** Controller documents for every https verification method of the JSON fixtures: the key is the fragment. */
function controllerDocuments(): Map<string, JsonObject> {
  const keys = new Map<string, Set<string>>()
  const collect = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(collect)
    else if (typeof value === 'object' && value !== null) {
      for (const [k, v] of Object.entries(value)) {
        if (
          k === 'verificationMethod' &&
          typeof v === 'string' &&
          v.startsWith('https://') &&
          v.includes('#')
        ) {
          const [controller] = v.split('#') as [string]
          keys.set(controller, (keys.get(controller) ?? new Set()).add(v))
        } else collect(v)
      }
    }
  }
  for (const file of files(OB30).filter((f) => f.endsWith('.json') || f === 'bit-string-list/testlist')) {
    collect(JSON.parse(readFileSync(OB30 + file, 'utf8')))
  }
  const documents = new Map<string, JsonObject>()
  for (const [controller, methods] of keys) {
    const ids = [...methods]
    documents.set(controller, {
      '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
      id: controller,
      verificationMethod: ids.map((id) => ({
        id,
        type: 'Multikey',
        controller,
        publicKeyMultibase: id.split('#')[1],
      })),
      assertionMethod: ids,
    })
  }
  return documents
}

const documents = new Map<string, unknown>(controllerDocuments())
documents.set(TESTLIST_URL, JSON.parse(readFileSync(`${OB30}bit-string-list/testlist`, 'utf8')))
const verifier = new Verifier({ documents, offline: true })

interface Verdict {
  verified: boolean
  /** For a file that fails: the check that must fail, with its code. */
  failing?: [string, string]
  /** Warnings that must be given. */
  warns?: string[]
  /** Where Tessera's verdict or reason differs from 1EdTech's validator, and why. */
  deviation?: string
}

const ok = (warns?: string[]): Verdict => ({ verified: true, ...(warns === undefined ? {} : { warns }) })
const no = (check: string, code: string, deviation?: string): Verdict => ({
  verified: false,
  failing: [check, code],
  ...(deviation === undefined ? {} : { deviation }),
})

const EXPECTED: Record<string, Verdict> = {
  'simple.json': ok(),
  'simple.1ob': ok(),
  'simple_v1.json': ok(['DEPRECATED_PROOF_SUITE']),
  'simple-did-web-method.json': ok(),
  'simple-json.png': ok(),
  'simple-json.svg': ok(),
  'simple-eddsa-2022.json': ok(['DEPRECATED_PROOF_SUITE']),
  'simple-context-alias.json': ok(),
  'simple-context-version.json': ok(),
  'endorsement-valid.json': ok(),
  'simple-multiple-proofs.json': {
    ...ok(['UNSUPPORTED_PROOF_IGNORED']),
    deviation:
      'the unknown "SomeProofType" proof is reported and ignored; the eddsa-rdfc-2022 proof beside it verifies',
  },
  'simple-did-key-method.json': no(
    'issuer',
    'KEY_NOT_ISSUERS',
    'the signature verifies, but with did:key:z6Mkj..., while the issuer is urn:uuid:6f2e...: nothing binds that key to that issuer, and 1EdTech does not check the binding',
  ),
  'simple-jwt.png': no(
    'issuer',
    'JWK_NOT_BOUND_TO_ISSUER',
    'the signature verifies with the jwk the token carries, a key anyone could put there',
  ),
  'simple-jwt.svg': no('issuer', 'JWK_NOT_BOUND_TO_ISSUER', 'as simple-jwt.png'),
  'simple-jwt_v1.png': no('issuer', 'JWK_NOT_BOUND_TO_ISSUER', 'as simple-jwt.png'),
  'simple-jwt_v1.svg': no('issuer', 'JWK_NOT_BOUND_TO_ISSUER', 'as simple-jwt.png'),
  'simple.jwt': no(
    'proof',
    'KEY_NOT_FOUND',
    'its JOSE header names no key (neither kid nor jwk), so no signature can be checked',
  ),
  'velocity.jwt': no('proof', 'UNSUPPORTED_DID_METHOD'),
  'simple-err-type.json': no('type', 'TYPE_INVALID'),
  'simple-err-proof-method.json': no('proof', 'UNSUPPORTED_KEY'),
  'simple-err-proof-method-no-scheme.json': no('proof', 'INVALID_VERIFICATION_METHOD'),
  'simple-err-proof-method-unknown-scheme.json': no('proof', 'UNSUPPORTED_URL_SCHEME'),
  'simple-err-proof-method-unknown-did-method.json': no('proof', 'UNSUPPORTED_DID_METHOD'),
  'simple-err-proof-value.json': no('proof', 'PROOF_INVALID'),
  'simple-err-expired.json': no('validity', 'EXPIRED'),
  'simple-err-issued.json': no('validity', 'NOT_YET_VALID'),
  'simple-err-issuer.json': no('schema', 'SCHEMA_INVALID'),
  'simple-err-context.json': no('context', 'CONTEXT_INVALID'),
  'simple-err-credential-subject-type.json': no('schema', 'SCHEMA_INVALID'),
  'simple-err-credential-subject-identifier-type.json': no('schema', 'SCHEMA_INVALID'),
  'simple-err-credential-subject-result-type.json': no('schema', 'SCHEMA_INVALID'),
  'simple-err-credential-subject-achievement-result-description-type.json': no('schema', 'SCHEMA_INVALID'),
  'simple-err-credential-subject-profile-type.json': no('schema', 'SCHEMA_INVALID'),
  'simple-err-evidence-type.json': no('schema', 'SCHEMA_INVALID'),
  'simple-err-issuer-type.json': no('schema', 'SCHEMA_INVALID'),
  'simple-err-issuer-parentorg-type.json': no('schema', 'SCHEMA_INVALID'),
  'simple-err-issuer-otheridentifier-type.json': no('schema', 'SCHEMA_INVALID'),
  'simple-noproof.json': no('proof', 'NO_PROOF'),
  'complete.json': no(
    'status',
    'UNSUPPORTED_STATUS_METHOD',
    'invalid as upstream, for another reason: its 1EdTechRevocationList status cannot be checked (upstream fails on its unreachable schema URL)',
  ),
  'complete_v1.json': no('status', 'UNSUPPORTED_STATUS_METHOD', 'as complete.json'),
  'credential-status-revoked.json': no('status', 'UNSUPPORTED_STATUS_METHOD'),
  'bit-string-list/credential-status-revoked.json': no('status', 'REVOKED'),
  'bit-string-list/credential-status-revoked-blank-nodes.json': no('status', 'REVOKED'),
  'endorsement-err-schema-status-refresh.json': no('status', 'UNSUPPORTED_STATUS_METHOD'),
  'sd/derivedcredential.json': no('proof', 'UNSUPPORTED_CRYPTOSUITE'),
}

function failure(result: VerificationResult): string {
  return result.checks
    .filter((c) => !c.ok)
    .map((c) => `${c.id}:${c.code}: ${c.message}`)
    .join('\n')
}

test('the table covers every credential file of the folder', () => {
  const credentials = files(OB30).filter((f) => f !== 'bit-string-list/testlist')
  assert.equal(credentials.sort(), Object.keys(EXPECTED).sort())
})

for (const [file, verdict] of Object.entries(EXPECTED)) {
  const title = verdict.verified ? 'verified' : `not verified: ${verdict.failing?.join(' ')}`
  test(`${file}: ${title}`, async () => {
    const result = await verifier.verifyCredential(readFileSync(OB30 + file), { now: NOW })
    assert.is(result.verified, verdict.verified, failure(result))
    if (verdict.failing !== undefined) {
      const [id, code] = verdict.failing
      const found = result.checks.find((c) => c.id === id)
      assert.is(found?.code, code, failure(result))
    }
    for (const warning of verdict.warns ?? []) {
      assert.ok(
        result.warnings.some((w) => w.code === warning),
        `${warning} missing`,
      )
    }
  })
}

test("the JWT baked badges: their signature holds, only the key is not the issuer's", async () => {
  for (const file of ['simple-jwt.png', 'simple-jwt.svg']) {
    const result = await verifier.verifyCredential(readFileSync(OB30 + file), { now: NOW })
    assert.ok(result.checks.find((c) => c.id === 'proof')?.ok, failure(result))
    assert.is(result.format, file.endsWith('.png') ? 'png' : 'svg')
  }
})

test("1EdTech's status list credential verifies as a status list", async () => {
  const result = await verifier.verifyStatusListCredential(readFileSync(`${OB30}bit-string-list/testlist`), {
    now: NOW,
  })
  assert.ok(result.verified, failure(result))
})

test('without the controller documents, nothing verifies: a clear "cannot dereference", offline or not', async () => {
  const offline = new Verifier({ offline: true })
  const result = await offline.verifyCredential(readFileSync(`${OB30}simple.json`), { now: NOW })
  assert.not.ok(result.verified)
  assert.is(result.checks.find((c) => c.id === 'proof')?.code, 'CANNOT_DEREFERENCE')
  const unreachable = new Verifier({
    fetch: { fetch: async () => Promise.reject(new TypeError('network down')) },
  })
  const again = await unreachable.verifyCredential(readFileSync(`${OB30}simple.json`), { now: NOW })
  assert.is(again.checks.find((c) => c.id === 'proof')?.code, 'CANNOT_DEREFERENCE')
  // one message for any failed connection, whatever the fetch said: no error tells an open port from a closed one
  assert.match(again.checks.find((c) => c.id === 'proof')?.message ?? '', /could not be fetched/)
})

test('the revoked credential without its list: status could not be checked, never "not revoked"', async () => {
  const withoutList = new Verifier({ documents: controllerDocuments(), offline: true })
  const result = await withoutList.verifyCredential(
    readFileSync(`${OB30}bit-string-list/credential-status-revoked.json`),
    { now: NOW },
  )
  assert.not.ok(result.verified)
  const status = result.checks.find((c) => c.id === 'status')
  assert.is(status?.code, 'STATUS_RETRIEVAL_ERROR')
  assert.match(status?.message ?? '', /status could not be checked/)
})

test.run()
