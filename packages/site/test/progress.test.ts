// "What is next" on a member's credential page: the pathways and milestones they have begun, in the
// page's language (each of the site's languages), names as text; nothing for a credential given no
// progress, for what is complete or not begun, or on a revoked credential's page.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { buildSite, languages, type MemberProgress } from '../src/index.js'
import { publicCredential, siteInput, text } from './fixtures.js'

/** As @tessera/awards' `progress` gives it (extra fields and all). */
const progress: MemberProgress & { memberId: string } = {
  memberId: 'M-1',
  pathways: [
    {
      completion: { name: 'Master <i>Binder</i>' },
      done: 2,
      total: 3,
      complete: false,
      steps: [
        { name: 'Certified Practitioner', optional: false, done: true },
        { name: 'Conference', optional: false, done: true },
        { name: 'Project Contributor', optional: false, done: false },
        { name: 'Guild Volunteer', optional: true, done: false },
      ],
    },
    // Not begun, and complete: neither is shown.
    {
      completion: { name: 'Untouched Path' },
      done: 0,
      total: 2,
      complete: false,
      steps: [{ name: 'Step A', optional: false, done: false }],
    },
    {
      completion: { name: 'Finished Path' },
      done: 1,
      total: 1,
      complete: true,
      steps: [{ name: 'Step B', optional: false, done: true }],
    },
    // Only optional steps left: those are what is next.
    {
      completion: { name: 'Choice Path' },
      done: 1,
      total: 2,
      complete: false,
      steps: [
        { name: 'Core Step', optional: false, done: true },
        { name: 'Elective One', optional: true, done: false },
      ],
    },
  ],
  milestones: [
    { name: 'Stalwart Volunteer', have: 1, need: 3, complete: false },
    { name: 'Five Years of Membership', have: 5, need: 5, complete: true },
    { name: 'Never Begun', have: 0, need: 3, complete: false },
  ],
}

const WORDS: Record<string, { heading: string; pathway: string; next: string; milestone: string }> = {
  en: {
    heading: '<h2>What is next</h2>',
    pathway: '2 of 3 steps toward <bdi>Master &lt;i&gt;Binder&lt;/i&gt;</bdi>',
    next: 'next: <bdi>Project Contributor</bdi></li>',
    milestone: '<li>1 of 3 toward <bdi>Stalwart Volunteer</bdi></li>',
  },
  fr: {
    heading: '<h2>La suite</h2>',
    pathway: '2 étapes sur 3 vers <bdi>Master &lt;i&gt;Binder&lt;/i&gt;</bdi>',
    next: 'ensuite : <bdi>Project Contributor</bdi></li>',
    milestone: '<li>1 sur 3 vers <bdi>Stalwart Volunteer</bdi></li>',
  },
  es: {
    heading: '<h2>Lo siguiente</h2>',
    pathway: '2 de 3 pasos hacia <bdi>Master &lt;i&gt;Binder&lt;/i&gt;</bdi>',
    next: 'a continuación: <bdi>Project Contributor</bdi></li>',
    milestone: '<li>1 de 3 hacia <bdi>Stalwart Volunteer</bdi></li>',
  },
  de: {
    heading: '<h2>Wie es weitergeht</h2>',
    pathway: '2 von 3 Schritten auf dem Weg zu <bdi>Master &lt;i&gt;Binder&lt;/i&gt;</bdi>',
    next: 'als Nächstes: <bdi>Project Contributor</bdi></li>',
    milestone: '<li>1 von 3 auf dem Weg zu <bdi>Stalwart Volunteer</bdi></li>',
  },
}

async function pageOf(language: string, credentials = [publicCredential(1, { progress })]) {
  const site = await buildSite(siteInput({ language, credentials }))
  return Promise.all(site.pages.map((p) => text(site, `c/${p.shortId}/index.html`)))
}

test('a member with progress gets its lines, in each of the site’s languages', async () => {
  assert.equal((await languages()).sort(), Object.keys(WORDS).sort())
  for (const [language, words] of Object.entries(WORDS)) {
    const [page = ''] = await pageOf(language)
    for (const expected of Object.values(words))
      assert.ok(page.includes(expected), `${language}: ${expected}`)
    assert.equal(page.split(`<ul class="progress">`).length - 1, 1, language)
  }
})

test('only what the member has begun and not completed; optional steps once only they are left', async () => {
  const [page = ''] = await pageOf('en')
  for (const absent of [
    'Untouched Path',
    'Finished Path',
    'Five Years of Membership',
    'Never Begun',
    'Step A',
  ])
    assert.not.ok(page.includes(absent), absent)
  assert.ok(page.includes('2 of 3 steps toward <bdi>Master'))
  // The optional Guild Volunteer is not next while a required step is left.
  assert.not.ok(page.includes('Guild Volunteer'))
  assert.ok(
    page.includes(
      '1 of 2 steps toward <bdi>Choice Path</bdi>; next: <bdi>Elective One</bdi> (optional)</li>',
    ),
  )
})

test('nothing without progress, with nothing begun, or on a revoked credential’s page', async () => {
  const empty: MemberProgress = { pathways: [], milestones: [] }
  const pages = await pageOf('en', [
    publicCredential(1),
    publicCredential(2, { progress: empty }),
    publicCredential(3, { progress, state: 'revoked' }),
    publicCredential(4, { progress, state: 'suspended' }),
  ])
  assert.is(pages.length, 4)
  for (const page of pages) {
    assert.not.ok(page.includes('What is next'))
    assert.not.ok(page.includes('class="progress"'))
    assert.not.ok(page.includes('Stalwart Volunteer'))
  }
})

test.run()
