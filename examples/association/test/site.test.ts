// The association's website as @tessera/site publishes it (out/site/current), served from 127.0.0.1 and
// opened in Chromium at its real address (https://bookbinders.example, answered by the local server):
// every link of every page resolves, the Open Graph and Twitter tags are right as a link-preview crawler
// parses them (open-graph-scraper), no page breaks its Content-Security-Policy or asks another host for
// anything, every page passes axe-core's WCAG 2.2 AA audit and fits 360 px, a public credential page
// verifies live in the browser and a revoked one says revoked. Then a re-publish after a revocation
// writes only that page, its preview and the status list.
import { execFileSync } from 'node:child_process'
import { type Dirent, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join, relative } from 'node:path'
import { pathInside } from '@tessera/issuer/node'
import { contentTypeOf, launchChromium } from '@tessera/testkit/browser'
import axe from 'axe-core'
import jsqr from 'jsqr'
import { simpleParser } from 'mailparser'
import ogs from 'open-graph-scraper'
import type { BrowserContext } from 'playwright-core'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { images } from './pdf.js'
import { runAt, tempFolders } from './run-helpers.js'

const NOW = '2027-03-15T10:00:00Z'
const SITE = 'https://bookbinders.example'
const folders = tempFolders('association-website')
const live = () => join(folders.out, 'site', 'current')
let server: Server | undefined
let local = ''
let context: BrowserContext | undefined
let profile: string | undefined
/** Requests Chromium made for another host than the site (none may leave). */
const outside: string[] = []
let members = ''
let firstRevoke = ''

function sheet(rows: string[]): string {
  const file = join(folders.root, `members-${rows.length}.csv`)
  writeFileSync(
    file,
    `member_id,name,email,join_date,tier,did,certified,conference,volunteering,contribution,referred_by,public_page\n${rows.join('\n')}\n`,
  )
  return file
}

/** Serves out/site/current as a static host would: a folder's index.html, 404.html for what is not there. */
function serve(): Promise<string> {
  const listening = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)
    let file: string
    let status = 200
    try {
      file = pathInside(live(), `.${path.endsWith('/') ? `${path}index.html` : path}`)
      readFileSync(file)
    } catch {
      file = join(live(), '404.html')
      status = 404
    }
    response.writeHead(status, { 'content-type': contentTypeOf(file) })
    response.end(readFileSync(file))
  })
  server = listening
  return new Promise((resolve) =>
    listening.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(listening.address() as AddressInfo).port}`),
    ),
  )
}

test.before(async () => {
  mkdirSync(folders.root, { recursive: true })
  members = sheet([
    'A-1,Ann Archer,ann@example.org,2015-02-01,Full member,,yes,yes,,,,yes',
    'A-2,Bea Baker,bea@example.org,2021-05-05,Full member,,,,,,,search',
    'A-3,Cy Cole,cy@example.org,2022-05-05,Full member,,,,,,,',
  ])
  const issued = await runAt(NOW, [], { folders, members })
  assert.is(issued.code, 0, issued.text)
  const revoked = await runAt(NOW, ['--revoke', 'A-2'], { folders, members })
  assert.is(revoked.code, 0, revoked.text)
  firstRevoke = revoked.text
  local = await serve()
})

/** The site's pages and files, found by following every link from the index (Node's fetch, locally). */
async function crawl(): Promise<{ pages: Map<string, string>; broken: string[]; files: Set<string> }> {
  const pages = new Map<string, string>()
  const files = new Set<string>()
  const broken: string[] = []
  // The index links no member's page (they are found by their address only): each is a start too.
  const queue = ['/', ...readdirSync(join(live(), 'c')).map((id) => `/c/${id}/`)]
  while (queue.length > 0) {
    const path = queue.shift() as string
    if (files.has(path)) continue
    files.add(path)
    const response = await fetch(`${local}${path}`)
    if (response.status !== 200) {
      broken.push(`${path}: ${response.status}`)
      continue
    }
    if (!(response.headers.get('content-type') ?? '').startsWith('text/html')) continue
    const html = await response.text()
    pages.set(path, html)
    for (const match of html.matchAll(/(?:href|src|content)="([^"]+)"/g)) {
      const value = (match[1] as string).replaceAll('&amp;', '&')
      let url: URL
      try {
        url = new URL(value, `${SITE}${path}`)
      } catch {
        continue
      }
      if (url.origin !== SITE || !/^(?:\/|https:)/.test(value)) continue
      if (value.startsWith('#')) continue
      queue.push(url.pathname)
    }
  }
  return { pages, broken, files }
}

test('every link of every page resolves; credential pages only for members who chose one', async () => {
  const { pages, broken } = await crawl()
  assert.equal(broken, [])
  const credentialPages = [...pages.keys()].filter((p) => p.startsWith('/c/'))
  // Ann: membership, certificate, conference, loyalty; Bea: membership (revoked); Cy chose no page.
  assert.is(credentialPages.length, 5, credentialPages.join(' '))
  assert.ok(pages.has('/achievements/membership-2027.html'))
  assert.ok(pages.has('/verify/'))
  const everything = [...pages.values()].join('\n')
  assert.ok(everything.includes('Ann Archer'))
  assert.not.ok(everything.includes('Cy Cole'))
  // Ann's pages say what is next for her by data/rules.yaml (certified, a conference: the Master Binder
  // pathway begun; one membership of five); Bea's revoked page says nothing more.
  const ann = [...pages].filter(([p, h]) => p.startsWith('/c/') && h.includes('Ann Archer'))
  assert.is(ann.length, 4)
  for (const [path, html] of ann) {
    assert.ok(html.includes('<h2>What is next</h2>'), path)
    assert.ok(
      html.includes(
        '2 of 3 steps toward <bdi>Master Binder</bdi>; next: <bdi>Project Contributor</bdi></li>',
      ),
      path,
    )
    assert.ok(html.includes('<li>1 of 5 toward <bdi>Five Years of Membership</bdi></li>'), path)
  }
  const bea = [...pages].filter(([p, h]) => p.startsWith('/c/') && h.includes('Bea Baker'))
  assert.is(bea.length, 1)
  assert.not.ok(bea[0]?.[1].includes('What is next'))
  // What the credentials point at is there: the achievement (JSON at its id) and its picture.
  for (const id of [
    '/achievements/membership-2027',
    '/achievements/membership-2027.png',
    '/status/revocation-1.json',
  ])
    assert.is((await fetch(`${local}${id}`)).status, 200, id)
})

test('one short address everywhere for a member with a page: links, LinkedIn, mail, certificate QR', async () => {
  const out = (...path: string[]) => join(folders.out, ...path)
  const ofMember = (folder: string, memberId: string) =>
    readdirSync(out(folder)).filter((name) => name.startsWith(`${memberId}-`))
  const annLinks = ofMember('links', 'A-1')
  assert.is(annLinks.length, 4, annLinks.join(' '))
  const pages: string[] = []
  for (const name of annLinks) {
    const links = JSON.parse(readFileSync(out('links', name), 'utf8')) as Record<string, string>
    const page = links.verify ?? ''
    const id = /^https:\/\/bookbinders\.example\/c\/([0-9a-z]{12})\/$/.exec(page)?.[1]
    assert.ok(id, `${name}: ${page}`)
    assert.ok(page.length <= 45, `${page.length} characters`)
    assert.ok(readFileSync(join(live(), 'c', id as string, 'index.html'), 'utf8').includes('<h1>'))
    const add = new URL(links.linkedInAddToProfile ?? '').searchParams
    assert.is(add.get('certUrl'), page)
    assert.is(add.get('certId'), id)
    assert.is(new URL(links.linkedInShare ?? '').searchParams.get('url'), page)
    // The page's own "Add to LinkedIn" is the mail's, to the letter.
    const html = readFileSync(join(live(), 'c', id as string, 'index.html'), 'utf8').replaceAll('&amp;', '&')
    if (!html.includes('<p class="state"')) assert.ok(html.includes(links.linkedInAddToProfile ?? '?'))
    pages.push(page)
  }
  const mails = await Promise.all(
    ofMember('mail', 'A-1').map(async (name) => (await simpleParser(readFileSync(out('mail', name)))).text),
  )
  const text = mails.join('\n')
  for (const page of pages) assert.ok(text.includes(page), `${page} is not in Ann’s mail`)
  assert.not.ok(text.includes('/verify/#'), 'a long link in Ann’s mail')
  const [pdf] = ofMember('certificates', 'A-1')
  const certificateLinks = JSON.parse(
    readFileSync(out('links', (pdf as string).replace(/\.pdf$/, '.json')), 'utf8'),
  ) as Record<string, string>
  const decoded = (await images(new Uint8Array(readFileSync(out('certificates', pdf as string)))))
    .map((image) => jsqr.default(image.rgba, image.width, image.height)?.data)
    .find((data) => data !== undefined)
  assert.is(decoded, certificateLinks.verify)
  // Cy chose no page: the long link, which carries the credential, is all there is.
  for (const name of ofMember('links', 'A-3')) {
    const links = JSON.parse(readFileSync(out('links', name), 'utf8')) as Record<string, string>
    assert.match(links.verify ?? '', /^https:\/\/bookbinders\.example\/verify\/#ey/)
  }
})

test('Open Graph and Twitter tags, as a link-preview crawler reads them', async () => {
  const { pages } = await crawl()
  for (const [path, html] of pages) {
    if (!path.startsWith('/c/') && !path.startsWith('/achievements/')) continue
    const { result } = await ogs({ html })
    assert.ok(result.ogTitle, `${path}: og:title`)
    assert.is(result.ogUrl, `${SITE}${path}`, `${path}: og:url`)
    assert.is(result.twitterCard, 'summary_large_image', path)
    const image = result.ogImage?.[0]
    assert.ok(image?.url.startsWith(`${SITE}/`), `${path}: og:image`)
    assert.is(String(image?.width), '1200')
    assert.is(String(image?.height), '627')
    const png = new Uint8Array(
      await (await fetch(`${local}${new URL(image?.url as string).pathname}`)).arrayBuffer(),
    )
    const view = new DataView(png.buffer)
    assert.equal([view.getUint32(16), view.getUint32(20)], [1200, 627], `${path}: the picture is 1200×627`)
    if (html.includes('noindex')) assert.ok(path.startsWith('/c/'))
  }
  const revoked = [...pages.entries()].filter(
    ([p, h]) => p.startsWith('/c/') && h.includes('<p class="state"'),
  )
  assert.is(revoked.length, 1)
  const { result } = await ogs({ html: (revoked[0] as [string, string])[1] })
  assert.match(result.ogTitle ?? '', /\(Revoked\)$/)
  assert.is(result.ogDescription, 'This credential has been revoked by its issuer.')
  // Bea chose search engines: her page is indexable; Ann's are not.
  assert.not.ok((revoked[0] as [string, string])[1].includes('noindex'))
})

async function browser(): Promise<BrowserContext> {
  if (context !== undefined) return context
  const launched = await launchChromium({ viewport: { width: 360, height: 800 } })
  context = launched.context
  profile = launched.profile
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url())
    if (url.origin !== SITE) {
      outside.push(url.href)
      return route.abort('addressunreachable')
    }
    const response = await fetch(`${local}${url.pathname}`)
    return route.fulfill({
      status: response.status,
      headers: { 'content-type': response.headers.get('content-type') ?? 'application/octet-stream' },
      body: Buffer.from(await response.arrayBuffer()),
    })
  })
  await context.addInitScript(() => {
    const seen: string[] = []
    ;(window as unknown as { violations: string[] }).violations = seen
    document.addEventListener('securitypolicyviolation', (e) =>
      seen.push(`${e.violatedDirective} ${e.blockedURI}`),
    )
  })
  return context
}

test('in Chromium: no CSP violation, no outside request, axe-core passes, 360 px; live checks', async () => {
  const { pages } = await crawl()
  const ctx = await browser()
  const states = new Map<string, string>()
  for (const path of pages.keys()) {
    const page = await ctx.newPage()
    await page.clock.setFixedTime(new Date(NOW))
    await page.goto(`${SITE}${path}`)
    if (path.startsWith('/c/')) {
      await page.waitForSelector('#live:not([data-state="checking"])', { timeout: 60_000 })
      states.set(path, (await page.getAttribute('#live', 'data-state')) ?? '')
    }
    await page.evaluate(axe.source)
    const audit = await page.evaluate(() =>
      (window as unknown as { axe: typeof axe }).axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
      }),
    )
    assert.equal(
      audit.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
      [],
      `${path}: accessibility`,
    )
    const violations = await page.evaluate(() => (window as unknown as { violations: string[] }).violations)
    assert.equal(violations, [], `${path}: CSP`)
    const width = await page.evaluate(() => document.documentElement.scrollWidth)
    assert.ok(width <= 360, `${path}: ${width} px wide at 360`)
    await page.close()
  }
  const counts = [...states.values()].sort()
  assert.equal(
    counts,
    ['revoked', 'verified', 'verified', 'verified', 'verified'],
    JSON.stringify([...states]),
  )
  assert.equal(outside, [])
})

test('a re-publish after a revocation writes only that page, its preview card and the status list', async () => {
  assert.match(firstRevoke, /website: .*\((\d+) file\(s\) written/)
  // ASSOCIATION_PAGES_REPO: the same site committed to a static-pages branch too (a local bare repository).
  const pages = join(folders.root, 'pages.git')
  execFileSync('git', ['init', '-q', '--bare', pages])
  const again = await runAt(NOW, ['--revoke', 'A-1'], {
    folders,
    members,
    env: { ASSOCIATION_PAGES_REPO: pages },
  })
  assert.is(again.code, 0, again.text)
  // Ann's membership: its page and card; the status list. Her other credentials stand, and their pages
  // change only in what is next: the revoked membership no longer counts toward five years of it.
  assert.match(again.text, /website: .*\(6 file\(s\) written, \d+ kept, 0 removed\)/)
  assert.match(
    again.text,
    /pages branch: refs\/heads\/gh-pages of .* at [0-9a-f]{40} \(\d+ file\(s\) written, 0 removed\); push it/,
  )
  const git = (...args: string[]) => execFileSync('git', ['-C', pages, ...args], { encoding: 'utf8' })
  const committed = git('ls-tree', '-r', '--name-only', 'gh-pages').trim().split('\n').sort()
  const published = (readdirSync(live(), { recursive: true, withFileTypes: true }) as Dirent[])
    .filter((entry) => entry.isFile())
    .map((entry) => relative(live(), join(entry.parentPath, entry.name)))
    .sort()
  assert.equal(committed, published)
  assert.is(git('show', 'gh-pages:index.html'), readFileSync(join(live(), 'index.html'), 'utf8'))
})

test.after(async () => {
  await context?.close()
  if (profile !== undefined) rmSync(profile, { recursive: true, force: true })
  server?.close()
  folders.remove()
})

test.run()
