/**
 * Makes the website pictures of docs/association-guide.md: an achievement page, a credential page and the
 * credential's link preview picture (the card LinkedIn and others show), from a run of the example on two
 * members with a public page, opened in Chromium at 1000 px. Signed with a throwaway key, in a temporary
 * folder. Run: node --import tsx examples/association/scripts/site-images.ts
 */
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathInside } from '@tessera/issuer'
import { contentTypeOf, launchChromium } from '@tessera/testkit/browser'
import { runExample } from '../src/run.js'

const DOCS = new URL('../../../docs/images/', import.meta.url).pathname
const NOW = '2027-03-15T10:00:00Z'
const root = mkdtempSync(join(tmpdir(), 'tessera-site-images-'))
const members = join(root, 'members.csv')
writeFileSync(
  members,
  'member_id,name,email,join_date,tier,did,certified,conference,volunteering,contribution,referrals,public_page\nM-0010,Amélie Rousseau,amelie.rousseau@example.fr,2010-01-20,Fellow,,yes,yes,,,,yes\n',
)
const code = await runExample([], {
  clock: () => new Date(NOW),
  folders: { out: join(root, 'out'), store: join(root, 'store') },
  members,
  env: { SMTP_URL: '', DATABASE_URL: '' },
  print: () => {},
})
if (code !== 0) throw new Error(`the run ended with ${code}`)
const live = join(root, 'out', 'site', 'current')
const { context } = await launchChromium({ viewport: { width: 1000, height: 900 } })
await context.route('**/*', async (route) => {
  const url = new URL(route.request().url())
  const path = decodeURIComponent(url.pathname)
  const file = pathInside(live, `.${path.endsWith('/') ? `${path}index.html` : path}`)
  if (url.origin !== 'https://bookbinders.example' || !existsSync(file)) return route.abort()
  return route.fulfill({
    status: 200,
    headers: { 'content-type': contentTypeOf(file) },
    body: readFileSync(file),
  })
})
const shot = async (path: string, name: string) => {
  const page = await context.newPage()
  await page.clock.setFixedTime(new Date(NOW))
  await page.goto(`https://bookbinders.example${path}`)
  if (path.startsWith('/c/'))
    await page.waitForSelector('#live:not([data-state="checking"])', { timeout: 60_000 })
  await page.screenshot({ path: join(DOCS, name), fullPage: true })
  await page.close()
}
await shot('/achievements/certified-practitioner.html', 'site-achievement-page.png')
const certificate = readdirSync(join(live, 'c')).find((id) =>
  readFileSync(join(live, 'c', id, 'index.html'), 'utf8').includes('<h1>Certified Practitioner</h1>'),
)
if (certificate === undefined) throw new Error('no certificate page')
await shot(`/c/${certificate}/`, 'site-credential-page.png')
copyFileSync(join(live, 'c', certificate, 'card.png'), join(DOCS, 'site-link-preview.png'))
await context.close()
console.log(`wrote ${DOCS}site-achievement-page.png, site-credential-page.png and site-link-preview.png`)
