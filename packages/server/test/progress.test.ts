// The admin API's member progress (issue #20): GET /admin/members/{id}/progress answers a member's
// progress on the award rules' pathways and milestones from the ledger, with the ledger:read scope;
// without rules it is not_found, without a token invalid_token.
import { parseRules } from '@tessera/awards'
import { buildMembershipCredential, type JsonObject } from '@tessera/schema'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { createAdminToken } from '../src/index.js'
import { type Guild, startGuild } from './guild.js'

const RULES = parseRules(`version: 1
issuer: { name: Guild of Bookbinders }
achievements:
  - key: membership
    id: https://guild.example/achievements/membership
    name: Membership
    description: A member.
    criteria: Paid.
    kind: membership
    repeat: per-term
    when: { rule: filled, column: tier }
  - key: ethics
    id: https://guild.example/achievements/ethics
    name: Ethics workshop
    description: Took the ethics workshop.
    criteria: Attended.
    kind: participation
    when: { rule: filled, column: ethics }
  - key: practitioner
    id: https://guild.example/achievements/practitioner
    name: Certified Practitioner
    description: Completed the pathway.
    criteria: Membership and the ethics workshop.
    kind: pathway
  - key: loyal
    id: https://guild.example/achievements/loyal
    name: Three memberships
    description: Three years a member.
    criteria: Three memberships.
    kind: milestone
    when: { rule: count, of: [membership], atLeast: 3 }
pathways:
  - key: practitioner
    name: Practitioner pathway
    ordered: true
    steps: [{ achievement: membership }, { achievement: ethics }]
    completion: practitioner
`)

let guild: Guild
let bare: Guild
let token: string

test.before(async () => {
  guild = await startGuild({ service: { awardRules: RULES } })
  bare = await startGuild()
  token = (await createAdminToken(guild.opened.store, { scopes: ['ledger:read'], now: guild.clock() })).token
})
test.after(async () => {
  await guild?.close()
  await bare?.close()
})

test("a member's progress, from the credentials the ledger holds under award keys", async () => {
  const credential = buildMembershipCredential({
    issuer: { id: guild.opened.issuer.profile.did, name: 'Guild of Bookbinders' },
    recipient: { email: 'm8@example.org' },
    achievement: { id: 'https://guild.example/achievements/membership' },
    term: { name: '2027', start: '2027-01-01T00:00:00Z', end: '2027-12-31T23:59:59Z' },
  })
  await guild.opened.issuer.issuer.issue(credential as unknown as JsonObject, {
    key: 'M-8/membership-2027',
    recipient: 'M-8',
  })
  const read = async (member: string) => {
    const response = await fetch(`${guild.base}/admin/members/${member}/progress`, {
      headers: { authorization: `Bearer ${token}` },
    })
    assert.is(response.status, 200)
    assert.is(response.headers.get('cache-control'), 'no-store')
    return (await response.json()) as {
      memberId: string
      pathways: Array<{ summary: string; done: number; total: number }>
      milestones: Array<{ summary: string }>
    }
  }
  const m8 = await read('M-8')
  assert.is(m8.memberId, 'M-8')
  assert.equal(
    m8.pathways.map((p) => [p.done, p.total, p.summary]),
    [[1, 2, '1 of 2 steps toward Certified Practitioner; next: Ethics workshop']],
  )
  assert.equal(
    m8.milestones.map((m) => m.summary),
    ['1 of 3 toward Three memberships'],
  )
  const nobody = await read('M-9')
  assert.equal(
    nobody.pathways.map((p) => p.summary),
    ['0 of 2 steps toward Certified Practitioner; next: Membership'],
  )
})

test('refusals: no token, no rules', async () => {
  const anonymous = await fetch(`${guild.base}/admin/members/M-7/progress`)
  assert.is(anonymous.status, 401)
  const bareToken = (
    await createAdminToken(bare.opened.store, { scopes: ['ledger:read'], now: bare.clock() })
  ).token
  const none = await fetch(`${bare.base}/admin/members/M-7/progress`, {
    headers: { authorization: `Bearer ${bareToken}` },
  })
  assert.is(none.status, 404)
  assert.is(((await none.json()) as { error: string }).error, 'not_found')
})

test.run()
