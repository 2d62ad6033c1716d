// The README's main job, run as an association runs it, in a temporary folder: every output checked
// (credentials verify, baked images unbake to the same credential, the certificate PDF has the member's
// name and a QR code of the verification URL, the emails parse), then a re-run, a revocation, --verify.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseJsonObject } from '@tessera/schema'
import { extractFromPng, extractFromSvg, Verifier } from '@tessera/verifier'
import jsqr from 'jsqr'
import { simpleParser } from 'mailparser'
import { PDFDocument } from 'pdf-lib'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { readFragment } from '../../verify-page/src/input.js'
import { images, pageText } from './pdf.js'

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url))
const OUT = mkdtempSync(join(tmpdir(), 'tessera-association-'))
const STATUS_URL = 'https://bookbinders.example/status'

function example(...args: string[]): { code: number | null; out: string; err: string } {
  const run = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), MAIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ASSOCIATION_OUT: OUT, SMTP_URL: '' },
  })
  return { code: run.status, out: run.stdout, err: run.stderr }
}

const files = (folder: string) => readdirSync(join(OUT, folder)).sort()
const read = (folder: string, name: string) => readFileSync(join(OUT, folder, name))

function publishedVerifier(): Verifier {
  const documents = new Map<string, unknown>()
  for (const name of files('publish/status'))
    documents.set(`${STATUS_URL}/${name}`, parseJsonObject(read('publish/status', name).toString()))
  return new Verifier({ documents, offline: true })
}

test('first run: every award issued both ways; the bad rows refused with line and reason', () => {
  const { code, out, err } = example()
  assert.is(code, 0, err)
  assert.match(out, /58 members issued, 3 rows refused/)
  assert.match(out, /membership-2026 +58 \(Data Integrity and VC-JWT\)/)
  assert.match(out, /refused: line 18 \(M-0017\): no email/)
  assert.match(out, /refused: line 30 \(M-0029\): join date "2025-02-30" is not a date/)
  assert.match(out, /refused: line 56 \(M-0050\): member id M-0050 is already on line 51/)
  assert.match(out, /memberships expiring in the next 60 days: \d+/)
  const credentials = files('credentials')
  assert.is(credentials.filter((f) => f.endsWith('.json')).length, credentials.length / 2)
  assert.ok(credentials.every((f) => !f.includes('M-0017') && !f.includes('M-0029')))
  assert.not.ok(credentials.some((f) => f.endsWith('.tmp')))
})

test('every credential verifies against the published status list; no email in clear', async () => {
  const verifier = publishedVerifier()
  for (const name of files('credentials')) {
    const text = read('credentials', name).toString().trim()
    assert.not.match(text, /@example\.org/)
    const result = await verifier.verifyCredential(name.endsWith('.jwt') ? text : parseJsonObject(text))
    assert.ok(result.verified, `${name}: ${JSON.stringify(result.checks.filter((c) => !c.ok))}`)
  }
})

test('baked badges: the PNG and the SVG unbake to the credential issued', () => {
  const badges = files('badges')
  assert.is(badges.length, files('credentials').length)
  for (const name of badges.filter((b) => b.startsWith('M-0001-'))) {
    const jwt = read('credentials', name.replace(/\.(png|svg)$/, '.jwt'))
      .toString()
      .trim()
    const baked = read('badges', name)
    const found = name.endsWith('.png') ? extractFromPng(baked) : extractFromSvg(baked.toString())
    assert.is(found, jwt, name)
  }
})

test('certificates: one page with the member name and a QR code that opens the verification page', async () => {
  const [pdfName] = files('certificates')
  assert.ok(pdfName)
  const pdf = new Uint8Array(read('certificates', pdfName as string))
  assert.is((await PDFDocument.load(pdf)).getPageCount(), 1)
  const memberId = (pdfName as string).slice(0, 'M-0000'.length)
  const csv = readFileSync(fileURLToPath(new URL('../data/members.csv', import.meta.url)), 'utf8')
  const name = csv
    .split('\n')
    .find((l) => l.startsWith(`${memberId},`))
    ?.split(',')[1] as string
  const [text = ''] = await pageText(pdf)
  assert.ok(text.includes(name), `${name} not in ${text}`)
  const jwt = read('credentials', (pdfName as string).replace('.pdf', '.jwt'))
    .toString()
    .trim()
  const decoded = (await images(pdf))
    .map((image) => jsqr.default(image.rgba, image.width, image.height)?.data)
    .find((data) => data !== undefined)
  assert.is(decoded, `https://bookbinders.example/verify/#${jwt}`)
  assert.equal(readFragment(new URL(decoded as string).hash), { kind: 'jwt', text: jwt })
})

test('share links and mail: LinkedIn and verification links; one .eml per member that parses', async () => {
  const links = JSON.parse(read('links', 'M-0001-membership-2026.json').toString()) as Record<string, string>
  assert.match(
    links.linkedInAddToProfile ?? '',
    /^https:\/\/www\.linkedin\.com\/profile\/add\?startTask=CERTIFICATION_NAME/,
  )
  assert.match(links.verify ?? '', /^https:\/\/bookbinders\.example\/verify\/#ey/)
  assert.is(files('mail').length, 58)
  const mail = await simpleParser(read('mail', 'M-0001.eml'))
  assert.is(mail.to && !Array.isArray(mail.to) ? mail.to.value[0]?.address : '', 'ada.lovelace@example.org')
  assert.ok(mail.attachments.some((a) => a.filename === 'M-0001-membership-2026.png'))
  assert.ok(mail.text?.includes(links.verify ?? 'missing'))
})

test('a re-run issues nothing twice; --revoke and --verify report the revoked ones as revoked', () => {
  const before = files('credentials')
  const again = example()
  assert.is(again.code, 0, again.err)
  assert.equal(files('credentials'), before)
  const revoked = example('--revoke', 'M-0001')
  assert.is(revoked.code, 0, revoked.err)
  assert.match(revoked.out, /revoked 2 membership credential\(s\) of M-0001/)
  // as `pnpm example -- --verify` runs it: pnpm passes the `--` on
  const verified = example('--', '--verify')
  assert.is(verified.code, 0, verified.err)
  assert.match(verified.out, /M-0001-membership-2026\.json: revoked/)
  assert.match(verified.out, /M-0001-membership-2026\.jwt: revoked/)
  assert.match(verified.out, /revoked: 2\n/)
  assert.match(verified.out, new RegExp(`verified: ${before.length - 2}\\n`))
})

test('--renew: next term memberships for those in good standing, not for the one who left', async () => {
  const renewed = example('--renew')
  assert.is(renewed.code, 0, renewed.err)
  assert.match(renewed.out, /renewed 114 membership credential\(s\) for 2027/)
  assert.ok(files('credentials').includes('M-0002-membership-2027.jwt'))
  assert.not.ok(files('credentials').includes('M-0001-membership-2027.jwt'))
  // its badge holds the renewed credential; the renewal email carries that badge
  const jwt = read('credentials', 'M-0002-membership-2027.jwt').toString().trim()
  assert.is(extractFromPng(read('badges', 'M-0002-membership-2027.png')), jwt)
  const mail = await simpleParser(read('mail', 'M-0002-membership-2027.eml'))
  assert.ok(mail.attachments.some((a) => a.filename === 'M-0002-membership-2027.png'))
  assert.match(mail.text ?? '', /2027/)
  assert.not.ok(files('mail').includes('M-0001-membership-2027.eml'))
  // a second run renews nothing again and renews no renewal
  const again = example('--renew')
  assert.is(again.code, 0, again.err)
  assert.match(again.out, /renewed 0 membership credential\(s\) for 2027/)
})

test.after(() => rmSync(OUT, { recursive: true, force: true }))

test.run()
