/**
 * The `tessera` command: a thin shell over the libraries. Exit codes: 0 success, 1 the input was read
 * and judged negatively (an invalid credential), 2 the input or the command could not be used.
 */
import { isTesseraError } from '@tessera/schema'
import { EXIT, type Io } from './io.js'
import { issueCommand } from './issue.js'
import { keyCommand } from './key.js'
import { statusCommand } from './status.js'
import {
  expiringCommand,
  initCommand,
  ledgerCommand,
  lifecycleCommand,
  publishCommand,
  renewCommand,
} from './store-commands.js'
import { validateCommand } from './validate.js'
import { verifyCommand } from './verify.js'

export { EXIT, type Io } from './io.js'

const USAGE = `usage: tessera <command> [options]

commands:
  validate <file|-> [--json]   check a credential (JSON or compact VC-JWT) against the OB 3.0 schema
  verify <file|-> [--json] [--now ISO-DATE] [--documents map.json] [--offline]
                               verify a credential (JSON, VC-JWT, baked PNG or SVG): proof, issuer, dates, status
  status decode <list-credential file | encodedList> [--index N] [--status-size N] [--json]
                               what a status list holds: type, purpose, length, entries set, one entry

issuing (a store folder holds the issuer's DID, sealed keys, status lists and ledger):
  init --store DIR [--did key | --did web:<domain>] [--key-type ed25519|p-256|rsa] [--status-url URL]
  issue --store DIR --template FILE (--recipients members.csv | --member ID --email E | --did DID) --out DIR
        [--proof eddsa-rdfc-2022 | jwt] [--status bitstring | statuslist2021 | none] [--suspension]
        [--valid-until DATE | --valid-for P1Y] [--term NAME] [--json]
  revoke | suspend | reinstate --store DIR <credential-id>...
  renew --store DIR [--out DIR] (<credential-id>... | --member ID)
  publish --store DIR --out DIR  signed status lists (and did.json for did:web), ready for a static host
  expiring --store DIR [--within 30d] [--json]
  ledger --store DIR [--member ID] [--json]
  key list | rotate [--key-type ed25519|p-256|rsa] | remove <key-N> --store DIR
                               did:web keys: rotate adds the key that signs from now on; remove (after a
                               leak) destroys one, and what it signed stops verifying; then publish
`

type Command = (args: string[], io: Io) => Promise<number>

const COMMANDS: Record<string, Command> = {
  validate: validateCommand,
  verify: verifyCommand,
  status: statusCommand,
  init: initCommand,
  issue: issueCommand,
  revoke: lifecycleCommand('revoke'),
  suspend: lifecycleCommand('suspend'),
  reinstate: lifecycleCommand('reinstate'),
  renew: renewCommand,
  publish: publishCommand,
  expiring: expiringCommand,
  ledger: ledgerCommand,
  key: keyCommand,
}

/** Runs one command line and returns its exit code; never throws. */
export async function main(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv
  const command = name === undefined ? undefined : COMMANDS[name]
  if (command === undefined) {
    io.stderr(
      name === undefined || name === '--help' || name === '-h' ? USAGE : `unknown command ${name}\n${USAGE}`,
    )
    return name === '--help' || name === '-h' ? EXIT.ok : EXIT.unusable
  }
  try {
    return await command(rest, io)
  } catch (error) {
    if (isTesseraError(error)) io.stderr(`tessera ${name}: ${error.code}: ${error.message}\n`)
    else if (isUsageError(error)) io.stderr(`tessera ${name}: ${error.message}\n${USAGE}`)
    else io.stderr(`tessera ${name}: unexpected error: ${String(error)}\n`)
    return EXIT.unusable
  }
}

/** What `node:util` parseArgs throws on an unknown or malformed option. */
function isUsageError(error: unknown): error is Error {
  return error instanceof Error && String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS')
}
