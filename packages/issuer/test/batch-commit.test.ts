// A batch's commits cover exactly the rows whose results they hand out, when rows finish together: the
// checking worker answers several checks in one message, and the rows it answers complete their ledger
// rows in one run of promises. A commit in the middle of that run covered a row whose result was not
// held yet: committed as issued, then never reported when the next commit failed (a full disk).
import { TesseraError } from '@tessera/schema'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { type BatchResult, issueRows } from '../src/batch.js'
import type { Issued } from '../src/issuer.js'
import type { IssuerStore, WriteGroup } from '../src/store.js'

/** A store whose transaction records the rows written; its commits after the first fail: STORE_FULL. */
function storeFillingUp() {
  let written: string[] = []
  const committed: string[] = []
  let commits = 0
  const group: WriteGroup = {
    commit: async () => {
      if (++commits > 1) throw new TesseraError('STORE_FULL', 'the disk is full')
      committed.push(...written)
      written = []
    },
    close: async () => {
      committed.push(...written)
      written = []
    },
    rollback: async () => {
      written = []
    },
  }
  const store = { writeGroup: async () => group } as unknown as IssuerStore
  return { store, write: (key: string) => written.push(key), committed }
}

test('rows finishing in one run of promises are committed with their results, not before them', async () => {
  const { store, write, committed } = storeFillingUp()
  // Rows are answered seven at a time, in one callback, as the checking worker answers them.
  let waiting: (() => void)[] = []
  const answerAll = () => {
    const now = waiting
    waiting = []
    for (const answer of now) answer()
  }
  const timer = setInterval(answerAll, 1)
  const issue = async (_credential: unknown, options: { key?: string }): Promise<Issued> => {
    await new Promise<void>((resolve) => {
      waiting.push(resolve)
      if (waiting.length >= 7) answerAll()
    })
    // the ledger row completes in the transaction: written, not yet committed
    write(options.key as string)
    return { credentialId: options.key as string, credential: 'x.y.z', existing: false } as Issued
  }
  const reported: string[] = []
  const rows = Array.from({ length: 600 }, (_, i) => ({ key: `M-${i}`, credential: {} }))
  let stopped: unknown
  try {
    await issueRows(store, issue, rows, {
      onResult: (result: BatchResult) => void reported.push(result.key),
    })
  } catch (error) {
    stopped = error
  } finally {
    clearInterval(timer)
  }
  assert.is((stopped as TesseraError | undefined)?.code, 'STORE_FULL')
  assert.ok(committed.length >= 256, `${committed.length} committed`)
  assert.equal([...reported].sort(), [...committed].sort())
})

test.run()
