// `tessera serve` loads only what serving needs: it signs with the store's key read by
// @tessera/veramo/signer, so neither typeorm nor Veramo's data store and agent load in its process (they
// took about 2 s of its start); nor the spreadsheet reader, the QR code library or the PostgreSQL driver. Each process's loaded modules are traced by a module hook
// (fixtures/trace-loads.mjs); `tessera key list`, which opens the agent, shows that the trace sees them.
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { initIssuer } from '@tessera/issuer/node'
import { test } from 'uvu'
import * as assert from 'uvu/assert'

const BIN = fileURLToPath(new URL('../../cli/src/bin.ts', import.meta.url))
const TRACE = fileURLToPath(new URL('./fixtures/trace-loads.mjs', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'tessera-serve-loads-'))
const store = join(dir, 'store')
const children: ChildProcess[] = []

/** The agent's libraries, as their files' paths name them. */
const AGENT_LIBRARIES = ['/typeorm/', '/@veramo/data-store/', '/@veramo/core/', '/@veramo/did-manager/']
/**
 * Libraries serving on SQLite does not need before it listens: the workbook reader (and its unzipping),
 * the QR code drawer (loaded with the first code an admin asks for), the PostgreSQL driver (loaded when
 * DATABASE_URL is set).
 */
const NOT_FOR_SERVING = ['/read-excel-file/', '/unzipper-esm/', '/qrcode/', '/pngjs/', '/pg/', '/pg-pool/']

/** Starts `tessera <args>` with its loads traced into `out`. */
function traced(out: string, args: string[]): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', '--import', TRACE, BIN, ...args], {
    env: { ...process.env, DATABASE_URL: '', TRACE_LOADS: out },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.push(child)
  return child
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((done) => {
    if (child.exitCode !== null) done(child.exitCode)
    else child.once('exit', (code) => done(code))
  })
}

function loadedFrom(out: string, libraries: string[]): string[] {
  const urls = readFileSync(out, 'utf8').split('\n')
  return libraries.filter((library) => urls.some((url) => url.includes(library)))
}

test.before(async () => {
  await initIssuer(store, { did: 'key', statusBaseUrl: 'https://guild.example/status' }, {})
})

test.after(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL')
  rmSync(dir, { recursive: true, force: true })
})

test('tessera serve answers its metadata without loading typeorm, the Veramo agent, sheets, QR codes or pg', async () => {
  const out = join(dir, 'serve.txt')
  const serve = traced(out, ['serve', '--store', store, '--port', '0'])
  let printed = ''
  const address = await new Promise<string>((found, failed) => {
    serve.stdout?.setEncoding('utf8').on('data', (data: string) => {
      printed += data
      const match = /listening on (http:\/\/\S+)/.exec(printed)
      if (match?.[1] !== undefined) found(match[1])
    })
    serve.once('exit', (code) => failed(new Error(`tessera serve exited ${code}: ${printed}`)))
  })
  const metadata = await fetch(`${address}/.well-known/openid-credential-issuer`)
  assert.is(metadata.status, 200)
  const body = (await metadata.json()) as { credential_issuer: string }
  assert.is(body.credential_issuer, address)
  serve.kill('SIGTERM')
  assert.is(await exited(serve), 0)
  assert.equal(loadedFrom(out, AGENT_LIBRARIES), [])
  assert.equal(loadedFrom(out, NOT_FOR_SERVING), [])
  // It did trace the libraries it serves with.
  assert.equal(loadedFrom(out, ['/hono/', '/better-sqlite3/']), ['/hono/', '/better-sqlite3/'])
})

test('the trace sees the agent where a command opens it (tessera key list)', async () => {
  const out = join(dir, 'key.txt')
  const key = traced(out, ['key', 'list', '--store', store])
  assert.is(await exited(key), 0)
  assert.equal(loadedFrom(out, AGENT_LIBRARIES), AGENT_LIBRARIES)
})

test.run()
