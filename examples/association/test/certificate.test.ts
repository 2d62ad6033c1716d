// The printable certificate (@tessera/certificate, as the example uses it): one page, the member's name
// and the achievement as real text, and a QR code that decodes (read back from the image in the PDF)
// to the verification URL with the credential.

import { readFileSync } from 'node:fs'
import { inflateSync } from 'node:zlib'
import { certificateInfo, certificatePdf, qrPng } from '@tessera/certificate'
import type { JsonObject } from '@tessera/schema'
import { thrownCodeAsync } from '@tessera/testkit'
import { Verifier } from '@tessera/verifier'
import jsqr from 'jsqr'
import { PDFDict, PDFDocument, PDFName, PDFRawStream } from 'pdf-lib'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { association, LOGO_FILE, type Member } from '../src/association.js'
import { renderPng } from '../src/badge-art.js'
import { credentialOf, verificationUrl } from '../src/share-links.js'
import { NOW, testIssuer } from './helpers.js'
import { images, pageText } from './pdf.js'

// jsqr is CommonJS: its default export is `module.exports`, which also carries the function as `default`.
const jsQR = jsqr.default

const VERIFY_PAGE = 'https://bookbinders.example/verify/'
const lukasz: Member = {
  memberId: 'M-0009',
  name: 'Łukasz Wiśniewski',
  email: 'lukasz.wisniewski@example.pl',
  joinDate: '2017-10-01',
  tier: 'Full member',
  certified: true,
}
const { signedAwards } = await testIssuer()
const certificate = (await signedAwards(lukasz)).find((a) => a.kind === 'certificate')
if (certificate === undefined) throw new Error('no certificate awarded')
const url = verificationUrl(VERIFY_PAGE, certificate.jwt)
const pdf = await certificatePdf({
  credential: credentialOf(certificate.jwt),
  recipientName: lukasz.name,
  verificationUrl: url,
  logoPng: renderPng(readFileSync(LOGO_FILE, 'utf8'), { width: 256 }),
})

test('one page; the name, achievement, issuer, dates and credential id are on it as text', async () => {
  assert.is((await PDFDocument.load(pdf)).getPageCount(), 1)
  const [text = ''] = await pageText(pdf)
  const info = certificateInfo(certificate.json)
  assert.ok(text.includes('Łukasz Wiśniewski'), text)
  assert.ok(text.includes('Certified Practitioner'), text)
  assert.ok(text.includes(association.name.toUpperCase()), text)
  assert.ok(text.includes(info.credentialId), text)
  assert.match(text, /Issued on 1 January 2026 · valid until 1 January 2029/)
})

test('the text is written in subset Type0 fonts with a ToUnicode map, no glyph .notdef', async () => {
  const document = await PDFDocument.load(pdf)
  const fonts: string[] = []
  for (const [, object] of document.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object.get(PDFName.of('Type')) !== PDFName.of('Font')) continue
    if (object.get(PDFName.of('Subtype')) === PDFName.of('CIDFontType2')) {
      const map = document.context.lookup(object.get(PDFName.of('CIDToGIDMap')))
      if (!(map instanceof PDFRawStream)) throw new Error('no CIDToGIDMap')
      const gids = inflateSync(map.contents)
      for (let i = 2; i + 1 < gids.length; i += 2)
        assert.ok((gids[i] ?? 0) + (gids[i + 1] ?? 0) > 0, `.notdef written at code ${i / 2}`)
      continue
    }
    assert.is(object.get(PDFName.of('Subtype')), PDFName.of('Type0'))
    assert.ok(object.get(PDFName.of('ToUnicode')) !== undefined)
    fonts.push(String(object.get(PDFName.of('BaseFont'))).replace(/^\/[A-Z]{6}\+/, ''))
  }
  assert.equal(fonts.sort(), ['EBGaramond-Regular', 'EBGaramond-SemiBold', 'SourceSans3-Regular'])
})

test('the QR code decodes to the verification URL, whose fragment is the verifying VC-JWT', async () => {
  const decoded = (await images(pdf)).map((i) => jsQR(i.rgba, i.width, i.height)?.data).filter(Boolean)
  assert.equal(decoded, [url])
  const fragment = new URL(decoded[0] ?? '').hash.slice(1)
  assert.is(fragment, certificate.jwt)
  const result = await new Verifier({ offline: true }).verifyCredential(fragment, { now: NOW })
  assert.ok(result.verified, JSON.stringify(result.checks.filter((c) => !c.ok)))
})

test('a URL too long for any QR code is URL_TOO_LONG_FOR_QR; a credential lacking dates is refused', async () => {
  assert.is(await thrownCodeAsync(() => qrPng(`${VERIFY_PAGE}#${'x'.repeat(3000)}`)), 'URL_TOO_LONG_FOR_QR')
  const { validFrom: _, ...undated } = certificate.json as JsonObject
  assert.is(await thrownCodeAsync(async () => certificateInfo(undated)), 'NOT_A_CREDENTIAL')
})

test.run()
