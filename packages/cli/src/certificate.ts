/**
 * `tessera certificate`: the printable PDF certificate of any OB 3.0 credential (JSON or VC-JWT, any
 * issuer), through @tessera/certificate, so that the toolkit prints certificates and not only the
 * example. A name that cannot be printed (NAME_NOT_RENDERABLE, FONT_NOT_INSTALLED, NAME_TOO_LONG) is
 * refused with its code and no file is written.
 */
import { rename, rm, writeFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { certificatePdf, credentialJson } from '@tessera/certificate'
import { parseCredential, terminalText } from '@tessera/schema'
import { fail } from './errors.js'
import { EXIT, type Io } from './io.js'
import { readInput } from './read-input.js'

/**
 * What the QR code holds: `--verify-url` (with the VC-JWT in its fragment, as a verification page reads
 * it, when the credential is one and the URL has no fragment); else the credential's id when it is a
 * web address; else the VC-JWT itself, which `tessera verify -` reads from a scanner.
 */
function qrContent(verifyUrl: string | undefined, jwt: string | undefined, id: unknown): string {
  if (verifyUrl !== undefined) {
    let url: URL
    try {
      url = new URL(verifyUrl)
    } catch {
      fail('USAGE', `--verify-url ${verifyUrl} is no URL`)
    }
    return jwt !== undefined && url.hash === '' ? `${url.href}#${jwt}` : url.href
  }
  if (typeof id === 'string' && /^https?:\/\//.test(id)) return id
  if (jwt !== undefined) return jwt
  fail('USAGE', "the credential's id is no web address: give --verify-url, the page the QR code opens")
}

/** Writes the file whole or not at all (a temporary file beside it, renamed); a failure keeps its errno code (ENOENT, ENOSPC). */
async function writeWhole(path: string, data: Uint8Array): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`
  try {
    await writeFile(temporary, data)
    await rename(temporary, path)
  } catch (error) {
    await rm(temporary, { force: true })
    throw error
  }
}

/** `tessera certificate <file|-> --out FILE.pdf [--name NAME] [--locale L] [--verify-url URL] [--font FILE]...` */
export async function certificateCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      out: { type: 'string' },
      name: { type: 'string' },
      locale: { type: 'string' },
      'verify-url': { type: 'string' },
      font: { type: 'string', multiple: true },
    },
    allowPositionals: true,
  })
  if (positionals.length !== 1) fail('USAGE', 'give one credential file (or - for standard input)')
  if (values.out === undefined || values.out === '') fail('USAGE', '--out FILE.pdf is required')
  const input = new TextDecoder().decode(await readInput(positionals[0] as string, io.cwd))
  const parsed = parseCredential(input)
  const credential = credentialJson(parsed.credential)
  const jwt = parsed.format === 'jwt' ? input.trim() : undefined
  const pdf = await certificatePdf({
    credential,
    verificationUrl: qrContent(values['verify-url'], jwt, credential.id),
    ...(values.name === undefined ? {} : { recipientName: values.name }),
    ...(values.locale === undefined ? {} : { locale: values.locale }),
    ...(values.font === undefined ? {} : { fonts: values.font.map((f) => resolve(io.cwd, f)) }),
  })
  const out = resolve(io.cwd, values.out)
  await writeWhole(out, pdf)
  io.stdout(`${terminalText(values.out)}: certificate written (${Math.ceil(pdf.byteLength / 1024)} KB)\n`)
  return EXIT.ok
}
