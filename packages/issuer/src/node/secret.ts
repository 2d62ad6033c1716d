/**
 * The secret that seals a store folder's private keys: `TESSERA_SECRET`, or `<dir>/secret.key`, made on
 * first use (mode 0600). It is never printed, logged or put in an error.
 */
import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fail } from '../errors.js'

export const SECRET_FILE = 'secret.key'

/**
 * The folder's secret. A store that holds sealed keys already (`create` false) gets no new secret, which
 * could not open them, but SECRET_REQUIRED; a secret that is not 64 hexadecimal characters is INVALID_SECRET.
 */
export function loadSecret(
  dir: string,
  env: Record<string, string | undefined>,
  { create }: { create: boolean },
): string {
  const given = env.TESSERA_SECRET
  const file = join(dir, SECRET_FILE)
  let secret: string
  if (given !== undefined && given !== '') secret = given.trim()
  else if (existsSync(file)) secret = readFileSync(file, 'utf8').trim()
  else if (!create)
    fail(
      'SECRET_REQUIRED',
      `the keys of ${dir} are sealed with a secret that is not here: set TESSERA_SECRET to the secret the store was made with, or put its secret.key back from the backup (a new secret would not open them)`,
    )
  else {
    // 32 random bytes in hex: what Veramo's SecretBox takes (its createSecretKey makes the same)
    secret = randomBytes(32).toString('hex')
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' })
  }
  if (!/^[0-9a-fA-F]{64}$/.test(secret))
    fail('INVALID_SECRET', `the secret (${given ? 'TESSERA_SECRET' : file}) is not 64 hexadecimal characters`)
  return secret
}
