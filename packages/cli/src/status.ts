import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { jsonText, parseCredential, subjectsOf, terminalText } from '@tessera/schema'
import { decodeList, parseIndex, type StatusListType } from '@tessera/status'
import { fail } from './errors.js'
import { EXIT, type Io } from './io.js'
import { readInput } from './read-input.js'

const USAGE =
  'usage: tessera status decode <list-credential file | encodedList> [--index N] [--status-size N] [--json]\n'

interface ListSource {
  type: StatusListType
  purpose: string | undefined
  encodedList: unknown
}

/** A list credential file (JSON or JWT), or an encodedList given as it is. */
async function source(arg: string, io: Io): Promise<ListSource> {
  if (!existsSync(resolve(io.cwd, arg))) {
    // Both encodings are base64url GZIP ("H4sI..."); Bitstring Status List adds the multibase "u".
    return {
      type: arg.startsWith('u') ? 'BitstringStatusList' : 'StatusList2021',
      purpose: undefined,
      encodedList: arg,
    }
  }
  const { credential } = parseCredential(await readInput(arg, io.cwd))
  const [subject] = subjectsOf(credential)
  const type = subject?.type
  if (type !== 'BitstringStatusList' && type !== 'StatusList2021') {
    fail(
      'MALFORMED_VALUE_ERROR',
      `${arg} is not a status list credential (its subject is no BitstringStatusList or StatusList2021)`,
    )
  }
  const purpose = subject?.statusPurpose
  return {
    type,
    purpose: Array.isArray(purpose) ? purpose.join(', ') : typeof purpose === 'string' ? purpose : undefined,
    encodedList: subject?.encodedList,
  }
}

/** `tessera status decode`: type, purpose, length, entries set, and the value at an index. */
export async function statusCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      index: { type: 'string' },
      'status-size': { type: 'string', default: '1' },
      json: { type: 'boolean', default: false },
    },
    allowPositionals: true,
  })
  if (positionals[0] !== 'decode' || positionals.length !== 2) {
    io.stderr(USAGE)
    return EXIT.unusable
  }
  const statusSize = parseIndex(values['status-size'])
  const list = await source(positionals[1] as string, io)
  const bits = decodeList(list.encodedList, { type: list.type, statusSize })
  const index = values.index === undefined ? undefined : parseIndex(values.index)
  const report = {
    type: list.type,
    purpose: list.purpose ?? null,
    length: bits.length,
    statusSize,
    set: bits.countSet(),
    ...(index === undefined ? {} : { index, value: bits.get(index) }),
  }
  if (values.json) {
    io.stdout(`${jsonText(report, 2)}\n`)
  } else {
    const rows: [string, string][] = [
      ['type', report.type],
      ['purpose', report.purpose ?? '(not given)'],
      ['entries', `${report.length} of ${statusSize} bit${statusSize === 1 ? '' : 's'}`],
      ['set', String(report.set)],
    ]
    if (index !== undefined) rows.push([`index ${index}`, String(report.value)])
    io.stdout(rows.map(([k, v]) => `${k.padEnd(14)}${terminalText(v)}\n`).join(''))
  }
  return EXIT.ok
}
