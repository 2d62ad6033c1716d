/** What the issuer's commands share: opening the store folder's issuer, and refusing a bad command line. */
import { resolve } from 'node:path'
import { type OpenedIssuer, openIssuer } from '@tessera/issuer'
import { TesseraError } from '@tessera/schema'
import type { Io } from './io.js'

export type StoreCommandErrorCode = 'USAGE'

export function usage(message: string): never {
  throw new TesseraError<StoreCommandErrorCode>('USAGE', message)
}

export async function withIssuer<T>(
  store: string,
  io: Io,
  work: (opened: OpenedIssuer) => Promise<T>,
): Promise<T> {
  const opened = await openIssuer(resolve(io.cwd, store))
  try {
    return await work(opened)
  } finally {
    await opened.close()
  }
}
