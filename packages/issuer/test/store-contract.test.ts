// The issuer's storage contract, one suite run against both stores: SQLite (a temporary file) and
// PostgreSQL (a schema of its own per test, on the server scripts/test.mjs starts).
import { mkdtempSync, rmSync } from 'node:fs'
import { connect, createServer, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { StatusListRecord } from '@tessera/status'
import { expiringWithin } from '@tessera/status'
import { collect, thrownCodeAsync } from '@tessera/testkit'
import { DATABASE_URL, freshSchema, postgresAvailable } from '@tessera/testkit/postgres'
import pg from 'pg'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { type CommunicationKey, type IssuerStore, type LedgerRow, MemoryIssuerStore } from '../src/index.js'
import { PostgresIssuerStore } from '../src/postgres.js'
import { SqliteIssuerStore } from '../src/sqlite.js'

interface Backend {
  name: string
  /** A new, empty store; `again()` opens a second connection to the same one. */
  fresh(): Promise<{ store: IssuerStore; again(): Promise<IssuerStore> }>
  cleanup(): Promise<void>
}

const dir = mkdtempSync(join(tmpdir(), 'tessera-contract-'))

const sqlite: Backend = {
  name: 'SQLite',
  async fresh() {
    const file = join(dir, `${crypto.randomUUID()}.db`)
    return { store: new SqliteIssuerStore(file), again: async () => new SqliteIssuerStore(file) }
  },
  async cleanup() {
    rmSync(dir, { recursive: true, force: true })
  },
}

/** The memory store: a second "connection" is the same store, as one process sees it. */
const memory: Backend = {
  name: 'memory',
  async fresh() {
    const store = new MemoryIssuerStore()
    return { store, again: async () => store }
  },
  async cleanup() {},
}

const schemas: string[] = []
const postgres: Backend = {
  name: 'PostgreSQL',
  async fresh() {
    const schema = freshSchema('contract')
    schemas.push(schema)
    const url = DATABASE_URL as string
    return {
      store: await PostgresIssuerStore.open(url, { schema }),
      again: () => PostgresIssuerStore.open(url, { schema }),
    }
  },
  async cleanup() {
    const client = new pg.Client({ connectionString: DATABASE_URL })
    await client.connect()
    for (const schema of schemas) await client.query(`drop schema ${pg.escapeIdentifier(schema)} cascade`)
    await client.end()
  },
}

const revocation = (url: string, length = 16): StatusListRecord => ({
  url,
  type: 'BitstringStatusList',
  purpose: 'revocation',
  statusSize: 1,
  length,
  full: false,
})

const ledgerRow = (n: number, extra: Partial<LedgerRow> = {}): LedgerRow => ({
  credentialId: `urn:uuid:00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  recipient: `M-${n}`,
  achievementId: 'https://guild.example/membership',
  validFrom: '2026-01-01T00:00:00Z',
  state: 'pending',
  format: 'jwt',
  issuedAt: '2026-01-01T00:00:00.000Z',
  ...extra,
})

function contract(backend: Backend): void {
  const it = suite(`store contract: ${backend.name}`)
  const opened: IssuerStore[] = []
  const fresh = async () => {
    const made = await backend.fresh()
    opened.push(made.store)
    return {
      store: made.store,
      again: async () => {
        const other = await made.again()
        opened.push(other)
        return other
      },
    }
  }
  it.after(async () => {
    for (const store of opened) await store.close()
    await backend.cleanup()
  })

  it('lists: create once, get, list in creation order, open by kind, mark full', async () => {
    const { store } = await fresh()
    const messages = [
      { status: '0x0', message: 'valid' },
      { status: '0x1', message: 'pending' },
      { status: '0x2', message: 'expired' },
      { status: '0x3', message: 'other' },
    ]
    const first = revocation('https://guild.example/status/revocation-1')
    const second = revocation('https://guild.example/status/revocation-2')
    const twoBit: StatusListRecord = {
      ...revocation('https://guild.example/status/message-1'),
      purpose: 'message',
      statusSize: 2,
      statusMessage: messages,
    }
    assert.is(await store.openList(first), undefined)
    assert.ok(await store.createList(first))
    assert.not.ok(await store.createList({ ...first, length: 99 }), 'a second list at the same URL')
    assert.ok(await store.createList(twoBit))
    assert.ok(await store.createList(second))
    assert.equal(await store.getList(first.url), first)
    assert.equal(await store.getList(twoBit.url), twoBit)
    assert.is(await store.getList('https://guild.example/status/none'), undefined)
    assert.equal(
      (await store.lists()).map((l) => l.url),
      [first.url, twoBit.url, second.url],
    )
    assert.equal(await store.openList(first), first)
    assert.equal(
      await store.openList({ type: 'BitstringStatusList', purpose: 'message', statusSize: 2 }),
      twoBit,
    )
    assert.is(
      await store.openList({ type: 'StatusList2021', purpose: 'revocation', statusSize: 1 }),
      undefined,
    )
    await store.markFull(first.url)
    assert.equal(await store.getList(first.url), { ...first, full: true })
    assert.equal(await store.openList(first), second)
    await store.markFull(second.url)
    assert.is(await store.openList(first), undefined)
  })

  it('issueCopy: a signed row and its indices in one step, all or nothing', async () => {
    const { store, again } = await fresh()
    const issueCopy = store.issueCopy?.bind(store)
    if (issueCopy === undefined) return assert.unreachable('every store of this package has issueCopy')
    const url = 'https://guild.example/status/revocation-1'
    const suspensions = 'https://guild.example/status/suspension-1'
    await store.createList(revocation(url, 16))
    await store.createList({ ...revocation(suspensions, 16), purpose: 'suspension' })
    const signed = (n: number, extra: Partial<LedgerRow> = {}) =>
      ledgerRow(n, { state: 'active', credential: `jwt-${n}`, key: `oid4vci:item-${n}`, ...extra })
    const one = signed(1, { copyOf: ledgerRow(9).credentialId })
    assert.ok(
      await issueCopy(one, [
        { url, index: 3 },
        { url: suspensions, index: 5 },
      ]),
    )
    assert.equal(await store.row(one.credentialId), one)
    assert.equal(
      (await store.entriesOf(one.credentialId)).map((e) => [e.url, e.index, e.purpose, e.status]).sort(),
      [
        [url, 3, 'revocation', 0],
        [suspensions, 5, 'suspension', 0],
      ],
    )
    // Seen from a second connection (another process): committed.
    assert.equal((await (await again()).rowByKey('oid4vci:item-1'))?.credential, 'jwt-1')

    // An index held already: false, and nothing of the row or of its other index is written.
    const two = signed(2)
    assert.not.ok(
      await issueCopy(two, [
        { url: suspensions, index: 6 },
        { url, index: 3 },
      ]),
    )
    assert.is(await store.row(two.credentialId), undefined)
    assert.is(await store.entry(suspensions, 6), undefined)
    // Outside the list, or no such list: false, nothing written.
    for (const bad of [
      { url, index: 16 },
      { url, index: -1 },
      { url: `${url}-none`, index: 0 },
    ])
      assert.not.ok(await issueCopy(two, [bad]), JSON.stringify(bad))
    assert.is(await store.row(two.credentialId), undefined)
    // The same key (or id) twice: DUPLICATE_CREDENTIAL, the index stays free.
    assert.is(
      await thrownCodeAsync(() => issueCopy(signed(3, { key: 'oid4vci:item-1' }), [{ url, index: 7 }])),
      'DUPLICATE_CREDENTIAL',
    )
    assert.is(await thrownCodeAsync(() => issueCopy(one, [{ url, index: 8 }])), 'DUPLICATE_CREDENTIAL')
    assert.is(await store.entry(url, 7), undefined)
    assert.is(await store.entry(url, 8), undefined)
    // Two indices of one purpose: STATUS_ENTRY_HELD, nothing written.
    assert.is(
      await thrownCodeAsync(() =>
        issueCopy(two, [
          { url, index: 9 },
          { url, index: 10 },
        ]),
      ),
      'STATUS_ENTRY_HELD',
    )
    assert.is(await store.row(two.credentialId), undefined)
    assert.is(await store.entry(url, 9), undefined)
    // With free indices it goes through.
    assert.ok(await issueCopy(two, [{ url, index: 9 }]))
    assert.equal(await store.entry(url, 9), { holder: two.credentialId, status: 0 })
  })

  it('claim: an index once, within the list only; entry and free indices', async () => {
    const { store } = await fresh()
    const url = 'https://guild.example/status/revocation-1'
    assert.not.ok(await store.claim(url, 0, 'urn:a'), 'no such list')
    await store.createList(revocation(url, 16))
    assert.ok(await store.claim(url, 3, 'urn:a'))
    assert.not.ok(await store.claim(url, 3, 'urn:b'), 'the same index twice')
    assert.not.ok(await store.claim(url, 3, 'urn:a'), 'the same index twice, same holder')
    for (const bad of [-1, 16, 2 ** 40]) assert.not.ok(await store.claim(url, bad, 'urn:c'), `index ${bad}`)
    assert.equal(await store.entry(url, 3), { holder: 'urn:a', status: 0 })
    assert.is(await store.entry(url, 4), undefined)
    assert.is(await store.entry('https://guild.example/status/none', 3), undefined)
    for (const i of [0, 7, 15]) assert.ok(await store.claim(url, i, `urn:${i}`))
    assert.equal(
      (await store.freeIndices(url)).sort((a, b) => a - b),
      [1, 2, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14],
    )
    assert.equal(await store.freeIndices('https://guild.example/status/none'), [])
    for (let i = 0; i < 16; i++) await store.claim(url, i, `urn:fill-${i}`)
    assert.equal(await store.freeIndices(url), [])
  })

  it('claim is atomic across connections: claimed in parallel, each index has exactly one holder', async () => {
    const { store, again } = await fresh()
    const url = 'https://guild.example/status/revocation-1'
    await store.createList(revocation(url, 131_072))
    const stores = [store, ...(await Promise.all([again(), again(), again()]))]
    const indices = Array.from({ length: 300 }, (_, i) => i * 7)
    const results = await Promise.all(
      stores.map((s, n) => Promise.all(indices.map((i) => s.claim(url, i, `urn:holder-${n}-${i}`)))),
    )
    for (const [k, index] of indices.entries()) {
      const winners = results.map((r, n) => (r[k] ? n : -1)).filter((n) => n >= 0)
      assert.is(winners.length, 1, `index ${index} claimed ${winners.length} times`)
      assert.equal(await store.entry(url, index), { holder: `urn:holder-${winners[0]}-${index}`, status: 0 })
    }
    assert.is((await store.freeIndices(url)).length, 131_072 - indices.length)
  })

  it('statuses: set, the non-zero ones, and the entries a credential holds', async () => {
    const { store } = await fresh()
    const rev = 'https://guild.example/status/revocation-1'
    const sus = 'https://guild.example/status/suspension-1'
    await store.createList(revocation(rev))
    await store.createList({ ...revocation(sus), purpose: 'suspension' })
    await store.claim(rev, 5, 'urn:a')
    await store.claim(sus, 9, 'urn:a')
    await store.claim(rev, 6, 'urn:b')
    assert.equal(await store.nonZeroStatuses(rev), [])
    await store.setStatus(rev, 5, 1)
    await store.setStatus(sus, 9, 1)
    await store.setStatus(rev, 7, 1) // nobody holds 7: nothing changes
    assert.equal(await store.nonZeroStatuses(rev), [{ index: 5, status: 1 }])
    assert.equal(await store.entry(rev, 5), { holder: 'urn:a', status: 1 })
    assert.is(await store.entry(rev, 7), undefined)
    const held = await store.entriesOf('urn:a')
    assert.equal(
      held.sort((a, b) => a.url.localeCompare(b.url)),
      [
        { url: rev, index: 5, purpose: 'revocation', status: 1 },
        { url: sus, index: 9, purpose: 'suspension', status: 1 },
      ],
    )
    assert.equal(await store.entriesOf('urn:nobody'), [])
    await store.setStatus(sus, 9, 0)
    assert.equal(await store.nonZeroStatuses(sus), [])
  })

  it('ledger: add, complete, set state, by id and by key; unknown and duplicate rows', async () => {
    const { store } = await fresh()
    const pending = ledgerRow(1, { key: 'M-1/membership/2026', validUntil: '2026-12-31T23:59:59Z' })
    await store.addRow(pending)
    assert.equal(await store.row(pending.credentialId), pending)
    assert.equal(await store.rowByKey('M-1/membership/2026'), pending)
    assert.is(await store.row('urn:nobody'), undefined)
    assert.is(await store.rowByKey('nobody'), undefined)
    // no key, no validUntil, no credential: they stay absent
    const bare = ledgerRow(2, { format: 'data-integrity' })
    await store.addRow(bare)
    assert.equal(await store.row(bare.credentialId), bare)

    await store.completeRow(pending.credentialId, 'eyJhbGciOiJFZERTQSJ9.e30.c2ln', 'jwt')
    assert.equal(await store.row(pending.credentialId), {
      ...pending,
      state: 'active',
      credential: 'eyJhbGciOiJFZERTQSJ9.e30.c2ln',
    })
    assert.is(
      await thrownCodeAsync(() => store.completeRow(pending.credentialId, 'again', 'jwt')),
      'UNKNOWN_CREDENTIAL',
      'only a pending row completes',
    )
    assert.is(await thrownCodeAsync(() => store.completeRow('urn:nobody', 'x', 'jwt')), 'UNKNOWN_CREDENTIAL')
    await store.completeRow(bare.credentialId, '{"proof":{}}', 'data-integrity')
    assert.is((await store.row(bare.credentialId))?.format, 'data-integrity')

    await store.setState(pending.credentialId, 'suspended')
    assert.is((await store.rowByKey('M-1/membership/2026'))?.state, 'suspended')
    await store.setState(pending.credentialId, 'revoked')
    assert.is((await store.row(pending.credentialId))?.state, 'revoked')
    assert.is(await thrownCodeAsync(() => store.setState('urn:nobody', 'revoked')), 'UNKNOWN_CREDENTIAL')

    assert.is(await thrownCodeAsync(() => store.addRow(ledgerRow(1))), 'DUPLICATE_CREDENTIAL', 'same id')
    assert.is(
      await thrownCodeAsync(() => store.addRow(ledgerRow(3, { key: 'M-1/membership/2026' }))),
      'DUPLICATE_CREDENTIAL',
      'same batch key',
    )
    assert.is(await store.row(ledgerRow(3).credentialId), undefined, 'nothing of the refused row is kept')
    assert.is((await collect(store.rows())).length, 2)
  })

  it('standingOf: what the row says of its state, key, end and credential, without the credential', async () => {
    const { store } = await fresh()
    if (store.standingOf === undefined) {
      assert.not.ok(backend.name === 'SQLite', 'the SQLite store reads a standing alone')
      return
    }
    const standingOf = store.standingOf.bind(store)
    const keyed = ledgerRow(1, { key: 'M-1/membership/2026', validUntil: '2026-12-31T23:59:59Z' })
    const bare = ledgerRow(2)
    await store.addRow(keyed)
    await store.addRow(bare)
    assert.equal(await standingOf(keyed.credentialId), {
      state: 'pending',
      key: 'M-1/membership/2026',
      validUntil: '2026-12-31T23:59:59Z',
      signed: false,
    })
    assert.equal(await standingOf(bare.credentialId), { state: 'pending', signed: false })
    await store.completeRow(keyed.credentialId, 'eyJhbGciOiJFZERTQSJ9.e30.c2ln', 'jwt')
    assert.equal(await standingOf(keyed.credentialId), {
      state: 'active',
      key: 'M-1/membership/2026',
      validUntil: '2026-12-31T23:59:59Z',
      signed: true,
    })
    await store.setState(keyed.credentialId, 'suspended')
    assert.is((await standingOf(keyed.credentialId))?.state, 'suspended')
    assert.is(await standingOf('urn:nobody'), undefined)
  })

  it('rows: in issuing order, by recipient and state, paged beyond 512 rows', async () => {
    const { store } = await fresh()
    const total = 1_100
    for (let n = 0; n < total; n++) {
      await store.addRow(
        ledgerRow(n, { recipient: n % 2 === 0 ? 'even' : 'odd', state: n < 1_024 ? 'active' : 'revoked' }),
      )
    }
    const all = await collect(store.rows())
    assert.is(all.length, total)
    assert.equal(
      all.map((r) => r.recipient),
      Array.from({ length: total }, (_, n) => `M-${n}`).map((_, n) => (n % 2 === 0 ? 'even' : 'odd')),
    )
    assert.ok(
      all.every((r, n) => r.credentialId === ledgerRow(n).credentialId),
      'in the order added',
    )
    // exactly two full pages, then an empty one
    assert.is((await collect(store.rows({ state: 'active' }))).length, 1_024)
    const odd = await collect(store.rows({ recipient: 'odd' }))
    assert.is(odd.length, 550)
    assert.ok(odd.every((r) => r.recipient === 'odd'))
    const oddRevoked = await collect(store.rows({ recipient: 'odd', state: 'revoked' }))
    assert.is(oddRevoked.length, 38)
    assert.ok(oddRevoked.every((r) => r.recipient === 'odd' && r.state === 'revoked'))
    assert.equal(await collect(store.rows({ recipient: 'nobody' })), [])
    // a reader may stop early
    for await (const row of store.rows()) {
      assert.is(row.credentialId, ledgerRow(0).credentialId)
      break
    }
  })

  it('validUntilBetween: [from, to), not the pending rows; expiringWithin works on it', async () => {
    const { store } = await fresh()
    const until = (n: number, validUntil: string | undefined, state: LedgerRow['state']) =>
      store.addRow(ledgerRow(n, { state, ...(validUntil === undefined ? {} : { validUntil }) }))
    await until(1, '2026-06-30T00:00:00Z', 'active')
    await until(2, '2026-07-01T00:00:00Z', 'revoked')
    await until(3, '2026-07-15T00:00:00Z', 'suspended')
    await until(4, '2026-08-01T00:00:00Z', 'active') // the end of the window: outside
    await until(5, '2026-07-02T00:00:00Z', 'pending')
    await until(6, undefined, 'active')
    const found = await store.validUntilBetween(
      new Date('2026-07-01T00:00:00Z'),
      new Date('2026-08-01T00:00:00Z'),
    )
    assert.equal(
      found.sort((a, b) => a.validUntil.localeCompare(b.validUntil)),
      [
        {
          credentialId: ledgerRow(2).credentialId,
          recipient: 'M-2',
          achievementId: 'https://guild.example/membership',
          validUntil: '2026-07-01T00:00:00Z',
          state: 'revoked',
        },
        {
          credentialId: ledgerRow(3).credentialId,
          recipient: 'M-3',
          achievementId: 'https://guild.example/membership',
          validUntil: '2026-07-15T00:00:00Z',
          state: 'suspended',
        },
      ],
    )
    const expiring = await expiringWithin(store, { days: 40, now: new Date('2026-06-20T00:00:00Z') })
    assert.equal(
      expiring.map((c) => c.recipient),
      ['M-1', 'M-3'],
    )
  })

  it('communications: pending once per key, then failed, sent or cancelled; read by recipient, kind, state, message', async () => {
    const { store, again } = await fresh()
    const key = (subject: string, more: Partial<CommunicationKey> = {}): CommunicationKey => ({
      kind: 'credentials',
      recipient: 'M-1',
      subject,
      step: '',
      ...more,
    })
    const at = '2026-03-01T10:00:00.000Z'
    await store.addCommunications('msg-1', [key('urn:a'), key('urn:b')], at)
    const pending = {
      messageId: 'msg-1',
      state: 'pending',
      createdAt: at,
      updatedAt: at,
      attempts: 0,
    } as const
    assert.equal(await collect(store.communications()), [
      { ...key('urn:a'), ...pending },
      { ...key('urn:b'), ...pending },
    ])
    // a key recorded already, in another message: refused, and nothing of that message is kept
    assert.is(
      await thrownCodeAsync(() => store.addCommunications('msg-2', [key('urn:c'), key('urn:a')], at)),
      'DUPLICATE_COMMUNICATION',
    )
    assert.is(
      await thrownCodeAsync(() => store.addCommunications('msg-2', [key('urn:c'), key('urn:c')], at)),
      'DUPLICATE_COMMUNICATION',
      'one key twice in a message',
    )
    assert.is(
      await thrownCodeAsync(() => store.addCommunications('msg-1', [key('urn:d')], at)),
      'DUPLICATE_COMMUNICATION',
      'a message id in use',
    )
    assert.equal(await collect(store.communications({ messageId: 'msg-2' })), [])
    assert.is((await collect(store.communications())).length, 2)
    // the same subject for another kind, step or recipient is another communication
    await store.addCommunications(
      'msg-3',
      [
        key('urn:a', { kind: 'reminder', step: '60-days' }),
        key('urn:a', { kind: 'reminder', step: '7-days' }),
        key('urn:a', { recipient: 'M-2' }),
      ],
      at,
    )
    // failed (known not sent), then sent: attempts counted, sentAt only once sent
    await store.markCommunications('msg-1', {
      state: 'failed',
      at: '2026-03-01T10:00:05.000Z',
      detail: '451 later',
    })
    assert.equal((await collect(store.communications({ messageId: 'msg-1' })))[0], {
      ...key('urn:a'),
      ...pending,
      state: 'failed',
      updatedAt: '2026-03-01T10:00:05.000Z',
      attempts: 1,
      detail: '451 later',
    })
    await store.markCommunications('msg-1', {
      state: 'sent',
      at: '2026-03-02T08:00:00.000Z',
      detail: '250 OK',
    })
    for (const row of await collect(store.communications({ messageId: 'msg-1' }))) {
      assert.is(row.state, 'sent')
      assert.is(row.sentAt, '2026-03-02T08:00:00.000Z')
      assert.is(row.attempts, 2)
      assert.is(row.detail, '250 OK')
      assert.is(row.createdAt, at)
    }
    // sent and cancelled are final; an unknown message is refused
    assert.is(
      await thrownCodeAsync(() => store.markCommunications('msg-1', { state: 'failed', at })),
      'COMMUNICATION_FINAL',
    )
    assert.is(
      await thrownCodeAsync(() => store.markCommunications('msg-9', { state: 'sent', at })),
      'UNKNOWN_COMMUNICATION',
    )
    await store.markCommunications('msg-3', { state: 'cancelled', at, detail: 'the credential was revoked' })
    assert.ok((await collect(store.communications({ messageId: 'msg-3' }))).every((r) => r.attempts === 0))
    assert.is(
      await thrownCodeAsync(() => store.markCommunications('msg-3', { state: 'sent', at })),
      'COMMUNICATION_FINAL',
    )
    // queries narrow; another connection reads the same log
    const other = await again()
    assert.equal(
      (await collect(other.communications({ recipient: 'M-2' }))).map((r) => r.subject),
      ['urn:a'],
    )
    assert.equal(
      (await collect(other.communications({ kind: 'reminder' }))).map((r) => r.step),
      ['60-days', '7-days'],
    )
    assert.is((await collect(other.communications({ state: 'sent' }))).length, 2)
    assert.is((await collect(other.communications({ recipient: 'M-1', state: 'cancelled' }))).length, 2)
    // paged beyond 512 rows, in the order recorded
    const many = Array.from({ length: 600 }, (_, n) => key(`urn:n-${n}`, { recipient: 'M-3' }))
    await store.addCommunications('msg-4', many, at)
    assert.equal(
      (await collect(store.communications({ recipient: 'M-3' }))).map((r) => r.subject),
      many.map((k) => k.subject),
    )
  })

  it('communications: one key added from several connections at once is recorded once', async () => {
    const { store, again } = await fresh()
    const stores = [store, ...(await Promise.all([again(), again()]))]
    const keys = [{ kind: 'credentials', recipient: 'M-1', subject: 'urn:a', step: '' }]
    const outcomes = await Promise.allSettled(
      stores.map((s, n) => s.addCommunications(`msg-${n}`, keys, '2026-03-01T10:00:00.000Z')),
    )
    assert.is(outcomes.filter((o) => o.status === 'fulfilled').length, 1)
    for (const outcome of outcomes)
      if (outcome.status === 'rejected') assert.is(outcome.reason.code, 'DUPLICATE_COMMUNICATION')
    assert.is((await collect(store.communications())).length, 1)
  })

  it('members: recorded, replaced whole, read from another connection; ledger notes in order', async () => {
    const { store, again } = await fresh()
    assert.is(await store.member('M-1'), undefined)
    await store.putMember({
      memberId: 'M-1',
      email: 'ana@example.org',
      name: 'Ana Łukasiewicz',
      language: 'fr',
      reminders: true,
      updatedAt: '2026-03-01T10:00:00.000Z',
    })
    await store.putMember({ memberId: 'M-1', reminders: false, updatedAt: '2026-03-02T10:00:00.000Z' })
    await store.putMember({ memberId: 'M-2', email: 'b@example.org', reminders: true, updatedAt: 'x' })
    const other = await again()
    assert.equal(await other.member('M-1'), {
      memberId: 'M-1',
      reminders: false,
      updatedAt: '2026-03-02T10:00:00.000Z',
    })
    assert.equal(await other.member('M-2'), {
      memberId: 'M-2',
      email: 'b@example.org',
      reminders: true,
      updatedAt: 'x',
    })
    assert.equal(await store.ledgerNotes('urn:a'), [])
    await store.addLedgerNote({ credentialId: 'urn:a', action: 'suspend', reason: 'unpaid', at: '1' })
    await store.addLedgerNote({ credentialId: 'urn:b', action: 'revoke', reason: 'left', at: '2' })
    await store.addLedgerNote({ credentialId: 'urn:a', action: 'reinstate', reason: 'paid', at: '3' })
    assert.equal(
      (await other.ledgerNotes('urn:a')).map((n) => `${n.action} ${n.reason} ${n.at}`),
      ['suspend unpaid 1', 'reinstate paid 3'],
    )
  })

  it.run()
}

/** The error `promise` rejects with; a failure when it resolves. */
async function rejection(promise: Promise<unknown>, what: string): Promise<Error & { code?: string }> {
  try {
    await promise
  } catch (error) {
    return error as Error & { code?: string }
  }
  throw new Error(`expected a rejection: ${what}`)
}

async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer()
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

contract(memory)
contract(sqlite)

if (postgresAvailable('the storage contract')) {
  contract(postgres)

  const reach = suite('PostgreSQL: unreachable')
  reach('a closed port: STORE_UNREACHABLE, and the password is nowhere in the error', async () => {
    const port = await closedPort()
    const password = 'hunter2-Secret%21'
    const error = await rejection(
      PostgresIssuerStore.open(`postgres://guild:${password}@127.0.0.1:${port}/tessera`),
      'connected to a closed port',
    )
    assert.is(error.code, 'STORE_UNREACHABLE')
    assert.match(error.message, `127.0.0.1:${port}`)
    assert.match(error.message, /ECONNREFUSED/)
    const seen = `${error.message} ${error.stack} ${JSON.stringify(error)} ${String(error.cause ?? '')}`
    for (const secret of [password, 'hunter2-Secret!', 'hunter2']) assert.not.match(seen, secret)
  })
  reach('a database that does not exist: STORE_UNREACHABLE, and no password', async () => {
    const url = new URL(DATABASE_URL as string)
    url.password = 'hunter2-pw'
    url.pathname = '/no_such_database'
    const error = await rejection(
      PostgresIssuerStore.open(url.toString()),
      'opened a database that does not exist',
    )
    assert.is(error.code, 'STORE_UNREACHABLE')
    assert.match(error.message, /no_such_database/)
    assert.not.match(`${error.message} ${error.stack}`, 'hunter2')
  })
  reach('a URL that is not one: STORE_UNREACHABLE, without echoing it', async () => {
    const error = await rejection(PostgresIssuerStore.open('postgres://guild:hunter2@[bad/x'), 'opened')
    assert.is(error.code, 'STORE_UNREACHABLE')
    assert.not.match(`${error.message} ${error.stack}`, 'hunter2')
  })
  reach(
    'the server goes away mid-run: the next query is STORE_UNREACHABLE, without the password',
    async () => {
      // A proxy on 127.0.0.1 in front of the server: closing it is the server going away.
      const target = new URL(DATABASE_URL as string)
      const sockets = new Set<Socket>()
      const proxy = createServer((client) => {
        const upstream = connect(Number(target.port), target.hostname)
        for (const s of [client, upstream]) {
          sockets.add(s)
          s.on('error', () => undefined)
          s.on('close', () => sockets.delete(s))
        }
        client.pipe(upstream).pipe(client)
      })
      await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve))
      const url = new URL(target)
      url.port = String((proxy.address() as { port: number }).port)
      url.password = 'hunter2-pw'
      const schema = freshSchema('gone')
      schemas.push(schema)
      const store = await PostgresIssuerStore.open(url.toString(), { schema })
      assert.ok(await store.createList(revocation('https://guild.example/status/revocation-1')))
      await new Promise<void>((resolve) => {
        proxy.close(() => resolve())
        for (const s of sockets) s.destroy()
      })
      const error = await rejection(
        store.getList('https://guild.example/status/revocation-1'),
        'read from a server that is gone',
      )
      await store.close()
      assert.is(error.code, 'STORE_UNREACHABLE')
      assert.not.match(`${error.message} ${error.stack}`, 'hunter2')
    },
  )
  reach('a schema name that would need quoting is refused before connecting', async () => {
    for (const schema of ['Guild', 'a;drop table ledger', '', 'x'.repeat(64)]) {
      assert.is(
        await thrownCodeAsync(() => PostgresIssuerStore.open(DATABASE_URL as string, { schema })),
        'INVALID_SCHEMA_NAME',
      )
    }
  })
  reach.run()
}
