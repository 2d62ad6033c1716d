// `tessera certificate`: a credential (JSON or VC-JWT) becomes a one-page PDF whose text holds the
// name in any script; a name that cannot be printed is refused with its code and no file is written;
// a command line without what it needs is a usage error.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { run as runIn } from './run.js'

const dir = mkdtempSync(join(tmpdir(), 'tessera-certificate-'))
const run = (...argv: string[]) => runIn(dir, ...argv)

function credential(name?: string) {
  return {
    '@context': [
      'https://www.w3.org/ns/credentials/v2',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
    ],
    id: 'urn:uuid:5f0c3a52-8d1e-4f7b-9c2a-0e6b1d2c3a4b',
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: 'https://guild.example/issuer', type: ['Profile'], name: 'Guild of Bookbinders' },
    validFrom: '2026-03-01T00:00:00Z',
    credentialSubject: {
      type: ['AchievementSubject'],
      ...(name === undefined
        ? { id: 'did:example:member' }
        : {
            identifier: [{ type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: name }],
          }),
      achievement: {
        id: 'https://guild.example/achievements/binder',
        type: ['Achievement'],
        name: 'Master Binder',
        description: 'Bound a book by hand.',
        criteria: { narrative: 'Bind a book.' },
      },
    },
  }
}

const jsonFile = join(dir, 'credential.json')
writeFileSync(jsonFile, JSON.stringify(credential()))
const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
const jwtFile = join(dir, 'credential.jwt')
writeFileSync(jwtFile, `${part({ alg: 'EdDSA' })}.${part(credential('Ελένη Παπαδοπούλου'))}.${part('sig')}\n`)

async function pdfText(file: string): Promise<string> {
  const document = await getDocument({ data: Uint8Array.from(readFileSync(file)), verbosity: 0 }).promise
  const content = await (await document.getPage(1)).getTextContent()
  const text = content.items.map((item) => ('str' in item ? item.str : '')).join('\n')
  await document.destroy()
  return text
}

test('a JSON credential and --name: a PDF whose text holds the name, shaped right to left', async () => {
  const { code, out, err } = await run(
    'certificate',
    jsonFile,
    '--out',
    'arabic.pdf',
    '--name',
    'محمد عبد الله',
    '--verify-url',
    'https://guild.example/verify/',
    '--locale',
    'ar',
  )
  assert.is(code, 0, err)
  assert.match(out, /arabic\.pdf: certificate written \(\d+ KB\)/)
  const text = await pdfText(join(dir, 'arabic.pdf'))
  assert.ok(text.split('\n').includes('محمد عبد الله'), text)
  assert.ok(text.includes('Master Binder'), text)
})

test('a VC-JWT states its name: no --name or --verify-url needed', async () => {
  const { code, err } = await run('certificate', jwtFile, '--out', 'greek.pdf')
  assert.is(code, 0, err)
  assert.ok((await pdfText(join(dir, 'greek.pdf'))).split('\n').includes('Ελένη Παπαδοπούλου'))
})

test('a name no font draws: exit 2, NAME_NOT_RENDERABLE naming the code point, no file', async () => {
  const { code, err } = await run(
    'certificate',
    jsonFile,
    '--out',
    'blank.pdf',
    '--name',
    'Anna \u{13000}',
    '--verify-url',
    'https://guild.example/v',
  )
  assert.is(code, 2)
  assert.match(err, /NAME_NOT_RENDERABLE/)
  assert.match(err, /U\+13000/)
  assert.not.ok(existsSync(join(dir, 'blank.pdf')))
})

test('a name too long for two lines at 14 pt: exit 2, NAME_TOO_LONG', async () => {
  const { code, err } = await run(
    'certificate',
    jsonFile,
    '--out',
    'long.pdf',
    '--name',
    'W'.repeat(300),
    '--verify-url',
    'https://guild.example/v',
  )
  assert.is(code, 2)
  assert.match(err, /NAME_TOO_LONG/)
})

test('usage errors: no --out; a JSON credential whose id is no URL without --verify-url; no name at all', async () => {
  const noOut = await run('certificate', jsonFile, '--name', 'Ada')
  assert.is(noOut.code, 2)
  assert.match(noOut.err, /USAGE: --out/)
  const noUrl = await run('certificate', jsonFile, '--out', 'x.pdf', '--name', 'Ada')
  assert.is(noUrl.code, 2)
  assert.match(noUrl.err, /--verify-url/)
  const noName = await run(
    'certificate',
    jsonFile,
    '--out',
    'x.pdf',
    '--verify-url',
    'https://guild.example/v',
  )
  assert.is(noName.code, 2)
  assert.match(noName.err, /NOT_A_CREDENTIAL/)
  const badLocale = await run('certificate', jwtFile, '--out', 'x.pdf', '--locale', 'no locale')
  assert.match(badLocale.err, /INVALID_LOCALE/)
  assert.not.ok(existsSync(join(dir, 'x.pdf')))
})

test('tessera --help lists the command; its own --help shows its options', async () => {
  assert.match((await run('--help')).out, /certificate <file\|-> --out FILE\.pdf/)
  assert.match((await run('certificate', '--help')).out, /--verify-url URL/)
})

test.run()
