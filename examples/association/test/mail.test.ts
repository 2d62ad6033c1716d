// Member mail: the .eml parses (mailparser) with its baked badge and certificate attached and the share
// links in it; with SMTP_URL the same messages go through a real SMTP exchange (smtp-server on 127.0.0.1).
import { type AddressInfo, createServer } from 'node:net'
import { certificatePdf } from '@tessera/certificate'
import { bakePng } from '@tessera/issuer/node'
import { errorCodeOf } from '@tessera/schema'
import { qrDataUri } from '@tessera/server'
import { extractFromPng, Verifier } from '@tessera/verifier'
import { type ParsedMail, simpleParser } from 'mailparser'
import { SMTPServer } from 'smtp-server'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { association } from '../src/association.js'
import { badgeArtOf, badgeSvg, renderPng } from '../src/badge-art.js'
import { isConnectionFailure, type MailAward, memberMail, openMailer, sendMails, toEml } from '../src/mail.js'
import { credentialOf, shareLinksOf, verificationUrl } from '../src/share-links.js'
import { ada, NOW, testIssuer } from './helpers.js'
import { localSmtp, runAt, sheetFile, THREE_MEMBERS, tempFolders } from './run-helpers.js'

const PAGE = 'https://bookbinders.example/verify/'
const { signedAwards } = await testIssuer()
const signed = await signedAwards()
const awards: MailAward[] = await Promise.all(
  signed.slice(0, 3).map(async (award) => ({
    title: award.credential.credentialSubject.achievement.name,
    links: shareLinksOf(award.jwt, { verifyPageUrl: PAGE }),
    badge: {
      filename: `${award.key}.png`,
      content: bakePng(renderPng(badgeSvg(badgeArtOf(award, association.name)), { width: 256 }), award.json),
    },
    ...(award.kind === 'certificate'
      ? {
          certificate: {
            filename: `${award.key}.pdf`,
            content: await certificatePdf({
              credential: credentialOf(award.jwt),
              recipientName: ada.name,
              verificationUrl: verificationUrl(PAGE, award.jwt),
            }),
          },
        }
      : {}),
  })),
)
const message = memberMail({
  from: { name: 'Margaret Okonkwo, membership secretary', address: association.email },
  to: { name: ada.name, address: ada.email },
  association,
  awards,
  date: new Date('2026-01-05T09:00:00Z'),
})

async function checkParsed(mail: ParsedMail) {
  assert.match(
    mail.subject ?? '',
    /^Your Guild of Independent Bookbinders credentials: Membership 2026, Certified/,
  )
  assert.is(mail.from?.value[0]?.address, association.email)
  assert.equal(
    (Array.isArray(mail.to) ? mail.to : [mail.to]).flatMap((t) => t?.value.map((v) => v.address)),
    [ada.email],
  )
  assert.match(mail.text ?? '', /^Dear Ada,/)
  for (const award of awards) {
    assert.ok(mail.text?.includes(award.links.verify), 'verification link in the text')
    assert.ok(mail.text?.includes(award.links.linkedInAddToProfile), 'LinkedIn link in the text')
    assert.ok(typeof mail.html === 'string' && mail.html.includes('Add it to your LinkedIn profile'))
  }
  assert.equal(
    mail.attachments.map((a) => [a.filename, a.contentType]),
    [
      ['membership-2026.png', 'image/png'],
      ['certified-practitioner.png', 'image/png'],
      ['certified-practitioner.pdf', 'application/pdf'],
      ['conference-2026.png', 'image/png'],
    ],
  )
  const verifier = new Verifier({ offline: true })
  for (const [i, attachment] of mail.attachments.filter((a) => a.contentType === 'image/png').entries()) {
    assert.equal(JSON.parse(extractFromPng(attachment.content)), signed[i]?.json)
    assert.ok((await verifier.verifyCredential(attachment.content, { now: NOW })).verified)
  }
  const pdf = mail.attachments.find((a) => a.contentType === 'application/pdf')
  assert.is(pdf?.content.subarray(0, 5).toString('latin1'), '%PDF-')
}

test('the .eml parses, with its baked badges (which verify), the certificate and the share links', async () => {
  const eml = await toEml(message)
  const text = Buffer.from(eml).toString('latin1')
  assert.match(text, /^Content-Type: multipart\/mixed/m)
  assert.match(text, /^Date: Mon, 05 Jan 2026 09:00:00 \+0000$/m)
  await checkParsed(await simpleParser(Buffer.from(eml)))
})

test('with the wallet service, the mail says "Add to your wallet": the link, and its QR code inline (cid:)', async () => {
  const link =
    'openid-credential-offer://?credential_offer_uri=https%3A%2F%2Fbookbinders.example%2Fwallet%2Fcredential-offer%2Fabc'
  const qrPng = Buffer.from((await qrDataUri(link)).split(',')[1] as string, 'base64')
  const withWallet = memberMail({
    from: { name: 'Margaret Okonkwo, membership secretary', address: association.email },
    to: { name: ada.name, address: ada.email },
    association,
    awards,
    date: new Date('2026-01-05T09:00:00Z'),
    wallet: { link, qrPng, expiresAt: new Date('2026-01-19T09:00:00Z') },
  })
  const parsed = await simpleParser(Buffer.from(await toEml(withWallet)))
  assert.match(parsed.text ?? '', /Add to your wallet: scan the QR code/)
  assert.ok(parsed.text?.includes(link), 'the link in the text')
  assert.match(parsed.text ?? '', /until 2026-01-19/)
  const html = String(parsed.html)
  assert.match(html, /<h3>Add to your wallet<\/h3>/)
  assert.ok(html.includes(`href="${link}"`), 'the link in the HTML')
  const qr = parsed.attachments.find((a) => a.contentType === 'image/png' && a.cid !== undefined)
  assert.ok(qr, 'the QR code is an inline attachment with a Content-ID')
  assert.is(qr.contentDisposition, 'inline')
  assert.ok(String(withWallet.html).includes(`src="cid:${qr.cid}"`), 'the HTML shows it by its cid')
  assert.equal([...qr.content], [...qrPng])
  // The badges, the certificate and the links are all still there.
  await checkParsed({ ...parsed, attachments: parsed.attachments.filter((a) => a !== qr) })
})

test('with progress on a pathway, the mail says what is next (text and HTML); without, nothing', async () => {
  const summary = '2 of 3 steps toward Master Binder; next: Project Contributor'
  const withProgress = memberMail({
    from: { name: 'Margaret Okonkwo, membership secretary', address: association.email },
    to: { name: ada.name, address: ada.email },
    association,
    awards,
    progress: [summary, '1 of 2 steps toward Conservator & Restorer; next: <Ethics>'],
  })
  const parsed = await simpleParser(Buffer.from(await toEml(withProgress)))
  assert.match(
    parsed.text ?? '',
    /What is next on your pathways:\n\* 2 of 3 steps toward Master Binder; next: Project Contributor\n/,
  )
  assert.match(String(withProgress.html), /<h3>What is next on your pathways<\/h3>/)
  assert.match(
    String(withProgress.html),
    /<li>2 of 3 steps toward Master Binder; next: Project Contributor<\/li>/,
  )
  assert.match(String(withProgress.html), /Conservator &#38; Restorer; next: &#60;Ethics&#62;/)
  assert.not.match(String(message.text), /What is next/)
  assert.not.match(String(message.html), /What is next/)
})

test('without the wallet service, nothing about wallets', () => {
  assert.not.match(String(message.text), /wallet app|Add to your wallet/)
  assert.not.match(String(message.html), /Add to your wallet|cid:/)
})

test('a run with ASSOCIATION_WALLET_URL: each member mail carries a one-time offer of their credentials, by reference', async () => {
  const folders = tempFolders('mail-wallet')
  const smtp = await localSmtp()
  try {
    const members = sheetFile(folders.root, THREE_MEMBERS)
    const run = await runAt('2026-01-05T09:00:00Z', [], {
      folders,
      members,
      env: { SMTP_URL: smtp.url, ASSOCIATION_WALLET_URL: 'https://bookbinders.example/wallet' },
    })
    assert.is(run.code, 0, run.text)
    assert.is(smtp.received.length, 3)
    const links = new Set<string>()
    for (const received of smtp.received) {
      const parsed = await simpleParser(received.raw)
      assert.match(parsed.text ?? '', /Add to your wallet/)
      const link = /openid-credential-offer:\/\/\?credential_offer_uri=\S+/.exec(parsed.text ?? '')?.[0]
      assert.ok(link, 'the offer link')
      assert.ok(
        decodeURIComponent(link).includes('=https://bookbinders.example/wallet/credential-offer/'),
        link,
      )
      links.add(link)
      assert.ok(parsed.attachments.some((a) => a.cid !== undefined && a.contentType === 'image/png'))
    }
    assert.is(links.size, 3, 'one offer per member')
  } finally {
    await smtp.close()
    folders.remove()
  }
})

test('sendMails delivers through SMTP (with AUTH) to a local server', async () => {
  const received: Buffer[] = []
  const logins: string[] = []
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      logins.push(`${auth.username}:${auth.password}`)
      callback(null, { user: auth.username })
    },
    onData(stream, _session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () => {
        received.push(Buffer.concat(chunks))
        callback()
      })
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  try {
    const { port } = server.server.address() as AddressInfo
    const sent = await sendMails(`smtp://secretary:s3cret@127.0.0.1:${port}`, [message, message])
    assert.is(sent.length, 2)
    assert.equal(sent[0]?.accepted, [ada.email])
    assert.equal(logins, ['secretary:s3cret'])
    assert.is(received.length, 2)
    await checkParsed(await simpleParser(received[0] ?? Buffer.alloc(0)))
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }
})

test('a message keeps the Message-ID and Date it is given (a mail sent again is the same mail)', async () => {
  const again = memberMail({
    from: { name: association.name, address: association.email },
    to: { name: ada.name, address: ada.email },
    association,
    awards: awards.slice(0, 1),
    date: new Date('2031-06-30T23:59:00Z'),
    messageId: '<3f1c-once@bookbinders.example>',
  })
  const parsed = await simpleParser(Buffer.from(await toEml(again)))
  assert.is(parsed.messageId, '<3f1c-once@bookbinders.example>')
  assert.is(parsed.date?.toISOString(), '2031-06-30T23:59:00.000Z')
})

async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer()
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo
      server.close(() => resolve(port))
    })
  })
}

test("failures: an unreachable server is the connection's (stop sending); a refused address the message's", async () => {
  const down = openMailer(`smtp://127.0.0.1:${await closedPort()}`)
  try {
    const error = await down.send(message).then(
      () => undefined,
      (e: unknown) => e,
    )
    assert.ok(error !== undefined, 'sent to a closed port')
    assert.ok(isConnectionFailure(error), String(errorCodeOf(error)))
  } finally {
    down.close()
  }
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(_address, _session, callback) {
      callback(Object.assign(new Error('no such mailbox'), { responseCode: 550 }))
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const refusing = openMailer(`smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`)
  try {
    const error = await refusing.send(message).then(
      () => undefined,
      (e: unknown) => e,
    )
    assert.ok(error !== undefined, 'a refused address was sent')
    assert.not.ok(isConnectionFailure(error), String(errorCodeOf(error)))
  } finally {
    refusing.close()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }
})

test('names in every script come through the message: the To header, the greeting, the HTML (isolated for bidi), in UTF-8', async () => {
  for (const name of [
    'Łukasz Wiśniewski',
    'Ελένη Παπαδοπούλου',
    '张伟',
    'محمد عبد الله',
    'דוד כהן',
    'देवनागरी क्षत्रिय',
    'สมชาย ใจดี',
    'Ana 🎉',
  ]) {
    const eml = await toEml(
      memberMail({
        from: { name: 'Margaret Okonkwo', address: association.email },
        to: { name, address: 'member@example.org' },
        association,
        awards: awards.slice(0, 1),
        date: new Date('2026-01-05T09:00:00Z'),
      }),
    )
    const head = new TextDecoder().decode(eml).split('\r\n\r\n')[0] ?? ''
    assert.ok(
      [...head].every((c) => c.charCodeAt(0) < 0x80),
      'the headers are 7-bit (encoded words)',
    )
    const mail = await simpleParser(Buffer.from(eml))
    const to = Array.isArray(mail.to) ? mail.to[0] : mail.to
    assert.is(to?.value[0]?.name, name)
    const first = name.split(' ')[0] ?? name
    assert.ok(mail.text?.startsWith(`Dear ${first},`), mail.text)
    assert.ok(String(mail.html).includes(`Dear <bdi>${first}</bdi>,`), String(mail.html))
  }
})

test.run()
