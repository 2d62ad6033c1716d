/**
 * `pnpm example`: the association's run on the process (its clock, environment, terminal). See run.ts
 * for the commands (`-- --remind` sends the membership year's reminders due at the run's clock: see
 * remind.ts), and the README for the environment:
 *
 *   ASSOCIATION_OUT      the output folder (default examples/association/out)
 *   ASSOCIATION_STORE    the store: the association's key and ledger (default examples/association/store)
 *   ASSOCIATION_MEMBERS  the members spreadsheet (default examples/association/data/members.csv)
 *   ASSOCIATION_REFERRAL_CODES  referral codes given out before, member_id,code (default, with the default
 *                        spreadsheet: data/referral-codes.csv, the codes its referred_by column uses)
 *   ASSOCIATION_NOW      run as at that moment (2031-06-30T23:59:00Z), instead of the system clock
 *   SMTP_URL             send the mails through this server; TESSERA_SECRET, DATABASE_URL: the issuer's
 *   ASSOCIATION_WALLET_URL  the wallet service's URL (tessera serve --base-url): the mails say "Add to your
 *                        wallet", with a one-time offer's link and QR code
 */

import { errorCodeOf } from '@tessera/schema'
import { MEMBERS_FILE } from './association.js'
import { clockFrom } from './clock.js'
import { foldersFrom } from './folders.js'
import { REFERRAL_CODES_FILE } from './referral-codes.js'
import { EXIT, type RunSetup, runExample } from './run.js'
import { lineWriter, progressBar } from './terminal.js'

const print = lineWriter(process.stdout)

function setup(): RunSetup {
  const env = process.env
  return {
    clock: clockFrom(env),
    folders: foldersFrom(env),
    members: env.ASSOCIATION_MEMBERS || MEMBERS_FILE,
    ...(env.ASSOCIATION_REFERRAL_CODES
      ? { referralCodes: env.ASSOCIATION_REFERRAL_CODES }
      : env.ASSOCIATION_MEMBERS
        ? {}
        : { referralCodes: REFERRAL_CODES_FILE }),
    env,
    print,
    progress: progressBar(process.stderr),
  }
}

let ready: RunSetup | undefined
try {
  ready = setup()
} catch (error) {
  const code = errorCodeOf(error)
  print(
    `error${code === undefined ? '' : ` ${code}`}: ${error instanceof Error ? error.message : String(error)}`,
  )
  process.exitCode = EXIT.usage
}
if (ready !== undefined) process.exitCode = await runExample(process.argv.slice(2), ready)
