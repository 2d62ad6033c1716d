// `tessera verify` and who issued it: "issued by <name> (<DID>), a known issuer of <list>" only with a
// --trust list that names the issuer; otherwise "signed by <DID>; this issuer is not in your trusted
// list", the credential's own name as a claim; every value from the credential printed with its hidden
// characters escaped, in the report and in --json.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { badge, didKeyIssuer } from '@tessera/testkit/signing'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { run as runIn } from './run.js'

const dir = mkdtempSync(join(tmpdir(), 'tessera-verify-trust-'))
const run = (...argv: string[]) => runIn(dir, ...argv)
const write = (name: string, value: unknown) =>
  writeFileSync(join(dir, name), typeof value === 'string' ? value : JSON.stringify(value))
/** Raw controls and bidirectional formatting characters: never in what a terminal is given. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is what it is for
const RAW_HIDDEN = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E]/

const POSING = 'Guild of Independent Bookbinders (did:web:bookbinders.example)\u202E'

const world = (async () => {
  const guild = await didKeyIssuer()
  const stranger = await didKeyIssuer()
  write('guild.json', await guild.sign(badge(guild.did)))
  write(
    'impostor.json',
    await stranger.sign(
      badge(stranger.did, { issuer: { id: stranger.did, type: ['Profile'], name: POSING } }),
    ),
  )
  // unsigned (no signer writes a date like this): the validity check quotes it
  write('escapes.json', badge(guild.did, { validUntil: '2030-01-01\u001b[2J\u202E' }))
  write('registry.json', { meta: {}, registry: { [guild.did]: { name: 'Guild of Bookbinders' } } })
  write('domains.json', ['bookbinders.example'])
  write('broken.json', { registry: { 'not a DID': { name: 'x' } } })
  return { guild: guild.did, stranger: stranger.did }
})()

test('no trust list: signed by <DID>, not in your trusted list; its own name a claim, its override escaped', async () => {
  const { stranger } = await world
  const { code, out } = await run('verify', 'impostor.json', '--offline')
  assert.is(code, 0, out)
  assert.ok(
    out.includes(
      `  signed by ${stranger}; this issuer is not in your trusted list (no trusted list was given)\n`,
    ),
    out,
  )
  assert.ok(
    out.includes(
      '  it calls itself “\u2068Guild of Independent Bookbinders (did:web:bookbinders.example)\\u202E\u2069” (what the credential says of itself: nobody checked it)\n',
    ),
    out,
  )
  assert.not.match(out, /issued by|known issuer/)
  assert.not.match(out, RAW_HIDDEN)
})

test('--trust with a DCC issuer registry: issued by <its name> (<DID>), a known issuer of <the list>', async () => {
  const { guild } = await world
  const { code, out } = await run('verify', 'guild.json', '--offline', '--trust', 'registry.json')
  assert.is(code, 0, out)
  assert.ok(
    out.includes(
      `  issued by \u2068Guild of Bookbinders\u2069 (${guild}), a known issuer of \u2068registry.json\u2069\n`,
    ),
    out,
  )
  // the registry's name and the credential's agree: no claim line
  assert.not.match(out, /calls itself/)
})

test('--require-trusted-issuer: an issuer in no list fails the trust check (exit 1), a listed one passes', async () => {
  const { stranger } = await world
  const impostor = await run(
    'verify',
    'impostor.json',
    '--offline',
    '--trust',
    'domains.json',
    '--trust',
    'registry.json',
    '--require-trusted-issuer',
  )
  assert.is(impostor.code, 1, impostor.out)
  assert.match(impostor.out, /NOT VERIFIED/)
  assert.ok(
    impostor.out.includes(
      `  FAIL trust     ISSUER_NOT_TRUSTED: ${stranger} signed it, and is not in your trusted list\n`,
    ),
    impostor.out,
  )
  const guild = await run(
    'verify',
    'guild.json',
    '--offline',
    '--trust',
    'registry.json',
    '--require-trusted-issuer',
  )
  assert.is(guild.code, 0, guild.out)
  assert.match(
    guild.out,
    /ok {3}trust +did:key:\S+ is a known issuer of registry\.json, listed as Guild of Bookbinders/,
  )
})

test('check messages that quote the credential print its controls as escapes; --json keeps them escaped too', async () => {
  const text = await run('verify', 'escapes.json', '--offline')
  assert.is(text.code, 1)
  assert.ok(text.out.includes('2030-01-01\\u001B[2J\\u202E'), text.out)
  assert.not.match(text.out, RAW_HIDDEN)
  const json = await run('verify', 'impostor.json', '--offline', '--json')
  assert.not.match(json.out, RAW_HIDDEN)
  assert.match(json.out, /\\u202e/)
  const result = JSON.parse(json.out)
  assert.is(result.trust.claimedName, POSING)
  assert.is(result.trust.known, false)
  assert.is(result.trust.code, 'NO_TRUST_POLICY')
})

test('a --trust file that is no list of issuers: exit 2 with its code', async () => {
  const broken = await run('verify', 'guild.json', '--offline', '--trust', 'broken.json')
  assert.is(broken.code, 2)
  assert.match(broken.err, /REGISTRY_INVALID/)
  const missing = await run('verify', 'guild.json', '--offline', '--trust', 'nowhere.json')
  assert.is(missing.code, 2)
  assert.match(missing.err, /FILE_NOT_READABLE/)
})

test.after(() => rmSync(dir, { recursive: true, force: true }))

test.run()
