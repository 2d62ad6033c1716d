// Writes the committed renders of docs/images: the certificate of six members, one script each,
// rendered by pdf.js as a reader sees it. Run: node --import tsx packages/certificate/test/render-samples.ts
import { mkdirSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { certificatePdf } from '../src/index.js'
import { credential, MEMBERS, VERIFY_URL } from './fixtures.js'
import { renderPage } from './pdf-reader.js'

const OUT = fileURLToPath(new URL('../../../docs/images/', import.meta.url))
const SAMPLES: Record<string, string> = {
  'Latin with diacritics': 'latin',
  Cyrillic: 'cyrillic',
  Chinese: 'chinese',
  Arabic: 'arabic',
  Devanagari: 'devanagari',
  Thai: 'thai',
}

mkdirSync(OUT, { recursive: true })
for (const { script, name, locale } of MEMBERS) {
  const file = SAMPLES[script]
  if (file === undefined) continue
  const pdf = await certificatePdf({
    credential: credential(),
    recipientName: name,
    verificationUrl: VERIFY_URL,
    ...(locale === undefined ? {} : { locale }),
  })
  const png = (await renderPage(pdf, 0.75)).png()
  writeFileSync(`${OUT}certificate-${file}.png`, png)
  console.log(`certificate-${file}.png: ${png.byteLength} bytes (PDF ${pdf.byteLength} bytes)`)
}
