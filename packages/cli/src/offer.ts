/**
 * `tessera offer`: a one-time credential offer for a member's standing credentials, for their wallet: the
 * `openid-credential-offer://` link and its QR code (on the terminal, or written to an SVG or PNG file),
 * and the transaction code to send them another way when one is asked for. The offer is recorded in the
 * store; the running `tessera serve` redeems it (the URL it answers at is read from the store).
 */
import { writeFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { jsonText, terminalText } from '@tessera/schema'
import { type ConfigurationFormat, openWalletService, qrDataUri, qrSvg, qrTerminal } from '@tessera/server'
import { EXIT, type Io } from './io.js'
import { usage } from './store-folder.js'

const FORMATS: readonly ConfigurationFormat[] = ['ldp_vc', 'jwt_vc_json']

function parseLifetime(text: string): number {
  const match = /^(\d{1,3})d$/.exec(text)
  if (match === null || Number(match[1]) < 1 || Number(match[1]) > 366)
    usage(`--expires-in takes days, from 1d to 366d, not ${text}`)
  return Number(match[1]) * 86_400_000
}

/**
 * `tessera offer --store DIR --member ID [--achievement ID | --clr] [--format ldp_vc|jwt_vc_json]... [--tx-code]
 * [--by-reference] [--expires-in 14d] [--base-url URL] [--qr FILE.svg|FILE.png] [--json]`
 */
export async function offerCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      store: { type: 'string' },
      member: { type: 'string' },
      achievement: { type: 'string' },
      clr: { type: 'boolean', default: false },
      format: { type: 'string', multiple: true },
      'tx-code': { type: 'boolean', default: false },
      'by-reference': { type: 'boolean', default: false },
      'expires-in': { type: 'string', default: '14d' },
      'base-url': { type: 'string' },
      qr: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  })
  if (values.store === undefined || values.member === undefined) usage('give --store and --member')
  if (values.clr && values.achievement !== undefined) usage('give --clr or --achievement, not both')
  // the member's CLR (tessera clr issues it): the achievement the server knows it by
  const achievement = values.clr ? 'clr' : values.achievement
  for (const format of values.format ?? [])
    if (!(FORMATS as readonly string[]).includes(format))
      usage(`--format is ldp_vc or jwt_vc_json, not ${format}`)
  if (values.qr !== undefined && !/\.(svg|png)$/i.test(values.qr)) usage('--qr names an .svg or a .png file')
  const lifetimeMs = parseLifetime(values['expires-in'])
  const opened = await openWalletService(resolve(io.cwd, values.store), process.env, {
    clock: io.now,
    ...(values['base-url'] === undefined ? {} : { baseUrl: values['base-url'] }),
  })
  let offer: Awaited<ReturnType<typeof opened.service.createOffer>>
  try {
    offer = await opened.service.createOffer({
      member: values.member,
      ...(achievement === undefined ? {} : { achievement }),
      ...(values.format === undefined ? {} : { formats: values.format as ConfigurationFormat[] }),
      txCode: values['tx-code'],
      byReference: values['by-reference'],
      lifetimeMs,
    })
  } finally {
    await opened.close()
  }
  if (values.qr !== undefined) {
    const file = resolve(io.cwd, values.qr)
    if (values.qr.toLowerCase().endsWith('.svg')) await writeFile(file, await qrSvg(offer.link))
    else await writeFile(file, Buffer.from((await qrDataUri(offer.link)).split(',')[1] as string, 'base64'))
  }
  if (values.json) {
    io.stdout(
      `${jsonText(
        {
          offerId: offer.offerId,
          link: offer.link,
          ...(offer.offerUri === undefined ? {} : { offerUri: offer.offerUri }),
          ...(offer.txCode === undefined ? {} : { txCode: offer.txCode }),
          expiresAt: offer.expiresAt.toISOString(),
          credentials: offer.credentials,
          qrSvg: await qrSvg(offer.link),
        },
        2,
      )}\n`,
    )
    return EXIT.ok
  }
  io.stdout(
    `offer ${offer.offerId} for member ${terminalText(values.member)}, valid until ${offer.expiresAt.toISOString()}:\n`,
  )
  for (const c of offer.credentials)
    io.stdout(`  ${terminalText(c.name)} (${c.credentialId}, ${c.configurationId})\n`)
  io.stdout(`\n${await qrTerminal(offer.link)}\n${offer.link}\n`)
  if (values.qr !== undefined) io.stdout(`QR code written to ${terminalText(values.qr)}\n`)
  if (offer.txCode !== undefined)
    io.stdout(`\ntransaction code: ${offer.txCode}  (send it to the member another way than the link)\n`)
  return EXIT.ok
}
