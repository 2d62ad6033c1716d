// The recipients spreadsheet as members' systems export it (comma, semicolon and tab separated text,
// UTF-8 and UTF-16, Excel workbooks) and as an attacker writes it: every refusal with its code, the good
// rows still read, memory bounded whatever the file holds.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { errorCodeOf } from '@tessera/schema'
import { collect, thrownCodeAsync } from '@tessera/testkit'
import { sheetXml, workbook } from '@tessera/testkit/xlsx'
import { zipSync } from 'fflate'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { MEMBER_ID_PATTERN, type RecipientRow, readRecipients } from '../src/node/index.js'
import { columnNameOf } from '../src/node/recipients.js'
import { sniffDelimiter } from '../src/node/sheet-text.js'
import { COLUMN_LIMITS } from '../src/text-rules.js'

const dir = mkdtempSync(join(tmpdir(), 'tessera-recipients-'))
let files = 0

/** Writes `content` to a new file of the test folder; returns its path. */
function file(content: string | Uint8Array, extension = 'csv'): string {
  const path = join(dir, `sheet-${++files}.${extension}`)
  writeFileSync(path, content)
  return path
}

/** Each row as the member id it was read as, or `[line, column, code]` of its refusal. */
const outcomes = (rows: RecipientRow[]) =>
  rows.map((r) => (r.ok ? r.recipient.memberId : [r.problem.line, r.problem.column ?? '-', r.problem.code]))

const read = async (input: string | Readable) => collect(readRecipients(input))

test('semicolon, tab and comma separated files read alike; a comma inside a semicolon file is text', async () => {
  const rows = [
    ['member_id', 'name', 'email'],
    ['M-1', 'Müller, Hans', 'hans@example.de'],
    ['M-2', 'Zoë Dupont', 'zoe@example.fr'],
  ]
  for (const delimiter of [';', '\t', ',']) {
    const text = rows
      .map((r) => r.map((c) => (c.includes(delimiter) ? `"${c}"` : c)).join(delimiter))
      .join('\r\n')
    const read1 = await read(file(`${text}\r\n`))
    assert.equal(outcomes(read1), ['M-1', 'M-2'], JSON.stringify(delimiter))
    assert.is((read1[0] as { ok: true; recipient: { name: string } }).recipient.name, 'Müller, Hans')
  }
})

test('Excel\'s UTF-16 "Unicode Text" (tab separated, with a byte order mark), UTF-8 with a BOM, and sep=;', async () => {
  const utf16 = Buffer.from('\ufeffmember_id\tname\temail\r\nM-1\tŁukasz\tl@example.pl\r\n', 'utf16le')
  const [row] = await read(file(utf16, 'txt'))
  assert.ok(row?.ok && row.recipient.name === 'Łukasz', JSON.stringify(row))
  const bom = await read(file('\ufeffmember_id;name;email\nM-1;Ada;a@example.org\n'))
  assert.equal(outcomes(bom), ['M-1'])
  // Excel's own hint line: the separator is named, and line numbers still count it
  const hinted = await read(file('sep=;\nmember_id;name;email\nM-1;Ada;a@example.org\nM-2;Bea;nope\n'))
  assert.equal(outcomes(hinted), ['M-1', [4, 'email', 'INVALID_EMAIL']])
})

test('the delimiter is the one that splits the header into the expected columns', () => {
  const expected = ['member_id', 'name', 'email']
  assert.is(sniffDelimiter('member_id;name;email', expected, columnNameOf), ';')
  assert.is(sniffDelimiter('member_id\tname\temail', expected, columnNameOf), '\t')
  assert.is(sniffDelimiter('member_id,name,email', expected, columnNameOf), ',')
  assert.is(sniffDelimiter('"member_id;x",name,email', expected, columnNameOf), ',')
  assert.is(columnNameOf(' Member ID '), 'member_id')
  assert.is(columnNameOf('E-Mail'), 'email')
})

test('MISSING_COLUMNS says what the header holds, how it was read, and what was expected', async () => {
  const path = file('Mitglied;Name;Mail\nM-1;Ada;a@example.org\n')
  let message = ''
  try {
    await read(path)
  } catch (error) {
    message = (error as Error).message
    assert.is(errorCodeOf(error), 'MISSING_COLUMNS')
  }
  assert.match(message, /read as semicolon-separated text/)
  assert.match(message, /lacks member_id, email/)
  assert.match(message, /it has "mitglied", "name", "mail"/)
  assert.match(message, /expected member_id, name, email/)
  assert.is(await thrownCodeAsync(() => read(file(''))), 'MISSING_COLUMNS')
  assert.is(
    await thrownCodeAsync(() => read(file('member_id,name,email,email\nM-1,A,a@x.org,b@x.org\n'))),
    'DUPLICATE_COLUMNS',
  )
})

test('member ids: the documented pattern; a path, a 300-character id, spaces and escapes refused per row', async () => {
  assert.ok(MEMBER_ID_PATTERN.test('M-0042'))
  assert.ok(MEMBER_ID_PATTERN.test('a'.repeat(64)))
  const rows = await read(
    file(
      [
        'member_id,name,email',
        '../../../../tmp/x/evil,Eve,e@example.org',
        `${'x'.repeat(300)},Long,l@example.org`,
        'M 1,Space,s@example.org',
        '..\\..\\windows,Win,w@example.org',
        '.hidden,Dot,d@example.org',
        'M-\u001b[2J,Esc,x@example.org',
        'M-2,Good,g@example.org',
        'm-2.b_c,Good too,h@example.org',
        '',
      ].join('\n'),
    ),
  )
  assert.equal(outcomes(rows), [
    [2, 'member_id', 'INVALID_MEMBER_ID'],
    [3, 'member_id', 'VALUE_TOO_LONG'],
    [4, 'member_id', 'INVALID_MEMBER_ID'],
    [5, 'member_id', 'INVALID_MEMBER_ID'],
    [6, 'member_id', 'INVALID_MEMBER_ID'],
    [7, 'member_id', 'CONTROL_CHARACTER'],
    'M-2',
    'm-2.b_c',
  ])
  // A refused id is not handed back as the row's member id; the reason never holds the raw control.
  for (const row of rows)
    if (!row.ok) {
      assert.is(row.problem.memberId, undefined)
      assert.not.ok(row.problem.reason.includes('\u001b'))
      assert.ok(row.problem.reason.length < 300, row.problem.reason)
    }
})

test('names: every script kept (NFC); line breaks, escapes, C1 and bidi controls refused with their code', async () => {
  const rows = await read(
    file(
      [
        'member_id,name,email',
        'M-1,"Ada\r\nLovelace",a@example.org',
        'M-2,Mallory\u202egnp.exe,m@example.org',
        'M-3,Nel\u0085Line,n@example.org',
        'M-4,Del\u007f,d@example.org',
        'M-5,Isolate\u2067x\u2069,i@example.org',
        'M-6,Mark\u200fed,k@example.org',
        'M-7,Arabic\u061cmark,r@example.org',
        'M-8,Para\u2029graph,p@example.org',
        'M-9,Zoe\u0308 李小龍 Ωμέγα محمد,z@example.org',
        '',
      ].join('\n'),
    ),
  )
  assert.equal(outcomes(rows), [
    [2, 'name', 'CONTROL_CHARACTER'],
    // csv-parse counts the CR and the LF inside the quoted name as two lines
    [5, 'name', 'BIDI_CONTROL'],
    [6, 'name', 'CONTROL_CHARACTER'],
    [7, 'name', 'CONTROL_CHARACTER'],
    [8, 'name', 'BIDI_CONTROL'],
    [9, 'name', 'BIDI_CONTROL'],
    [10, 'name', 'BIDI_CONTROL'],
    [11, 'name', 'CONTROL_CHARACTER'],
    'M-9',
  ])
  const last = rows.at(-1)
  assert.ok(last?.ok)
  // NFC: e + combining diaeresis becomes one ë
  assert.is(last.recipient.name, 'Zoë 李小龍 Ωμέγα محمد')
})

test('every column has a length limit, refused per row; an 850 KB name is refused fast and the next row read', async () => {
  const huge = 'N'.repeat(850 * 1024)
  const rows = await read(
    file(
      [
        'member_id,name,email,did,valid_until,notes',
        `M-1,${huge},a@example.org,,,`,
        `M-2,Bea,${'b'.repeat(250)}@example.org,,,`,
        `M-3,Cy,c@example.org,did:web:${'x'.repeat(COLUMN_LIMITS.did)},,`,
        `M-4,Dee,d@example.org,,${'2026-12-31'.repeat(4)},`,
        `M-5,Eve,e@example.org,,,${'text '.repeat(1000)}`,
        `M-6,${'N'.repeat(COLUMN_LIMITS.name)},f@example.org,,,`,
        '',
      ].join('\n'),
    ),
  )
  assert.equal(outcomes(rows), [
    [2, 'name', 'VALUE_TOO_LONG'],
    [3, 'email', 'VALUE_TOO_LONG'],
    [4, 'did', 'VALUE_TOO_LONG'],
    [5, 'valid_until', 'VALUE_TOO_LONG'],
    [6, 'notes', 'VALUE_TOO_LONG'],
    'M-6',
  ])
})

test('a record over 1 MiB (a quote that never closes) ends the read with ROW_TOO_LARGE, after the rows before it', async () => {
  const text = `member_id,name,email\nM-1,Ada,a@example.org\nM-2,"Bea,b@example.org\n${'M-3,x,c@example.org\n'.repeat(60_000)}`
  const seen: RecipientRow[] = []
  const code = await thrownCodeAsync(async () => {
    for await (const row of readRecipients(file(text))) seen.push(row)
  })
  assert.is(code, 'ROW_TOO_LARGE')
  assert.equal(outcomes(seen), ['M-1'])
})

test('a malformed row is MALFORMED_ROW on its line; bytes that are not UTF-8 are INVALID_ENCODING', async () => {
  const rows = await read(file('member_id,name,email\nM-1,Ada,a@example.org,extra\nM-2,Bea,b@example.org\n'))
  assert.equal(outcomes(rows), [[2, '-', 'MALFORMED_ROW'], 'M-2'])
  const latin1 = Buffer.concat([Buffer.from('member_id,name,email\nM-1,M'), Buffer.from([0xfc, 0x6c])])
  assert.is(await thrownCodeAsync(() => read(file(latin1))), 'INVALID_ENCODING')
  assert.is(await thrownCodeAsync(() => read(join(dir, 'no-such.csv'))), 'FILE_NOT_READABLE')
})

test('a stream reads like a file; a column named __proto__ is only a column', async () => {
  const rows = await read(Readable.from(['member_id,name,email,__proto__\n', 'M-1,Ada,a@example.org,x\n']))
  const [row] = rows
  assert.ok(row?.ok)
  assert.is(Object.getPrototypeOf(row.recipient.fields), Object.prototype)
  assert.is(Object.getOwnPropertyDescriptor(row.recipient.fields, '__proto__')?.value, 'x')
})

test('an .xlsx workbook: rows by their sheet row number, numbers and names as text, the same checks', async () => {
  const xlsx = workbook(
    sheetXml(
      [
        ['Member ID', 'Name', 'E-mail', 'valid_until'],
        ['M-1', 'Łukasz Wiśniewski', 'lukasz@example.pl', '2027-01-01'],
        [42, 'Bob', 'bob@example.org', null],
        [],
        ['../evil', 'Eve', 'e@example.org', null],
        ['M-3', 'Line\nbreak', 'c@example.org', null],
      ],
      3,
    ),
  )
  // told by its bytes, whatever its name
  const rows = await read(file(xlsx, 'dat'))
  assert.equal(outcomes(rows), [
    'M-1',
    '42',
    [7, 'member_id', 'INVALID_MEMBER_ID'],
    [8, 'name', 'CONTROL_CHARACTER'],
  ])
  const first = rows[0]
  assert.ok(first?.ok)
  assert.is(first.recipient.line, 4)
  assert.is(first.recipient.name, 'Łukasz Wiśniewski')
  assert.is(first.recipient.validUntil, '2027-01-01')
  const bad = workbook(sheetXml([['member_id', 'name', 'mail']]))
  assert.is(await thrownCodeAsync(() => read(file(bad, 'xlsx'))), 'MISSING_COLUMNS')
})

test('workbooks: a zip bomb, a sheet spanning a billion cells, hidden entries, .xls, garbage: refused in bounded memory', async () => {
  const before = process.memoryUsage().rss
  // 100 MB of XML that deflates to a few hundred KB
  const bomb = workbook(sheetXml([['member_id', 'name', 'email']]), {
    'xl/sharedStrings.xml': [new Uint8Array(100 * 1024 * 1024).fill(0x20), { level: 1 }],
  })
  assert.ok(bomb.length < 2 * 1024 * 1024, String(bomb.length))
  assert.is(await thrownCodeAsync(() => read(file(bomb, 'xlsx'))), 'SHEET_TOO_LARGE')
  // two cells, a grid of 1,048,576 × 16,384
  const sparse = workbook(
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>member_id</t></is></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>',
  )
  assert.is(await thrownCodeAsync(() => read(file(sparse, 'xlsx'))), 'SHEET_TOO_LARGE')
  // an entry a streaming unzipper would read but the central directory does not list
  const honest = Buffer.from(workbook(sheetXml([['member_id', 'name', 'email']])))
  const hidden = Buffer.from(zipSync({ 'xl/hidden.xml': new Uint8Array(10) }))
  const hiddenLocal = hidden.subarray(0, hidden.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])))
  assert.is(
    await thrownCodeAsync(() => read(file(Buffer.concat([hiddenLocal, honest]), 'xlsx'))),
    'INVALID_WORKBOOK',
  )
  assert.is(
    await thrownCodeAsync(() =>
      read(file(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), 'xls')),
    ),
    'INVALID_WORKBOOK',
  )
  assert.is(
    await thrownCodeAsync(() => read(file(Buffer.from('PK\u0003\u0004 not really a zip'), 'xlsx'))),
    'INVALID_WORKBOOK',
  )
  assert.ok(process.memoryUsage().rss - before < 400 * 1024 * 1024, 'memory stayed bounded')
})

test.after(() => rmSync(dir, { recursive: true, force: true }))

test.run()
