// The main job at 30 June 2031, 23:59: every date follows the clock (the term, the conference, the
// certification's three years, the mail's Date), and the disk fills up half-way through the files: the run
// ends with OUTPUT_FULL and the summary so far, leaves nothing half-written, and a re-run finishes the job
// with every member mailed exactly once.
import { existsSync, readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { isTemporaryName, writeFileAtomic } from '@tessera/issuer/node'
import { parseJsonObject } from '@tessera/schema'
import { Verifier } from '@tessera/verifier'
import { simpleParser } from 'mailparser'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import type { WriteFile } from '../src/output.js'
import { communications, filesUnder, runAt, tempFolders } from './run-helpers.js'

const NOW = '2031-06-30T23:59:00Z'
const folders = tempFolders('association-2031')
const read = (path: string) => readFileSync(join(folders.out, path), 'utf8')

/** A disk with room for `LIMIT` more files: the next write fails as a full disk does. */
const LIMIT = 150
let writes = 0
const filling: WriteFile = async (path, data) => {
  if (++writes > LIMIT)
    throw Object.assign(new Error(`ENOSPC: no space left on device, write '${path}'`), {
      code: 'ENOSPC',
      errno: -28,
      syscall: 'write',
    })
  return writeFileAtomic(path, data)
}

test('the disk fills: OUTPUT_FULL with the summary so far, no write after it, nothing half-written', async () => {
  const run = await runAt(NOW, [], { folders, writeFile: filling })
  assert.is(run.code, 1, run.text)
  assert.match(run.text, /term 2031 \(2031-06-30\): 58 members on the spreadsheet, 3 rows refused/)
  assert.match(run.text, /membership-2031 +58 now +0 before/)
  assert.match(run.text, /emails: \d+ sent \(as \.eml files in mail\/\)/)
  assert.match(run.text, /error OUTPUT_FULL: the disk holding \S+ is full \(ENOSPC\)/)
  assert.not.match(run.text, /\n\s+at /, 'no stack trace')
  assert.is(writes, LIMIT + 1, 'the run stops at the first failed write')
  assert.ok(filesUnder(folders.out).every((f) => !isTemporaryName(basename(f))))
})

test('a re-run finishes: every member mailed exactly once, each credential recorded once', async () => {
  const run = await runAt(NOW, [], { folders })
  assert.is(run.code, 0, run.text)
  assert.match(run.text, /membership-2031 +0 now +58 before/)
  const log = await communications(folders.store)
  const messages = new Map<string, Set<string>>()
  for (const row of log)
    messages.set(row.recipient, (messages.get(row.recipient) ?? new Set()).add(row.messageId))
  assert.is(messages.size, 58)
  assert.ok(
    [...messages.values()].every((ids) => ids.size === 1),
    'one message per member',
  )
  assert.ok(log.every((row) => row.state === 'sent'))
  const credentials = filesUnder(folders.out).filter((f) => f.startsWith('credentials/'))
  assert.is(log.length, credentials.length)
  assert.is(new Set(log.map((row) => row.subject)).size, log.length)
  assert.is(filesUnder(folders.out).filter((f) => f.startsWith('mail/')).length, 58)
  // The one published folder (out/site/current, a link to the live release) holds the verify page.
  assert.ok(existsSync(join(folders.out, 'site', 'current', 'verify', 'index.html')))
})

test('every date follows the clock: the 2031 term, its conference, the mail’s Date; all verify then', async () => {
  const membership = parseJsonObject(read('credentials/M-0001-membership-2031.json'))
  assert.is(membership.validFrom, '2031-01-01T00:00:00Z')
  assert.is(membership.validUntil, '2031-12-31T23:59:59Z')
  const conference = parseJsonObject(read('credentials/M-0001-conference-2031.json'))
  assert.match(JSON.stringify(conference.credentialSubject), /Bookbinders’ Conference 2031/)
  const certificate = parseJsonObject(read('credentials/M-0001-certified-practitioner.json'))
  assert.is(certificate.validUntil, '2034-01-01T00:00:00Z')
  const mail = await simpleParser(Buffer.from(read('mail/M-0001-membership-2031.eml')))
  assert.is(mail.date?.toISOString(), '2031-06-30T23:59:00.000Z')
  const documents = new Map([
    [
      'https://bookbinders.example/status/revocation-1.json',
      parseJsonObject(read('site/current/status/revocation-1.json')),
    ],
  ])
  const verifier = new Verifier({ documents, offline: true })
  for (const file of filesUnder(folders.out).filter((f) => f.startsWith('credentials/'))) {
    const text = read(file).trim()
    const result = await verifier.verifyCredential(file.endsWith('.jwt') ? text : parseJsonObject(text), {
      now: new Date(NOW),
    })
    assert.ok(result.verified, `${file}: ${JSON.stringify(result.checks.filter((c) => !c.ok))}`)
  }
})

test.after(() => folders.remove())

test.run()
