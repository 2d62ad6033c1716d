// The referral codes the example's sheet uses (data/referral-codes.csv): a store that lacks them learns
// them, once; a line with no code, or a code the store holds for another member, is left out and said.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { MemoryReferralStore } from '@tessera/awards'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { learnReferralCodes, REFERRAL_CODES_FILE } from '../src/referral-codes.js'

const NOW = new Date('2027-03-15T10:00:00Z')

test('the example’s codes are learnt once, each its member’s', async () => {
  const store = new MemoryReferralStore()
  assert.equal(await learnReferralCodes(store, REFERRAL_CODES_FILE, NOW), [])
  assert.equal(
    (await store.codes()).map((c) => [c.memberId, c.code]),
    [
      ['M-0001', '3Q5RC-WY8C5-A8PXM'],
      ['M-0007', 'CGF3B-XFK98-G8WMM'],
      ['M-0046', 'N17RJ-BKFHX-8J3RD'],
    ],
  )
  assert.equal(await learnReferralCodes(store, REFERRAL_CODES_FILE, NOW), [])
  assert.is((await store.codes()).length, 3)
})

test('a line with no code, a code held for another member, a file without its header: said, left out', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-referral-codes-'))
  try {
    const store = new MemoryReferralStore()
    await store.addCode({ code: '3Q5RC-WY8C5-A8PXM', memberId: 'M-0009', createdAt: NOW.toISOString() })
    const file = join(dir, 'codes.csv')
    writeFileSync(
      file,
      'member_id,code\nM-0001,3q5rc wy8c5 a8pxm\nM-0002,not-a-code\n,CGF3B-XFK98-G8WMM\nM-0007,CGF3BXFK98G8WMM\n',
    )
    assert.equal(await learnReferralCodes(store, file, NOW), [
      "referral codes, line 2: 3Q5RC-WY8C5-A8PXM is M-0009's, not M-0001's",
      'referral codes, line 3: "M-0002,not-a-code" is no member and code',
      'referral codes, line 4: ",CGF3B-XFK98-G8WMM" is no member and code',
    ])
    assert.is((await store.code('CGF3B-XFK98-G8WMM'))?.memberId, 'M-0007')
    const headless = join(dir, 'headless.csv')
    writeFileSync(headless, 'M-0001,3Q5RC-WY8C5-A8PXM\n')
    const said = await learnReferralCodes(new MemoryReferralStore(), headless, NOW)
    assert.is(said.length, 1)
    assert.match(said[0] ?? '', /the first line is not "member_id,code"/)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test.run()
