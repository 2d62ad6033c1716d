// The page's language without a browser: which language a visitor gets, that every language file says
// everything English says (the compiler checks the shape; this checks the files as they are loaded), that
// dates and the check reasons come out in the chosen language, and that every VerificationCode has a
// technical line and the issuer sentence its words in each language (English's being the verifier's).
import { readdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { localeOf } from '@tessera/site'
import type { Locale } from '@tessera/site/languages'
import {
  type Check,
  ENGLISH_STATEMENT_WORDS,
  issuerStatement,
  statementText,
  VERIFICATION_CODES,
} from '@tessera/verifier'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { chooseLanguage, formatDate } from '../src/language.js'
import { describeCheck, statementOptionsOf, technicalLine } from '../src/reasons.js'

const en = await localeOf('en')
const fr = await localeOf('fr')

const FOLDER = join(dirname(createRequire(import.meta.url).resolve('@tessera/site/languages')), 'locales')
const CODES = readdirSync(FOLDER)
  .filter((f) => /^[a-z]{2,3}(-[A-Za-z0-9]+)*\.ts$/.test(f))
  .map((f) => f.replace(/\.ts$/, ''))
  .sort()

async function locale(code: string): Promise<Locale> {
  return ((await import(pathToFileURL(join(FOLDER, `${code}.ts`)).href)) as { default: Locale }).default
}

test('the browser’s languages pick the page’s, in order, by language when the region differs', () => {
  const available = ['de', 'en', 'es', 'fr']
  assert.is(chooseLanguage('', ['fr-FR', 'en-US'], available), 'fr')
  assert.is(chooseLanguage('', ['fr-CA'], available), 'fr')
  assert.is(chooseLanguage('', ['es-419', 'de'], available), 'es')
  assert.is(chooseLanguage('', ['pt-BR', 'de-AT'], available), 'de')
  assert.is(chooseLanguage('', ['DE-ch'], available), 'de')
})

test('English when none of the browser’s languages is there, or it gives none', () => {
  const available = ['de', 'en', 'es', 'fr']
  assert.is(chooseLanguage('', ['pt-BR', 'ja'], available), 'en')
  assert.is(chooseLanguage('', [], available), 'en')
  assert.is(chooseLanguage('', ['', ' '], available), 'en')
})

test('?lang= overrides the browser when the page has that language, and is ignored otherwise', () => {
  const available = ['de', 'en', 'es', 'fr']
  assert.is(chooseLanguage('?lang=de', ['fr-FR'], available), 'de')
  assert.is(chooseLanguage('?x=1&lang=ES', ['fr-FR'], available), 'es')
  assert.is(chooseLanguage('?lang=xx', ['fr-FR'], available), 'fr')
  assert.is(chooseLanguage('?lang=', ['en'], available), 'en')
  assert.is(chooseLanguage('?lang=%3Cscript%3E', [], available), 'en')
})

/** Every key path of `value`, with what is there: text, a function or a group. */
function shape(value: unknown, path = ''): string[] {
  if (typeof value === 'function') return [`${path}: function`]
  if (typeof value === 'string') return [`${path}: string`]
  if (typeof value !== 'object' || value === null) return [`${path}: ${typeof value}`]
  return Object.keys(value)
    .sort()
    .flatMap((key) => shape((value as Record<string, unknown>)[key], path === '' ? key : `${path}.${key}`))
}

test('the page speaks at least English, French, Spanish and German', () => {
  for (const code of ['en', 'fr', 'es', 'de']) assert.ok(CODES.includes(code), code)
})

/** The parts whose English is the verifier's own (none in en.ts), checked by the tests below instead. */
const FROM_THE_VERIFIER = /^verify\.(statement|technical)\b/
const ownShape = (value: unknown) => shape(value).filter((line) => !FROM_THE_VERIFIER.test(line))

test('every language file has every key the English one has, each the same kind, none empty', async () => {
  const english = ownShape(en)
  for (const code of CODES) {
    const other = await locale(code)
    assert.equal(ownShape(other), english, code)
    assert.is(other.code, code)
    const words = other.verify as Record<string, unknown>
    for (const [key, text] of Object.entries(words)) {
      if (typeof text === 'string' && key !== 'verified') assert.ok(text.trim() !== '', `${code}: ${key}`)
    }
  }
})

test('a date is written the way the chosen language writes it, in UTC', async () => {
  const day = '2027-03-15T00:00:00Z'
  assert.is(formatDate(day, en), '15 March 2027')
  assert.is(formatDate(day, fr), '15 mars 2027')
  assert.is(formatDate(day, await locale('de')), '15. März 2027')
  assert.is(formatDate(day, await locale('es')), '15 de marzo de 2027')
  assert.is(formatDate('2027-03-15T23:30:00-02:00', fr), '16 mars 2027, 01:30 UTC')
  assert.is(formatDate(undefined, fr), fr.verify.unknownDate)
})

test('a check’s label and reason come in the chosen language, dates included', () => {
  const failed: Check = { id: 'validity', ok: false, code: 'EXPIRED', message: 'expired' }
  const credential = { validFrom: '2026-01-01T00:00:00Z', validUntil: '2026-12-31T00:00:00Z' }
  assert.equal(describeCheck(failed, credential, fr), {
    label: fr.verify.labels.validity,
    reason: fr.verify.failed.expired('31 décembre 2026'),
  })
  assert.match(describeCheck(failed, credential, fr).reason, /31 décembre 2026/)
  assert.is(describeCheck(failed, credential, en).reason, 'Expired on 31 December 2026.')
  const revoked: Check = { id: 'status', ok: false, code: 'REVOKED', message: 'revoked' }
  assert.is(describeCheck(revoked, credential, fr).label, fr.verify.labels.status)
  assert.is.not(fr.verify.labels.status, en.verify.labels.status)
})

test('every VerificationCode has a technical line in each language; English’s are the verifier’s own', async () => {
  assert.equal(en.verify.technical, {}, 'en.ts copies none of the verifier’s English')
  assert.is(en.verify.statement, undefined)
  for (const code of CODES.filter((c) => c !== 'en')) {
    const other = await locale(code)
    const lines = other.verify.technical
    assert.equal(Object.keys(lines).sort(), [...VERIFICATION_CODES].sort(), `${code}: one line per code`)
    for (const [key, line] of Object.entries(lines)) assert.ok(line.trim() !== '', `${code}: ${key}`)
    const words = other.verify.statement
    assert.equal(Object.keys(words ?? {}).sort(), Object.keys(ENGLISH_STATEMENT_WORDS).sort(), code)
    const english = new Map(Object.entries(ENGLISH_STATEMENT_WORDS))
    for (const [key, text] of Object.entries(words ?? {}))
      assert.ok(text.trim() !== '' && text !== english.get(key), `${code}: ${key}`)
  }
})

test('a check’s technical line: the language’s line by code; the verifier’s English only as fallback', () => {
  const revoked: Check = {
    id: 'status',
    ok: false,
    code: 'REVOKED',
    message: 'revoked by the issuer: expelled',
  }
  assert.equal(technicalLine(revoked, fr), { text: 'REVOKED: révoqué par l’émetteur' })
  assert.equal(technicalLine(revoked, en), { text: 'REVOKED: revoked by the issuer: expelled', lang: 'en' })
  const passed: Check = { id: 'proof', ok: true, message: 'signature verified' }
  assert.equal(technicalLine(passed, fr), { text: 'signature verified', lang: 'en' })
  const newer = { id: 'status', ok: false, code: 'SOMETHING_NEW', message: 'new' } as unknown as Check
  assert.equal(technicalLine(newer, fr), { text: 'SOMETHING_NEW: new', lang: 'en' })
})

test('who issued it, in the chosen language; in English, the verifier’s own words', async () => {
  const trust = {
    issuer: 'did:web:guild.example',
    domain: 'guild.example',
    known: true,
    registry: 'R',
    name: 'Guild',
    message: '',
  } as const
  const say = (words: Locale) =>
    statementText(issuerStatement(trust, statementOptionsOf(words)), { isolate: false })
  assert.is(say(en), 'issued by Guild (guild.example), a known issuer of R')
  assert.is(say(fr), 'délivré par Guild (guild.example), un émetteur reconnu de R')
  assert.is(
    say(await locale('de')),
    'ausgestellt von Guild (guild.example), einem bekannten Aussteller von R',
  )
  const unknown = { issuer: 'did:key:z6Mk', known: false, code: 'ISSUER_NOT_TRUSTED', message: '' } as const
  assert.is(
    statementText(issuerStatement(unknown, statementOptionsOf(await locale('es')))),
    'firmada por did:key:z6Mk; este emisor no está en su lista de confianza',
  )
})

test.run()
