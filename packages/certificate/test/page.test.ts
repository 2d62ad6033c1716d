// The page as a whole: the QR code decodes (from the rendered page) to the verification URL, the PDF
// says what it is (title, author, subject, language), and the same input makes the same bytes (no clock).
import jsqr from 'jsqr'
import { PDFDocument } from 'pdf-lib'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { certificatePdf } from '../src/index.js'
import { credential, VERIFY_URL } from './fixtures.js'
import { renderPage } from './pdf-reader.js'

// jsqr is CommonJS: its default export is `module.exports`, which also carries the function as `default`.
const jsQR = jsqr.default

const input = {
  credential: credential(),
  recipientName: '张伟',
  verificationUrl: VERIFY_URL,
  locale: 'zh-CN',
}
const pdf = await certificatePdf(input)

test('the QR code on the rendered page decodes to the verification URL', async () => {
  const image = await renderPage(pdf, 2)
  assert.is(jsQR(image.rgba, image.width, image.height)?.data, VERIFY_URL)
})

test('the document states its title, author, subject and language', async () => {
  const document = await PDFDocument.load(pdf, { updateMetadata: false })
  assert.is(document.getTitle(), 'Certified Practitioner: 张伟')
  assert.is(document.getAuthor(), 'Guild of Bookbinders')
  assert.is(document.getSubject(), 'urn:uuid:0b6a3c1e-7f1e-4c57-9d55-1b3a0f3f0c11')
  assert.is(document.getPageCount(), 1)
})

test('the same certificate twice is the same bytes: nothing reads the clock', async () => {
  assert.equal(await certificatePdf(input), pdf)
})

test.run()
