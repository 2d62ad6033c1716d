/** What the issuer's commands share: opening the store folder's issuer, key types, refusing a bad command line. */
import { resolve } from 'node:path'
import { type OpenedIssuer, openIssuer } from '@tessera/issuer/node'
import type { TesseraKeyType } from '@tessera/veramo'
import { fail } from './errors.js'
import type { Io } from './io.js'

/** Refuses a command line that cannot be used (USAGE). */
export function usage(message: string): never {
  return fail('USAGE', message)
}

const KEY_TYPES: Record<string, TesseraKeyType> = { ed25519: 'Ed25519', 'p-256': 'Secp256r1', rsa: 'RSA' }

/** The key type a `--key-type` option names. */
export function keyTypeOf(option: string): TesseraKeyType {
  const keyType = KEY_TYPES[option.toLowerCase()]
  if (keyType === undefined) usage(`--key-type is ed25519, p-256 or rsa, not ${option}`)
  return keyType
}

export async function withIssuer<T>(
  store: string,
  io: Io,
  work: (opened: OpenedIssuer) => Promise<T>,
): Promise<T> {
  const opened = await openIssuer(resolve(io.cwd, store), process.env, { clock: io.now })
  try {
    return await work(opened)
  } finally {
    await opened.close()
  }
}
