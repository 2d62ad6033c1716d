// Hostile status entries and status lists, through the whole verifier: every one leaves the credential
// unverified with the status check's code, never "not revoked".
import { type JsonObject, parseCredential } from '@tessera/schema'
import { decodeList, parseIndex, parseStatusEntry } from '@tessera/status'
import { Verifier } from '@tessera/verifier'
import * as assert from 'uvu/assert'
import {
  badge,
  edIssuer,
  encodedBytes,
  type JwtIssuer,
  LIST_URL,
  NOW,
  signedList,
  statusEntry,
  strangerEdIssuer,
} from './fixtures.js'
import { type Case, codeOf, expectFailure, family } from './harness.js'

let issuer: JwtIssuer
let stranger: JwtIssuer
/** Published lists by name: VC-JWTs (what an issuer may publish), or objects for the unsigned one. */
const lists = new Map<string, JsonObject | string>()
/** 64 MiB of zeros, GZIP'd to about 64 KiB (made in setup: compressing it takes a while). */
let bomb = ''

/**
 * A VC-JWT of the issuer carrying `status` (so that status is the only check to fail). JWTs, not Data
 * Integrity: a hostile entry must reach the verifier even where JSON-LD would refuse to sign it.
 */
function credentialWith(status: unknown): Promise<string> {
  return issuer.signCredential(badge(issuer.did, { credentialStatus: status }))
}

/** Verifies a credential with `entry` against the list named `list` (none: the list is unreachable). */
async function statusOf(entry: unknown, list?: string) {
  const documents = new Map<string, unknown>()
  const published = list === undefined ? undefined : lists.get(list)
  if (list !== undefined && published === undefined) throw new Error(`no list ${list}`)
  if (published !== undefined) documents.set(LIST_URL, published)
  const verifier = new Verifier({ documents, offline: true })
  return verifier.verifyCredential(await credentialWith(entry), { now: NOW })
}

const statusCase = (name: string, entry: () => unknown, list: string | undefined, code: string): Case => ({
  name,
  run: async () => {
    expectFailure(await statusOf(entry(), list), 'status', code)
  },
})

const indexCase = (name: string, index: unknown, code = 'MALFORMED_VALUE_ERROR'): Case =>
  statusCase(`index ${name}`, () => statusEntry(index), 'good', code)

const cases: Case[] = [
  statusCase('a list GZIP-expanding to 64 MiB', () => statusEntry('7'), 'bomb', 'STATUS_LIST_LENGTH_ERROR'),
  statusCase(
    'a list of 131,064 entries (below the minimum)',
    () => statusEntry('7'),
    'short',
    'STATUS_LIST_LENGTH_ERROR',
  ),
  statusCase('an empty list', () => statusEntry('0'), 'empty', 'STATUS_LIST_LENGTH_ERROR'),
  indexCase('131,072 (one past the end)', '131072', 'RANGE_ERROR'),
  indexCase('2^31 (far past the end)', '2147483648', 'RANGE_ERROR'),
  indexCase('"-1"', '-1'),
  indexCase('-1 (a number)', -1),
  indexCase('"1e3"', '1e3'),
  indexCase('1e21 (a number past safe integers)', 1e21),
  indexCase('"abc"', 'abc'),
  indexCase('"0x10"', '0x10'),
  indexCase('" 7" (padded)', ' 7'),
  indexCase('"007" (leading zeros)', '007'),
  indexCase('1.5', 1.5),
  indexCase('"7.0"', '7.0'),
  indexCase('a 30-digit number', '123456789012345678901234567890'),
  indexCase('2^53 + 1 (past safe integers)', '9007199254740993'),
  indexCase('null', null),
  indexCase('an array', ['7']),
  indexCase('an object', { '@value': '7' }),
  statusCase(
    'a list naming and signed by another issuer',
    () => statusEntry('7'),
    'foreign',
    'STATUS_VERIFICATION_ERROR',
  ),
  statusCase(
    "a list naming the credential's issuer, signed by another",
    () => statusEntry('7'),
    'impostor',
    'STATUS_VERIFICATION_ERROR',
  ),
  statusCase('an expired list', () => statusEntry('7'), 'expired', 'STATUS_VERIFICATION_ERROR'),
  statusCase('a list not valid yet', () => statusEntry('7'), 'future', 'STATUS_VERIFICATION_ERROR'),
  statusCase(
    'a list changed after signing (all bits cleared)',
    () => statusEntry('7'),
    'tampered',
    'STATUS_VERIFICATION_ERROR',
  ),
  statusCase('a list without a proof', () => statusEntry('7'), 'unsigned', 'STATUS_VERIFICATION_ERROR'),
  statusCase(
    'a StatusList2021 list for a Bitstring entry',
    () => statusEntry('7'),
    'sl2021',
    'STATUS_VERIFICATION_ERROR',
  ),
  statusCase(
    'a suspension list for a revocation entry',
    () => statusEntry('7'),
    'suspension',
    'STATUS_VERIFICATION_ERROR',
  ),
  statusCase('a revoked credential', () => statusEntry('7'), 'revoked7', 'REVOKED'),
  statusCase(
    'a revocation entry naming a 1EdTech list (unsupported)',
    () => ({ id: `${LIST_URL}#7`, type: '1EdTechRevocationList' }),
    'good',
    'UNSUPPORTED_STATUS_METHOD',
  ),
  statusCase(
    'statusSize 9',
    () => statusEntry('7', LIST_URL, { statusSize: 9 }),
    'good',
    'MALFORMED_VALUE_ERROR',
  ),
  statusCase(
    'statusSize 2 without messages',
    () => statusEntry('7', LIST_URL, { statusSize: 2 }),
    'good',
    'MALFORMED_VALUE_ERROR',
  ),
  statusCase(
    'statusPurpose "none"',
    () => statusEntry('7', LIST_URL, { statusPurpose: 'none' }),
    'good',
    'MALFORMED_VALUE_ERROR',
  ),
  statusCase(
    'a statusListCredential that is no URL',
    () => statusEntry('7', 'not a url'),
    undefined,
    'MALFORMED_VALUE_ERROR',
  ),
  statusCase(
    'an unreachable list (offline, not given)',
    () => statusEntry('7'),
    undefined,
    'STATUS_RETRIEVAL_ERROR',
  ),
  statusCase(
    'encodedList in base64 (+ and /), not base64url',
    () => statusEntry('7'),
    'base64',
    'MALFORMED_VALUE_ERROR',
  ),
  statusCase(
    'encodedList without the multibase "u"',
    () => statusEntry('7'),
    'noprefix',
    'MALFORMED_VALUE_ERROR',
  ),
  statusCase('encodedList that is not GZIP', () => statusEntry('7'), 'notgzip', 'MALFORMED_VALUE_ERROR'),
  statusCase('encodedList GZIP cut short', () => statusEntry('7'), 'truncated', 'MALFORMED_VALUE_ERROR'),
  {
    name: 'one good entry and one broken: the broken one decides',
    run: async () => {
      const result = await statusOf([statusEntry('7'), statusEntry('-7')], 'good')
      expectFailure(result, 'status', 'MALFORMED_VALUE_ERROR')
    },
  },
  {
    name: 'decodeList: a 64 MiB bomb as StatusList2021, directly',
    run: async () => {
      assert.is(await codeOf(() => decodeList(bomb, { type: 'StatusList2021' })), 'STATUS_LIST_LENGTH_ERROR')
    },
  },
  {
    name: 'parseIndex and parseStatusEntry on an index of Infinity',
    run: async () => {
      assert.is(await codeOf(() => parseIndex(Number.POSITIVE_INFINITY)), 'MALFORMED_VALUE_ERROR')
      assert.is(
        await codeOf(() =>
          parseStatusEntry(JSON.parse(JSON.stringify(statusEntry('x')).replace('"x"', '1e400'))),
        ),
        'MALFORMED_VALUE_ERROR',
      )
    },
  },
]

family('adversarial: status lists', cases, {
  setup: async () => {
    ;[issuer, stranger] = await Promise.all([edIssuer(), strangerEdIssuer()])
    bomb = encodedBytes(new Uint8Array(64 * 1024 * 1024), 'StatusList2021')
    const list = (options: Parameters<typeof signedList>[0] = {}) =>
      signedList({ signer: issuer, ...options })
    const good = await list()
    const credentialOf = (token: JsonObject | string) =>
      typeof token === 'string' ? parseCredential(token).credential : token
    const encoded = (credentialOf(good).credentialSubject as JsonObject).encodedList as string
    const noisy = encodedBytes(crypto.getRandomValues(new Uint8Array(16_384)))
    const made: [string, Promise<JsonObject | string> | JsonObject | string][] = [
      ['good', good],
      ['bomb', list({ encodedList: `u${bomb}` })],
      ['short', list({ encodedList: encodedBytes(new Uint8Array(16_383)) })],
      ['empty', list({ encodedList: encodedBytes(new Uint8Array(0)) })],
      ['foreign', signedList({ signer: stranger })],
      ['impostor', signedList({ signer: stranger, issuer: issuer.did })],
      ['expired', list({ validUntil: '2026-03-01T00:00:00Z' })],
      ['future', list({ validFrom: '2026-12-01T00:00:00Z' })],
      ['sl2021', list({ type: 'StatusList2021' })],
      ['suspension', list({ purpose: 'suspension' })],
      ['revoked7', list({ revoked: [7] })],
      ['base64', list({ encodedList: `u${noisy.slice(1).replaceAll('-', '+').replaceAll('_', '/')}` })],
      ['noprefix', list({ encodedList: encoded.slice(1) })],
      [
        'notgzip',
        list({ encodedList: `u${Buffer.from('not gzip at all, just text').toString('base64url')}` }),
      ],
      ['truncated', list({ encodedList: encoded.slice(0, Math.floor(encoded.length / 2)) })],
    ]
    for (const [name, made_] of made) lists.set(name, await made_)
    // the token of a revoked list, its payload swapped for the good list's: the signature no longer holds
    const revoked = (await list({ revoked: [1] })) as string
    const [header, , signature] = revoked.split('.')
    lists.set('tampered', `${header}.${(good as string).split('.')[1]}.${signature}`)
    lists.set('unsigned', credentialOf(good))
    const control = await statusOf(statusEntry('7'), 'good')
    assert.ok(control.verified, JSON.stringify(control.checks))
  },
})
