import { parseArgs } from 'node:util'
import {
  isTesseraError,
  jsonText,
  parseCredential,
  terminalText,
  type ValidationIssue,
  validateCredential,
} from '@tessera/schema'
import { EXIT, type Io } from './io.js'
import { readInput } from './read-input.js'

function line(issue: ValidationIssue): string {
  return `  ${terminalText(issue.path || '/')}: ${terminalText(issue.message)} [${issue.code}]\n`
}

/** `tessera validate <file|-> [--json]`: 0 valid, 1 invalid, 2 unusable input. */
export async function validateCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { json: { type: 'boolean', default: false } },
    allowPositionals: true,
  })
  if (positionals.length !== 1) {
    io.stderr('usage: tessera validate <file|-> [--json]\n')
    return EXIT.unusable
  }
  const file = positionals[0] as string
  let parsed: ReturnType<typeof parseCredential>
  try {
    parsed = parseCredential(await readInput(file, io.cwd))
  } catch (error) {
    if (values.json && isTesseraError(error)) {
      io.stdout(`${jsonText({ valid: false, error: { code: error.code, message: error.message } }, 2)}\n`)
      return EXIT.unusable
    }
    throw error
  }
  const result = validateCredential(parsed.credential)
  if (values.json) {
    io.stdout(`${jsonText({ ...result, format: parsed.format }, 2)}\n`)
  } else {
    const model = result.model === 'vcdm2' ? 'VCDM 2.0' : 'VCDM 1.1'
    io.stdout(
      `${terminalText(file)}: ${result.valid ? 'valid' : 'invalid'} ${result.kind} credential (${parsed.format}, ${model})\n`,
    )
    for (const issue of result.errors) io.stdout(line(issue))
    if (result.warnings.length > 0) io.stdout(`warnings:\n${result.warnings.map(line).join('')}`)
  }
  return result.valid ? EXIT.ok : EXIT.negative
}
