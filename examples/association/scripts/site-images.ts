/**
 * Makes the website pictures of docs/association-guide.md: an achievement page, a credential page and the
 * credential's link preview (a card as LinkedIn and chat apps draw it, built from the page's Open Graph
 * tags as open-graph-scraper parses them, as a crawler would), from a run of the example on a member with
 * a public page, opened in Chromium at 1000 px. Signed with a throwaway key, in a temporary folder.
 * Run: node --import tsx examples/association/scripts/site-images.ts
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathInside } from '@tessera/issuer/node'
import { escapeHtml } from '@tessera/site'
import { contentTypeOf, launchChromium } from '@tessera/testkit/browser'
import ogs from 'open-graph-scraper'
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
/** The preview card's own page (not part of the site, so without its CSP), and its HTML. */
const PREVIEW = '/__link-preview.html'
let previewHtml = ''
const { context } = await launchChromium({ viewport: { width: 1000, height: 900 } })
await context.route('**/*', async (route) => {
  const url = new URL(route.request().url())
  const path = decodeURIComponent(url.pathname)
  if (path === PREVIEW)
    return route.fulfill({
      status: 200,
      headers: { 'content-type': 'text/html; charset=utf-8' },
      body: previewHtml,
    })
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

// The link preview: what a crawler reads of the page's tags, laid out as a feed's card.
const { result: og } = await ogs({ html: readFileSync(join(live, 'c', certificate, 'index.html'), 'utf8') })
const card = await context.newPage()
await card.setViewportSize({ width: 620, height: 520 })
previewHtml = `<!doctype html><html lang="en"><meta charset="utf-8"><body style="margin:0;padding:24px;background:#f3f2ef;font:15px system-ui,sans-serif">
<article id="card" style="width:552px;background:#fff;border:1px solid #ddd;border-radius:8px;overflow:hidden">
<img src="${escapeHtml(og.ogImage?.[0]?.url ?? '')}" alt="" style="display:block;width:552px;height:289px;object-fit:cover">
<div style="padding:12px 16px">
<div style="font-weight:600;color:#191919">${escapeHtml(og.ogTitle ?? '')}</div>
<div style="color:#444;margin-top:4px">${escapeHtml(og.ogDescription ?? '')}</div>
<div style="color:#666;font-size:13px;margin-top:6px">${escapeHtml(new URL(og.ogUrl ?? 'https://x').host)}</div>
</div></article></body></html>`
await card.goto(`https://bookbinders.example${PREVIEW}`)
await card.waitForLoadState('networkidle')
await card.locator('#card').screenshot({ path: join(DOCS, 'site-link-preview.png') })
await card.close()
await context.close()
console.log(`wrote ${DOCS}site-achievement-page.png, site-credential-page.png and site-link-preview.png`)
