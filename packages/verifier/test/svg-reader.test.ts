// The SVG reader (baked.ts): well-formed XML only, so that no other reader of the same file can find
// another credential in it; entity references left as written; the credential found by its expanded name
// (the Open Badges namespace, under any prefix), once in the file, among the root's children.
import { isTesseraError } from '@tessera/schema'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { extractFromSvg } from '../src/index.js'

const NS = 'xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"'
const CREDENTIAL = '<openbadges:credential verify="a.b.c"/>'
const svg = (inner: string, prelude = '') => `<?xml version="1.0"?>${prelude}<svg ${NS}>${inner}</svg>`

function codeOf(text: string): string {
  try {
    return `read ${extractFromSvg(text)}`
  } catch (error) {
    return isTesseraError(error) ? error.code : `threw ${String(error)}`
  }
}

test('what a badge image holds around its credential is read past', () => {
  const cases = [
    svg(CREDENTIAL),
    `\uFEFF${svg(CREDENTIAL)}`,
    `<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n<!-- made by hand -->\n<svg ${NS}>\n  ${CREDENTIAL}\n</svg>\n`,
    svg(
      CREDENTIAL,
      '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">',
    ),
    svg(
      `<?xml-stylesheet href="a.css"?><g id="a" fill='red'><text x="1">A &amp; B &#233; &#xE9;</text></g>${CREDENTIAL}`,
    ),
    svg(`<g><!-- <openbadges:credential verify="x.y.z"/> --></g>${CREDENTIAL}<text a=">">></text>`),
    svg(`<![CDATA[<openbadges:credential verify="x.y.z"/>]]>${CREDENTIAL}`),
    svg(`<g>${'<g>'.repeat(98)}${'</g>'.repeat(98)}</g>${CREDENTIAL}`),
    svg(CREDENTIAL.replace('/>', '></openbadges:credential >')),
    // a system literal may hold any character but its quote
    svg(CREDENTIAL, '<!DOCTYPE svg SYSTEM "http://example.org/a>b.dtd">'),
    svg(`<?pi it's opaque?>${CREDENTIAL}`),
  ]
  for (const text of cases) assert.is(codeOf(text), 'read a.b.c', text)
})

test('JSON in CDATA or as text, or a JWT in verify (never both); entity references as written', () => {
  assert.is(
    extractFromSvg(svg('<openbadges:credential> <![CDATA[{"a":]]><![CDATA[1}]]> </openbadges:credential>')),
    '{"a":1}',
  )
  assert.is(extractFromSvg(svg('<openbadges:credential>\n  eyJ.x.y\n</openbadges:credential>')), 'eyJ.x.y')
  assert.is(
    codeOf(svg('<openbadges:credential verify="a.b.c">{"other":1}</openbadges:credential>')),
    'BAKED_CREDENTIAL_DUPLICATED',
  )
  assert.is(
    extractFromSvg(
      svg('<openbadges:credential verify="a.b.c">\n  <!-- a comment -->\n</openbadges:credential>'),
    ),
    'a.b.c',
  )
  assert.is(extractFromSvg(svg('<openbadges:credential verify=" ">x.y.z</openbadges:credential>')), 'x.y.z')
  assert.is(extractFromSvg(svg('<openbadges:credential verify="a&amp;b"/>')), 'a&amp;b')
})

test('malformed XML is MALFORMED_IMAGE', () => {
  const cases = [
    '',
    '<svg',
    svg(`<g>${CREDENTIAL}`),
    svg(`${CREDENTIAL}</g>`),
    svg('<openbadges:credential verify=a.b.c/>'),
    svg('<openbadges:credential verify="a.b.c" verify="d.e.f"/>'),
    svg('<openbadges:credential verify="a<b"/>'),
    svg('<openbadges:credential verify="a&b"/>'),
    svg('<openbadges:credential>a & b</openbadges:credential>'),
    svg('<openbadges:credential verify="a.b.c"id="x"/>'),
    svg(CREDENTIAL, '<!DOCTYPE svg><!DOCTYPE svg>'),
    `${svg(CREDENTIAL)}<!DOCTYPE svg>`,
    `${svg(CREDENTIAL)}trailing text`,
    `text before${svg(CREDENTIAL)}`,
    `<svg ${NS}><?xml version="1.0"?>${CREDENTIAL}</svg>`,
    svg(`<!-- unclosed ${CREDENTIAL}`),
    svg(`<![CDATA[unclosed ${CREDENTIAL}`),
    svg(`<1g/>${CREDENTIAL}`),
    svg(`<__proto__/>${CREDENTIAL}`),
    svg(`${'<g>'.repeat(101)}${'</g>'.repeat(101)}${CREDENTIAL}`),
    svg(`]]>${CREDENTIAL}`),
    svg(CREDENTIAL, '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN>" "svg11.dtd">'),
    svg(CREDENTIAL, '<!DOCTYPE svg SYSTEM>'),
  ]
  for (const text of cases) assert.is(codeOf(text), 'MALFORMED_IMAGE', text)
})

test('a document whose single root is not svg is NOT_A_BADGE_IMAGE; an svg without the element, BAKED_CREDENTIAL_MISSING', () => {
  assert.is(codeOf(`<html ${NS}>${CREDENTIAL}</html>`), 'NOT_A_BADGE_IMAGE')
  assert.is(codeOf(`${svg(CREDENTIAL)}<svg/>`), 'NOT_A_BADGE_IMAGE')
  assert.is(codeOf('<svg/>'), 'BAKED_CREDENTIAL_MISSING')
  assert.is(codeOf(svg(`<g>${CREDENTIAL}</g>`)), 'BAKED_CREDENTIAL_MISSING')
  assert.is(
    codeOf(svg('<openbadges:credential><g>a.b.c</g></openbadges:credential>')),
    'BAKED_CREDENTIAL_MISSING',
  )
  assert.is(
    codeOf(
      `<svg xmlns:ob="https://purl.imsglobal.org/ob/v3p0"><openbadges:credential verify="a.b.c"/></svg>`,
    ),
    'BAKED_CREDENTIAL_MISSING',
  )
  assert.is(
    codeOf('<svg xmlns:ob="https://purl.imsglobal.org/ob/v3p0"><ob:credential verify="a.b.c"/></svg>'),
    'read a.b.c',
  )
})

test.run()
