// The site built from plain inputs: which files, what each page says (and to link-preview crawlers),
// escaping of hostile names, privacy (noindex, names only when allowed), languages, and refusals.
import { thrownCodeAsync } from '@tessera/testkit'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { buildSite, languages, SHORT_ID, shortIdOf } from '../src/index.js'
import {
  achievement,
  credential,
  issuer,
  jwtOf,
  NOW,
  publicCredential,
  SITE,
  siteInput,
  text,
} from './fixtures.js'

const meta = (page: string, property: string) =>
  new RegExp(`<meta (?:property|name)="${property}" content="([^"]*)"`).exec(page)?.[1]

test('the site has its index, profile, achievement, credential, status and error files', async () => {
  const site = await buildSite(siteInput())
  const [one, two] = site.pages
  assert.ok(one && two)
  for (const path of [
    'index.html',
    '404.html',
    'site.css',
    'issuer.html',
    'issuer.json',
    'achievements/membership-2027',
    'achievements/membership-2027.html',
    'achievements/membership-2027.png',
    'achievements/membership-2027.card.png',
    'status/revocation-1.json',
    `c/${one.shortId}/index.html`,
    `c/${one.shortId}/credential.jwt`,
    `c/${one.shortId}/card.png`,
  ])
    assert.ok(site.files.has(path), path)
  assert.equal(JSON.parse(await text(site, 'achievements/membership-2027')).name, 'Membership 2027')
  assert.equal(JSON.parse(await text(site, 'issuer.json')), issuer)
  assert.ok(SHORT_ID.test(one.shortId))
  assert.is(one.url, `${SITE}c/${one.shortId}/`)
  assert.ok(one.url.length <= 44)
})

test('short ids are stable, differ per credential, and come from the signature', () => {
  const a = jwtOf(credential(1), 'sig-1')
  assert.is(shortIdOf(a), shortIdOf(a))
  assert.is.not(shortIdOf(a), shortIdOf(jwtOf(credential(1), 'sig-2')))
  assert.is(shortIdOf({ proof: { proofValue: 'z123' } }), shortIdOf({ proof: [{ proofValue: 'z123' }] }))
})

test('hostile names are text on every page; nothing but the live module is a script', async () => {
  const evil = '"><script>alert(1)</script><img src=x onerror=alert(2)>'
  const site = await buildSite(
    siteInput({
      issuer: { ...issuer, name: evil, description: evil, url: 'javascript:alert(3)' },
      achievements: [{ achievement: { ...achievement(evil, 'evil'), description: evil } }],
      credentials: [
        {
          jwt: jwtOf(credential(3, { name: evil, of: achievement(evil, 'evil') }), 's3'),
          state: 'active',
          showName: true,
        },
      ],
    }),
  )
  for (const [path, file] of site.files) {
    if (!path.endsWith('.html')) continue
    const page = new TextDecoder().decode(await file.content())
    assert.not.ok(page.includes('<script>alert'), path)
    assert.not.ok(page.includes('<img src=x'), path)
    assert.not.ok(page.includes('javascript:'), path)
    assert.not.ok(/<script(?![^>]*type="module" src="\/verify\/)/.test(page), path)
  }
})

test('credential pages: OG and Twitter tags, noindex unless opted in, the name only when allowed', async () => {
  const site = await buildSite(
    siteInput({
      credentials: [publicCredential(1, {}, 'Ada Lovelace'), publicCredential(2, { indexable: true })],
    }),
  )
  const [named, anonymous] = site.pages
  assert.ok(named && anonymous)
  const page = await text(site, `c/${named.shortId}/index.html`)
  assert.is(meta(page, 'og:title'), 'Membership 2027')
  assert.is(meta(page, 'og:url'), named.url)
  assert.is(meta(page, 'og:image'), `${named.url}card.png`)
  assert.is(meta(page, 'og:image:width'), '1200')
  assert.is(meta(page, 'og:image:height'), '627')
  assert.is(meta(page, 'twitter:card'), 'summary_large_image')
  assert.ok(meta(page, 'og:description')?.includes('Ada Lovelace'))
  assert.is(meta(page, 'robots'), 'noindex, nofollow')
  assert.ok(page.includes('https://www.linkedin.com/profile/add?'))
  const other = await text(site, `c/${anonymous.shortId}/index.html`)
  assert.is(meta(other, 'robots'), undefined)
  assert.ok(other.includes('their name is not made public'))
  assert.is(meta(page, 'og:locale'), 'en_GB')
  assert.ok(page.includes('1 January 2027'))
})

test('a revoked credential says so on its page and in its preview; no LinkedIn links', async () => {
  const site = await buildSite(siteInput({ credentials: [publicCredential(1, { state: 'revoked' })] }))
  const [revoked] = site.pages
  assert.ok(revoked)
  const page = await text(site, `c/${revoked.shortId}/index.html`)
  assert.is(meta(page, 'og:title'), 'Membership 2027 (Revoked)')
  assert.is(meta(page, 'og:description'), 'This credential has been revoked by its issuer.')
  assert.ok(page.includes('Revoked: the issuer has withdrawn this credential.'))
  assert.not.ok(page.includes('linkedin.com'))
})

test('an expired credential says when it expired', async () => {
  const expired = {
    jwt: jwtOf(credential(4, { until: '2027-02-01T00:00:00Z' }), 's4'),
    state: 'active' as const,
    showName: false,
  }
  const site = await buildSite(siteInput({ credentials: [expired] }))
  const page = await text(site, `c/${site.pages[0]?.shortId}/index.html`)
  assert.ok(page.includes('Expired on 1 February 2027.'))
})

test('pages in each language: lang, og:locale, dates the language’s way', async () => {
  assert.ok((await languages()).length >= 4)
  const expected: Record<string, [string, string]> = {
    fr: ['fr_FR', '1 janvier 2027'],
    de: ['de_DE', '1. Januar 2027'],
    es: ['es_ES', '1 de enero de 2027'],
  }
  for (const [language, [ogLocale, date]] of Object.entries(expected)) {
    const site = await buildSite(siteInput({ language }))
    const page = await text(site, `c/${site.pages[0]?.shortId}/index.html`)
    assert.ok(page.includes(`<html lang="${language}">`), language)
    assert.is(meta(page, 'og:locale'), ogLocale)
    assert.ok(page.includes(date), `${language}: ${date}`)
  }
})

test('every page says no outside script, font or image (CSP), and none loads one', async () => {
  const site = await buildSite(siteInput())
  for (const [path, file] of site.files) {
    if (!path.endsWith('.html')) continue
    const page = new TextDecoder().decode(await file.content())
    const csp = (/http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(page)?.[1] ?? '').replaceAll(
      '&#39;',
      "'",
    )
    assert.ok(csp.startsWith("default-src 'none'"), path)
    assert.not.ok(
      /(?:src|href)="https?:/.test(
        page.replace(/<(?:link rel="canonical"|meta)[^>]*>/g, '').replace(/<a [^>]*>/g, ''),
      ),
      path,
    )
  }
})

test('refusals: a name the member did not allow, an unknown language, a bad URL, a non-PNG, a bad credential', async () => {
  const named = {
    jwt: jwtOf(credential(1, { name: 'Ada' }), 's1'),
    state: 'active' as const,
    showName: false,
  }
  assert.is(await thrownCodeAsync(() => buildSite(siteInput({ credentials: [named] }))), 'NAME_NOT_ALLOWED')
  assert.is(await thrownCodeAsync(() => buildSite(siteInput({ language: 'xx' }))), 'LANGUAGE_UNKNOWN')
  assert.is(
    await thrownCodeAsync(() => buildSite(siteInput({ url: 'http://bookbinders.example/' }))),
    'SITE_URL_INVALID',
  )
  assert.is(await thrownCodeAsync(() => buildSite(siteInput({ url: 'not a url' }))), 'SITE_URL_INVALID')
  assert.is(
    await thrownCodeAsync(() =>
      buildSite(
        siteInput({
          achievements: [{ achievement: achievement('M', 'm'), image: { png: new Uint8Array([1, 2, 3]) } }],
        }),
      ),
    ),
    'IMAGE_INVALID',
  )
  for (const jwt of ['not.a.jwt!', 'x', jwtOf({ id: 'urn:x' }, 's')])
    assert.is(
      await thrownCodeAsync(() =>
        buildSite(siteInput({ credentials: [{ jwt, state: 'active', showName: false }] })),
      ),
      'CREDENTIAL_UNREADABLE',
      jwt,
    )
  assert.is(
    await thrownCodeAsync(() =>
      buildSite(siteInput({ credentials: [{ state: 'active', showName: false }] })),
    ),
    'CREDENTIAL_UNREADABLE',
  )
  assert.is(
    await thrownCodeAsync(() =>
      buildSite(siteInput({ files: new Map([[`${SITE}achievements/membership-2027`, 'clash']]) })),
    ),
    'PATH_CONFLICT',
  )
})

test('what lies outside the site is left out with a warning', async () => {
  const site = await buildSite(
    siteInput({ statusLists: new Map([['https://elsewhere.example/status/1', {}]]) }),
  )
  assert.is(site.warnings[0]?.code, 'OUTSIDE_SITE')
  assert.is(NOW.getUTCFullYear(), 2027)
})

test.run()
