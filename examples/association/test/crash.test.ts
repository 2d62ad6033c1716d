// A crash in the middle of sending: `pnpm example` is killed (SIGKILL) while the SMTP server holds the
// second member's message unanswered. The next run sends that message again, whole and under the same
// Message-ID, sends the third member's, and mails the first member nothing: no mail skipped, none doubled
// (the at-least-once case, an acceptance the run never heard of, is the guide's to explain). And a mail
// server that cannot be reached: the run stops trying after the first message, exits 1, and the next run
// sends them all, once.
import { spawn } from 'node:child_process'
import { type AddressInfo, createServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { communications, localSmtp, runAt, sheetFile, THREE_MEMBERS, tempFolders } from './run-helpers.js'

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url))
const NOW = '2027-03-15T10:00:00Z'

test('killed mid-send: the next run sends the unanswered message again (same Message-ID), and the rest', async () => {
  const folders = tempFolders('association-crash')
  const smtp = await localSmtp()
  try {
    const members = sheetFile(folders.root, THREE_MEMBERS)
    const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), MAIN], {
      env: {
        ...process.env,
        ASSOCIATION_OUT: folders.out,
        ASSOCIATION_STORE: folders.store,
        ASSOCIATION_MEMBERS: members,
        ASSOCIATION_NOW: NOW,
        SMTP_URL: smtp.url,
        DATABASE_URL: '',
      },
      stdio: 'ignore',
    })
    let held = ''
    smtp.onMessage = (message) => {
      if (message.to[0] !== 'bea@example.org') return true
      // The second message: never answered; the process dies waiting for the server's reply.
      held = message.messageId
      child.kill('SIGKILL')
      return false
    }
    const signal = await new Promise((resolve) => child.on('exit', (_code, s) => resolve(s)))
    assert.is(signal, 'SIGKILL', 'the run was killed mid-send')
    assert.match(held, /^<[0-9a-f-]{36}@bookbinders\.example>$/)
    assert.equal(
      smtp.received.map((m) => m.to[0]),
      ['ann@example.org'],
    )
    const before = await communications(folders.store)
    assert.ok(before.some((r) => r.recipient === 'A-2' && r.state === 'pending'))
    smtp.onMessage = undefined
    const next = await runAt(NOW, [], { folders, members, env: { SMTP_URL: smtp.url } })
    assert.is(next.code, 0, next.text)
    assert.equal(
      smtp.received.map((m) => m.to[0]),
      ['ann@example.org', 'bea@example.org', 'cy@example.org'],
    )
    assert.is(smtp.received[1]?.messageId, held, 'sent again under the same Message-ID')
    const log = await communications(folders.store)
    assert.ok(log.every((r) => r.state === 'sent'))
    assert.is(new Set(log.map((r) => r.messageId)).size, 3)
  } finally {
    await smtp.close()
    folders.remove()
  }
})

test('the SMTP server is down: one message tried and failed, the rest not tried; the next run sends each once', async () => {
  const folders = tempFolders('association-smtp-down')
  const smtp = await localSmtp()
  const closed = await new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo
      server.close(() => resolve(port))
    })
  })
  try {
    const members = sheetFile(folders.root, THREE_MEMBERS)
    const down = await runAt(NOW, [], { folders, members, env: { SMTP_URL: `smtp://127.0.0.1:${closed}` } })
    assert.is(down.code, 1, down.text)
    assert.match(down.text, /emails: 0 sent \(through SMTP\), 1 failed, 2 not tried, 0 cancelled/)
    assert.match(down.text, /the SMTP server could not be reached \([^)]*\): run again to send the rest/)
    const up = await runAt(NOW, [], { folders, members, env: { SMTP_URL: smtp.url } })
    assert.is(up.code, 0, up.text)
    assert.equal(smtp.received.map((m) => m.to[0]).sort(), [
      'ann@example.org',
      'bea@example.org',
      'cy@example.org',
    ])
    const log = await communications(folders.store)
    assert.ok(log.every((r) => r.state === 'sent'))
    assert.is(log.filter((r) => r.recipient === 'A-1')[0]?.attempts, 2, 'failed once, then sent')
  } finally {
    await smtp.close()
    folders.remove()
  }
})

test.run()
