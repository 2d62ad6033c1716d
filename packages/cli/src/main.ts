/**
 * The `tessera` command: a thin shell over the libraries. Exit codes: 0 success, 1 the input was read
 * and judged negatively (an invalid credential), 2 the input or the command could not be used.
 * Each command's module is imported only when that command runs, so `--help`, a usage error or a quick
 * `validate` never load the issuer's database, Veramo or the JSON-LD stack; `--help` loads no library at
 * all (@tessera/schema, which escapes what is printed of the input, comes with the first error).
 */

import { EXIT, type Io } from './io.js'
import { COMMAND_USAGE, type CommandName, isCommandName, USAGE } from './usage.js'

export type { CliErrorCode } from './errors.js'
export { EXIT, type Io } from './io.js'

type Command = (args: string[], io: Io) => Promise<number>

const COMMANDS: Record<CommandName, () => Promise<Command>> = {
  validate: async () => (await import('./validate.js')).validateCommand,
  verify: async () => (await import('./verify.js')).verifyCommand,
  status: async () => (await import('./status.js')).statusCommand,
  init: async () => (await import('./store-commands.js')).initCommand,
  issue: async () => (await import('./issue.js')).issueCommand,
  revoke: async () => (await import('./store-commands.js')).lifecycleCommand('revoke'),
  suspend: async () => (await import('./store-commands.js')).lifecycleCommand('suspend'),
  reinstate: async () => (await import('./store-commands.js')).lifecycleCommand('reinstate'),
  renew: async () => (await import('./store-commands.js')).renewCommand,
  clr: async () => (await import('./clr.js')).clrCommand,
  publish: async () => (await import('./store-commands.js')).publishCommand,
  expiring: async () => (await import('./expiring.js')).expiringCommand,
  remind: async () => (await import('./remind.js')).remindCommand,
  ledger: async () => (await import('./store-commands.js')).ledgerCommand,
  key: async () => (await import('./key.js')).keyCommand,
  serve: async () => (await import('./serve.js')).serveCommand,
  offer: async () => (await import('./offer.js')).offerCommand,
  certificate: async () => (await import('./certificate.js')).certificateCommand,
  token: async () => (await import('./token.js')).tokenCommand,
  report: async () => (await import('./report.js')).reportCommand,
  award: async () => (await import('./award.js')).awardCommand,
  progress: async () => (await import('./award.js')).progressCommand,
  referral: async () => (await import('./award.js')).referralCommand,
}

const HELP = new Set(['--help', '-h'])

/** Options before a `--` ask for help. */
const asksForHelp = (args: string[]) => {
  const end = args.indexOf('--')
  return (end === -1 ? args : args.slice(0, end)).some((arg) => HELP.has(arg))
}

/** @tessera/schema, loaded when an error is to be printed (its escaping, its error codes). */
const schema = () => import('@tessera/schema')

/** A multi-line message, each line escaped for the terminal. */
const printableLines = async (text: string) =>
  text
    .split('\n')
    .map((await schema()).terminalText)
    .join('\n')

/** Runs one command line and returns its exit code; never throws. */
export async function main(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv
  if (name !== undefined && (HELP.has(name) || name === 'help')) {
    const topic = rest[0]
    io.stdout(topic !== undefined && isCommandName(topic) ? COMMAND_USAGE[topic] : USAGE)
    return EXIT.ok
  }
  if (name === undefined || !isCommandName(name)) {
    io.stderr(
      name === undefined
        ? USAGE
        : `tessera: unknown command ${(await schema()).terminalText(name)}\n\n${USAGE}`,
    )
    return EXIT.unusable
  }
  if (asksForHelp(rest)) {
    io.stdout(COMMAND_USAGE[name])
    return EXIT.ok
  }
  try {
    const command = await COMMANDS[name]()
    return await command(rest, io)
  } catch (error) {
    const code = error instanceof Error ? (await schema()).errorCodeOf(error) : undefined
    const message = await printableLines(error instanceof Error ? error.message : String(error))
    if (code === 'USAGE' || code?.startsWith('ERR_PARSE_ARGS'))
      io.stderr(`tessera ${name}: USAGE: ${message}\n\n${COMMAND_USAGE[name]}`)
    else if (code !== undefined) io.stderr(`tessera ${name}: ${code}: ${message}\n`)
    else io.stderr(`tessera ${name}: unexpected error: ${message}\n`)
    return EXIT.unusable
  }
}
