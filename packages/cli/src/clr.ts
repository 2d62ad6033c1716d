/**
 * `tessera clr --store DIR --member ID [--format jwt|di] [--out FILE] [--json]`: the member's Comprehensive
 * Learner Record (CLR 2.0), issued now from the ledger (`Issuer.issueClr`): what it gathers, what it
 * leaves out and why, and the earlier CLR it supersedes (revoked). Run it again to renew the record.
 */
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { writeFileAtomic } from '@tessera/issuer/node'
import { jsonText, terminalText } from '@tessera/schema'
import { EXIT, type Io } from './io.js'
import { usage, withIssuer } from './store-folder.js'

const USAGE = 'tessera clr --store DIR --member ID [--format jwt|di] [--out FILE] [--json]'

const FORMATS = { jwt: 'jwt', di: 'data-integrity', 'data-integrity': 'data-integrity' } as const

export async function clrCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      store: { type: 'string' },
      member: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  })
  if (values.store === undefined || values.member === undefined) usage(USAGE)
  // by default, as the issuer signs: Data Integrity with an Ed25519 key, else VC-JWT
  const format = values.format === undefined ? undefined : FORMATS[values.format as keyof typeof FORMATS]
  if (values.format !== undefined && format === undefined)
    usage(`--format is jwt or di, not ${values.format}`)
  const member = values.member
  const issued = await withIssuer(values.store, io, ({ issuer }) =>
    issuer.issueClr(member, format === undefined ? {} : { format }),
  )
  const text =
    typeof issued.credential === 'string'
      ? `${issued.credential}\n`
      : `${JSON.stringify(issued.credential, null, 2)}\n`
  const write = io.writeFile ?? writeFileAtomic
  if (values.out !== undefined) await write(resolve(io.cwd, values.out), text)
  if (values.json) {
    const { credentialId, gathered, leftOut, superseded } = issued
    io.stdout(
      `${jsonText({ credentialId, format: issued.row.format, gathered, leftOut, superseded, ...(values.out === undefined ? { credential: issued.credential } : { file: values.out }) }, 2)}\n`,
    )
    return EXIT.ok
  }
  const lines = [
    `issued ${issued.credentialId}, the CLR of ${member}, until ${issued.row.validUntil ?? '(no end)'}`,
    `gathers ${issued.gathered.length} credential${issued.gathered.length === 1 ? '' : 's'}: ${issued.gathered.join(', ')}`,
    ...issued.leftOut.map((l) => `left out ${l.credentialId}: ${l.reason}`),
    ...issued.superseded.map((id) => `superseded (revoked) ${id}`),
  ]
  io.stdout(`${lines.map(terminalText).join('\n')}\n`)
  if (values.out !== undefined) io.stdout(`written to ${terminalText(values.out)}\n`)
  else io.stdout(text)
  if (issued.superseded.length > 0)
    io.stdout('publish the status lists again (tessera publish) for verifiers to see the revocation\n')
  return EXIT.ok
}
