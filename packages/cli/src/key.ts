/**
 * `tessera key list | rotate | remove`: the keys of a did:web issuer. Rotation adds a key that signs
 * from then on (older credentials still verify); removal, after a leak, takes a key out of the DID
 * document and destroys it (what it signed no longer verifies). Both take effect once did.json is
 * published again.
 */
import { parseArgs } from 'node:util'
import { webKeyFragment, webKeysInOrder } from '@tessera/veramo'
import { EXIT, type Io } from './io.js'
import { keyTypeOf, usage, withIssuer } from './store-folder.js'

const USAGE = 'tessera key list | rotate [--key-type ed25519|p-256|rsa] | remove <key-N> --store DIR'

export async function keyCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { store: { type: 'string' }, 'key-type': { type: 'string', default: 'ed25519' } },
    allowPositionals: true,
  })
  const [action, fragment, ...extra] = positionals
  if (values.store === undefined || extra.length > 0) usage(USAGE)
  if (action === 'list' && fragment === undefined) {
    await withIssuer(values.store, io, async ({ identifier }) => {
      const keys = webKeysInOrder(identifier.keys)
      for (const key of keys) {
        const signs = key === keys.at(-1) ? '  (signs)' : ''
        io.stdout(`${identifier.did}#${webKeyFragment(key)}  ${key.type}${signs}\n`)
      }
    })
    return EXIT.ok
  }
  if (action === 'rotate' && fragment === undefined) {
    const keyType = keyTypeOf(values['key-type'])
    const signing = await withIssuer(values.store, io, async ({ agent, identifier }) => {
      const rotated = await agent.rotateKey(identifier, keyType)
      return webKeyFragment(webKeysInOrder(rotated.keys).at(-1) as (typeof rotated.keys)[number])
    })
    io.stdout(`${signing} signs from now on; publish did.json again (tessera publish)\n`)
    return EXIT.ok
  }
  if (action === 'remove' && fragment !== undefined) {
    await withIssuer(values.store, io, ({ agent, identifier }) => agent.removeKey(identifier, fragment))
    io.stdout(
      `removed ${fragment}: what it signed no longer verifies once did.json is published again (tessera publish)\n`,
    )
    return EXIT.ok
  }
  usage(USAGE)
}
