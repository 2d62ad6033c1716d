// Bad rows stay the row's: a member id that is a path (../../../../tmp/x/evil), one of 300 characters,
// one that would share another's files, a name with escape sequences: each refused with its line and code,
// nothing written outside out/, the good rows issued. A row that fails while its files are written is
// reported, the run goes on and exits 1, and a re-run finishes it, mailing only what was not mailed.
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { writeFileAtomic } from '@tessera/issuer/node'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import type { WriteFile } from '../src/output.js'
import {
  communications,
  filesUnder,
  localSmtp,
  runAt,
  sheetFile,
  THREE_MEMBERS,
  tempFolders,
} from './run-helpers.js'

const NOW = '2027-03-15T10:00:00Z'
const EVIL = '../../../../tmp/x/evil'

test('refused rows: a path, a long id, ids sharing files, escape sequences; the good rows go on', async () => {
  const folders = tempFolders('association-rows')
  try {
    const members = sheetFile(folders.root, [
      'A-1,Ann Archer,ann@example.org,2015-02-01,Full member,,yes,yes,,,',
      `${EVIL},Eve,eve@example.org,2020-01-01,Full member,,,,,,`,
      `${'M'.repeat(300)},Long,long@example.org,2020-01-01,Full member,,,,,,`,
      'A-1.,Dot,dot@example.org,2020-01-01,Full member,,,,,,',
      '"B-2","\u001b[2J\u001b[31mMallory","mallory@example.org",2020-01-01,Full member,,,,,,',
      'a-1,Ann Again,ann.again@example.org,2020-01-01,Full member,,,,,,',
      'A-2,Bea Baker,bea@example.org,2021-05-05,Full member,,,,,,',
    ])
    const run = await runAt(NOW, [], { folders, members })
    assert.is(run.code, 0, run.text)
    assert.match(run.text, /2 members on the spreadsheet, 5 rows refused/)
    assert.match(
      run.text,
      /refused: line 3: member id "\.\.\/\.\.\/\.\.\/\.\.\/tmp\/x\/evil" is not letters, digits/,
    )
    assert.match(run.text, /refused: line 4: member id is over 64 characters/)
    assert.match(run.text, /refused: line 5 \(A-1\.\): member id "A-1\." cannot name its files as it is/)
    assert.match(run.text, /refused: line 6 \(B-2\): name holds a control character \(U\+001B/)
    assert.match(
      run.text,
      /refused: line 7 \(a-1\): member id a-1 differs only in case from the one on line 2/,
    )
    assert.match(run.text, /emails: 2 sent/)
    // nothing outside out/ and the store; nowhere the path the old version wrote to
    for (const file of filesUnder(folders.root))
      assert.ok(/^(out|store)\/|^members-/.test(file), `${file} is outside out/ and the store`)
    for (const folder of ['credentials', 'badges', 'links', 'mail'])
      for (const extension of ['json', 'jwt', 'png', 'svg', 'eml'])
        assert.not.ok(existsSync(resolve(join(folders.out, folder), `${EVIL}-membership-2027.${extension}`)))
    assert.ok(filesUnder(folders.out).includes('credentials/A-2-membership-2027.jwt'))
    // and a re-run is as quiet as the first was clean
    const again = await runAt(NOW, [], { folders, members })
    assert.is(again.code, 0, again.text)
    assert.match(again.text, /emails: 0 sent/)
  } finally {
    folders.remove()
  }
})

test('a row that fails at run time: reported, the others finish, exit 1; a re-run finishes it', async () => {
  const folders = tempFolders('association-row-fails')
  const smtp = await localSmtp()
  try {
    const members = sheetFile(folders.root, THREE_MEMBERS)
    // A-2's membership badge cannot be written (an I/O error of that file only)
    const flaky: WriteFile = async (path, data) => {
      if (path.endsWith('A-2-membership-2027.png'))
        throw Object.assign(new Error(`EIO: i/o error, write '${path}'`), { code: 'EIO' })
      return writeFileAtomic(path, data)
    }
    const env = { SMTP_URL: smtp.url }
    const first = await runAt(NOW, [], { folders, members, env, writeFile: flaky })
    assert.is(first.code, 1, first.text)
    assert.match(first.text, /not finished: A-2 membership-2027: EIO: i\/o error/)
    assert.match(first.text, /emails: 2 sent/)
    assert.equal(
      smtp.received.map((m) => m.to[0]),
      ['ann@example.org', 'cy@example.org'],
    )
    const second = await runAt(NOW, [], { folders, members, env })
    assert.is(second.code, 0, second.text)
    assert.match(second.text, /emails: 1 sent/)
    assert.equal(
      smtp.received.map((m) => m.to[0]),
      ['ann@example.org', 'cy@example.org', 'bea@example.org'],
    )
    const log = await communications(folders.store)
    assert.is(new Set(log.map((r) => r.messageId)).size, 3)
    assert.ok(log.every((r) => r.state === 'sent'))
  } finally {
    await smtp.close()
    folders.remove()
  }
})

test.run()
