// The issuer tests' view of a store folder's keys and ledger opened together (what `openIssuer` opens
// before it makes the `Issuer`): the folder's Veramo agent (@tessera/veramo) with the store beside it.
import type { IssuerAgent } from '@tessera/veramo'
import { type Env, openFolder } from '../src/node/folder.js'
import type { IssuerStore } from '../src/store.js'

/** The name the folder's agent gives the Tessera KMS. */
export const KMS_NAME = 'tessera'

export type FolderAgent = IssuerAgent & { store: IssuerStore }

/** Opens the folder at `dir` (created when missing) as `openIssuer` does, without a profile. */
export async function openIssuerAgent(dir: string, env: Env): Promise<FolderAgent> {
  const folder = await openFolder(dir, env)
  return {
    ...folder.agent,
    store: folder.store,
    close: folder.close,
  }
}
