/**
 * `tessera award`, `tessera progress` and `tessera referral`: the award rules (@tessera/awards) over a
 * store folder. `award` reads the rules and the members sheet, records the referral codes new members'
 * rows carry (`referred_by`), works out what each member newly earns against the ledger and the clock, and
 * prints it; with `--dry-run` that is all (the review step: nothing is recorded or issued), otherwise it
 * issues it through the issuer's idempotent batch. Referral codes live in the awards tables of the
 * folder's SQLite database (`tessera.db`).
 */
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import {
  createReferralCode,
  type EarnedAward,
  evaluate,
  heldFromLedger,
  issueAwards,
  type MemberRow,
  progress,
  type ReferralStore,
  recordReferrals,
  revokeReferralCode,
} from '@tessera/awards'
import { PostgresReferralStore } from '@tessera/awards/postgres'
import { SqliteReferralStore } from '@tessera/awards/sqlite'
import type { ProofFormat } from '@tessera/issuer'
import { type Recipient, readRecipients } from '@tessera/issuer/node'
import { type RecipientInput, terminalText } from '@tessera/schema'
import { EXIT, type Io } from './io.js'
import { readRules } from './rules-file.js'
import { usage, withIssuer } from './store-folder.js'

const PROOFS: Record<string, ProofFormat> = { 'eddsa-rdfc-2022': 'data-integrity', jwt: 'jwt' }

/**
 * The folder's referral tables: beside the issuer's, in its SQLite file, or in its PostgreSQL database
 * when DATABASE_URL is set.
 */
async function openReferrals(
  io: Io,
  store: string,
): Promise<ReferralStore & { close(): void | Promise<void> }> {
  const url = process.env.DATABASE_URL ?? ''
  if (url !== '') return PostgresReferralStore.open(url)
  return new SqliteReferralStore(join(resolve(io.cwd, store), 'tessera.db'))
}

interface Refused {
  line: number
  memberId: string
  code: string
  reason: string
}

const line = (award: EarnedAward) =>
  `${terminalText(award.memberId)}  ${award.awardKey}  ${terminalText(award.achievement.name)}${
    award.evidence.length === 0 ? '' : ` (rests on ${award.evidence.map((e) => e.awardKey).join(', ')})`
  }\n`

/**
 * `tessera award --store DIR --rules FILE --members SHEET [--dry-run] [--json] [--proof P] [--without-names]`
 */
export async function awardCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      store: { type: 'string' },
      rules: { type: 'string' },
      members: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      proof: { type: 'string', default: 'eddsa-rdfc-2022' },
      'without-names': { type: 'boolean', default: false },
    },
  })
  if (values.store === undefined || values.rules === undefined || values.members === undefined)
    usage('tessera award --store DIR --rules FILE --members SHEET [--dry-run] [--json]')
  const format = PROOFS[values.proof]
  if (format === undefined) usage(`--proof is eddsa-rdfc-2022 or jwt, not ${values.proof}`)
  const rules = readRules(io, values.rules)
  const now = io.now()
  const dryRun = values['dry-run']
  const referredColumn = rules.columns?.referredBy ?? 'referred_by'

  const members: MemberRow[] = []
  const recipients = new Map<string, Recipient>()
  const refused: Refused[] = []
  for await (const read of readRecipients(resolve(io.cwd, values.members))) {
    if (!read.ok) {
      refused.push({ ...read.problem, memberId: read.problem.memberId ?? '' })
      continue
    }
    members.push({ memberId: read.recipient.memberId, fields: read.recipient.fields })
    recipients.set(read.recipient.memberId, read.recipient)
  }

  const referrals = await openReferrals(io, values.store)
  try {
    return await withIssuer(values.store, io, async ({ issuer, store, profile }) => {
      // New members' codes: checked (a dry run) or recorded, once per new member.
      const recorded = await recordReferrals(referrals, members, { column: referredColumn, now, dryRun })
      for (const r of recorded.refused)
        refused.push({
          line: recipients.get(r.memberId)?.line ?? 0,
          memberId: r.memberId,
          code: r.code,
          reason: r.reason,
        })
      const uses = recorded.uses
      const held = await heldFromLedger(store.rows())
      const evaluation = evaluate(rules, { members, held, referrals: uses, now })
      const { awards } = evaluation
      let summary: { issued: number; existing: number; failed: number } | undefined
      const failures: Refused[] = []
      if (!dryRun && awards.length > 0) {
        const withNames = !values['without-names']
        const recipientOf = (memberId: string): RecipientInput => {
          const r = recipients.get(memberId) as Recipient
          const name = withNames && r.name !== '' ? { name: r.name } : {}
          return r.did !== undefined ? { did: r.did, ...name } : { email: r.email as string, ...name }
        }
        summary = await issueAwards(issuer, awards, {
          issuer: { id: profile.did, ...rules.issuer },
          recipientOf,
          format,
          onResult: (result) => {
            if (!result.ok)
              failures.push({
                line: 0,
                memberId: result.key.split('/')[0] ?? '',
                code: result.code,
                reason: result.message,
              })
          },
        })
      }
      const problems = [
        ...refused,
        ...evaluation.problems.map((p) => ({
          line: recipients.get(p.memberId)?.line ?? 0,
          memberId: p.memberId,
          code: p.code,
          reason: p.reason,
        })),
        ...failures,
      ]
      if (values.json) {
        io.stdout(
          `${JSON.stringify(
            {
              dryRun,
              term: evaluation.term.name,
              awards: awards.map((a) => ({
                memberId: a.memberId,
                awardKey: a.awardKey,
                achievement: a.achievement.id,
                name: a.achievement.name,
                validFrom: a.validFrom,
                ...(a.validUntil === undefined ? {} : { validUntil: a.validUntil }),
                evidence: a.evidence.map((e) => e.awardKey),
              })),
              problems,
              ...(summary === undefined ? {} : { summary }),
            },
            null,
            2,
          )}\n`,
        )
      } else {
        io.stdout(
          `${dryRun ? 'would award' : 'awarding'} ${awards.length} credential${awards.length === 1 ? '' : 's'} (term ${evaluation.term.name})${dryRun ? ': a dry run, nothing recorded or issued' : ''}\n`,
        )
        for (const award of awards) io.stdout(line(award))
        for (const p of problems)
          io.stderr(
            `line ${p.line}${p.memberId ? ` (${terminalText(p.memberId)})` : ''}: ${p.code}: ${terminalText(p.reason)}\n`,
          )
        if (summary !== undefined)
          io.stdout(
            `issued ${summary.issued}, already issued ${summary.existing}, failed ${summary.failed}\n`,
          )
      }
      return problems.length === 0 ? EXIT.ok : EXIT.negative
    })
  } finally {
    await referrals.close()
  }
}

/** `tessera progress --store DIR --rules FILE --member ID [--json]` */
export async function progressCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      store: { type: 'string' },
      rules: { type: 'string' },
      member: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  })
  if (values.store === undefined || values.rules === undefined || values.member === undefined)
    usage('tessera progress --store DIR --rules FILE --member ID [--json]')
  const rules = readRules(io, values.rules)
  const member = values.member
  const shown = await withIssuer(values.store, io, async ({ store }) =>
    progress(rules, member, await heldFromLedger(store.rows({ recipient: member }))),
  )
  if (values.json) io.stdout(`${JSON.stringify(shown, null, 2)}\n`)
  else {
    io.stdout(`progress of ${terminalText(member)}\n`)
    for (const p of shown.pathways) io.stdout(`  ${terminalText(p.name)}: ${terminalText(p.summary)}\n`)
    for (const m of shown.milestones) io.stdout(`  ${terminalText(m.summary)}\n`)
  }
  return EXIT.ok
}

/** `tessera referral create|list|revoke --store DIR (--member ID | <code>) [--json]` */
export async function referralCommand(args: string[], io: Io): Promise<number> {
  const [action, ...rest] = args
  const { values, positionals } = parseArgs({
    args: rest,
    options: {
      store: { type: 'string' },
      member: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    allowPositionals: true,
  })
  const shape =
    'tessera referral create --store DIR --member ID | list --store DIR [--member ID] | revoke --store DIR (<code>... | --member ID)'
  if (values.store === undefined) usage(shape)
  const store = await openReferrals(io, values.store)
  try {
    const now = io.now()
    if (action === 'create' && values.member !== undefined) {
      const code = await createReferralCode(store, values.member, now)
      io.stdout(values.json ? `${JSON.stringify(code, null, 2)}\n` : `${code.code}\n`)
      return EXIT.ok
    }
    if (action === 'list') {
      const codes = await store.codes(values.member)
      const uses = await store.uses()
      const listed = codes.map((c) => ({ ...c, uses: uses.filter((u) => u.code === c.code).length }))
      if (values.json) io.stdout(`${JSON.stringify(listed, null, 2)}\n`)
      else
        for (const c of listed)
          io.stdout(
            `${c.code}  ${terminalText(c.memberId)}  created ${c.createdAt}  used ${c.uses}${c.revokedAt === undefined ? '' : `  revoked ${c.revokedAt}`}\n`,
          )
      return EXIT.ok
    }
    if (action === 'revoke' && (positionals.length > 0 || values.member !== undefined)) {
      // The codes named, or every code of the member.
      const named =
        values.member === undefined ? positionals : (await store.codes(values.member)).map((c) => c.code)
      for (const text of named) {
        const code = await revokeReferralCode(store, text, now)
        io.stdout(`revoked ${code.code}\n`)
      }
      return EXIT.ok
    }
    return usage(shape)
  } finally {
    await store.close()
  }
}
