// A guild for the service's tests: an issuer store folder (did:key, SQLite unless told otherwise), the
// service on it listening on 127.0.0.1, members' credentials in the ledger, and a verifier that knows the
// guild's signed status lists. The clock is the test's: a fixed moment it can move, or the system's when a
// wallet library stamps its proofs with the real time.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Issued } from '@tessera/issuer'
import { initIssuer } from '@tessera/issuer/node'
import { buildMembershipCredential, type JsonObject } from '@tessera/schema'
import type { TesseraKeyType } from '@tessera/veramo'
import { Verifier } from '@tessera/verifier'
import {
  listen,
  type OpenedService,
  type OpenServiceOptions,
  openWalletService,
  type RunningServer,
  type ServiceEvent,
} from '../src/index.js'

/** A VC-JWT-ready membership of the guild for `email`, from a day before `now` to 300 days after. */
export function guildMembership(did: string, email: string, now: Date): JsonObject {
  return buildMembershipCredential({
    issuer: { id: did, name: 'Guild of Bookbinders' },
    recipient: { email },
    achievement: { id: 'https://guild.example/achievements/membership' },
    term: {
      name: 'this year',
      start: new Date(now.getTime() - 86_400_000),
      end: new Date(now.getTime() + 300 * 86_400_000),
    },
  }) as unknown as JsonObject
}

export interface Guild {
  dir: string
  env: Record<string, string | undefined>
  /** The service's and the issuer's clock: `now.value` moves it (a fixed clock), or the system's. */
  now: { value: Date | undefined }
  clock: () => Date
  opened: OpenedService
  running: RunningServer
  /** The credential issuer identifier (`http://127.0.0.1:<port>`, and the path when one is given). */
  base: string
  events: ServiceEvent[]
  /** Issues a year's membership to `member` (starting a month ago), recorded in the ledger under their id. */
  issueMembership(
    member: string,
    options?: {
      achievementId?: string
      format?: 'jwt' | 'data-integrity'
      suspension?: boolean
      status?: 'bitstring' | 'statuslist2021'
      name?: string
    },
  ): Promise<Issued>
  /** A verifier that knows the guild's status lists as they are signed now. */
  verifier(): Promise<Verifier>
  close(): Promise<void>
}

const DAY = 86_400_000

export interface GuildOptions {
  /** A fixed start (the clock then moves only when the test moves it), or `system`. Default a fixed 2027-03-01. */
  start?: Date | 'system'
  keyType?: TesseraKeyType
  env?: Record<string, string | undefined>
  service?: Omit<OpenServiceOptions, 'baseUrl' | 'clock'>
  /** A path for the credential issuer identifier (`/wallet`): `base` is then `http://127.0.0.1:<port>/wallet`. */
  path?: string
}

export async function startGuild(options: GuildOptions = {}): Promise<Guild> {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-server-'))
  const env = options.env ?? {}
  const now = {
    value: options.start === 'system' ? undefined : (options.start ?? new Date('2027-03-01T10:00:00Z')),
  }
  const clock = () => now.value ?? new Date()
  const profile = await initIssuer(
    dir,
    {
      did: 'key',
      statusBaseUrl: 'https://guild.example/status',
      ...(options.keyType ? { keyType: options.keyType } : {}),
    },
    env,
  )
  let handler: (request: Request) => Promise<Response> = async () => new Response(null, { status: 503 })
  const running = await listen((request) => handler(request))
  const events: ServiceEvent[] = []
  const opened = await openWalletService(dir, env, {
    ...options.service,
    clock,
    baseUrl: `${running.url}${options.path ?? ''}`,
    onEvent: (event) => events.push(event),
  })
  handler = opened.service.fetch
  const issuer = opened.issuer.issuer
  return {
    dir,
    env,
    now,
    clock,
    opened,
    running,
    base: `${running.url}${options.path ?? ''}`,
    events,
    async issueMembership(member, { achievementId, format = 'jwt', suspension = false, status, name } = {}) {
      const start = new Date(clock().getTime() - 30 * DAY)
      const credential = buildMembershipCredential({
        issuer: { id: profile.did, name: 'Guild of Bookbinders', url: 'https://guild.example' },
        recipient: { email: `${member.toLowerCase()}@example.org` },
        achievement: {
          id: achievementId ?? 'https://guild.example/achievements/membership',
          ...(name === undefined ? {} : { name }),
        },
        term: { name: 'the current term', start, end: new Date(start.getTime() + 365 * DAY) },
      })
      return issuer.issue(credential as unknown as JsonObject, {
        format,
        suspension,
        ...(status === undefined ? {} : { status }),
        key: `${member}|${achievementId ?? 'membership'}`,
        recipient: member,
      })
    },
    async verifier() {
      const lists = await issuer.signedStatusLists()
      return new Verifier({ offline: true, documents: new Map(lists) as Map<string, JsonObject> })
    },
    async close() {
      await running.close()
      await opened.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
