// Issue #15: a store whose keys are sealed with TESSERA_SECRET, opened without it, must not get a new
// secret.key (which could never open those keys): SECRET_REQUIRED, and nothing written. The same when
// secret.key was lost. A store without keys still makes its secret.key on first use.
import { existsSync, mkdtempSync, readdirSync, rmSync, unlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { errorCodeOf } from '@tessera/schema'
import { thrownCodeAsync } from '@tessera/testkit'
import { SecretBox } from '@veramo/kms-local'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { initIssuer, openIssuer } from '../src/node/index.js'
import { openIssuerAgent } from './folder-agent.js'

const NOW = new Date('2026-06-01T00:00:00Z')
const root = mkdtempSync(join(tmpdir(), 'tessera-secret-'))
const statusBaseUrl = 'https://guild.example/status'

test('sealed with TESSERA_SECRET, opened without it: SECRET_REQUIRED, and no secret.key is made', async () => {
  const dir = join(root, 'external')
  const env = { TESSERA_SECRET: await SecretBox.createSecretKey() }
  await initIssuer(dir, { statusBaseUrl }, env)
  const files = readdirSync(dir).sort()
  assert.not.ok(files.includes('secret.key'))
  assert.is(await thrownCodeAsync(() => openIssuer(dir, {}, { clock: () => NOW })), 'SECRET_REQUIRED')
  assert.is(await thrownCodeAsync(() => openIssuerAgent(dir, { TESSERA_SECRET: '' })), 'SECRET_REQUIRED')
  assert.not.ok(existsSync(join(dir, 'secret.key')), 'no secret.key made')
  assert.equal(readdirSync(dir).sort(), files, 'nothing else written either')
  // With the secret it opens, and signs.
  const opened = await openIssuer(dir, env, { clock: () => NOW })
  await opened.close()
})

test('secret.key lost: SECRET_REQUIRED, not a new secret that opens nothing', async () => {
  const dir = join(root, 'lost')
  await initIssuer(dir, { statusBaseUrl }, {})
  unlinkSync(join(dir, 'secret.key'))
  const error = await openIssuer(dir, {}, { clock: () => NOW }).catch((e: unknown) => e as Error)
  assert.is(errorCodeOf(error), 'SECRET_REQUIRED')
  assert.match((error as Error).message, /TESSERA_SECRET/)
  assert.not.ok(existsSync(join(dir, 'secret.key')))
})

test('a new store without keys makes its secret.key', async () => {
  const dir = join(root, 'new')
  await (await openIssuerAgent(dir, {})).close()
  assert.ok(existsSync(join(dir, 'secret.key')))
})

test.after(() => rmSync(root, { recursive: true, force: true }))

test.run()
