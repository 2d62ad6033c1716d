// Escaping by construction: every interpolation of the `html` tag is text unless it is `html` itself.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { escapeHtml, html, join, safeHref } from '../src/index.js'

test('every interpolation is escaped, in content and in attributes', () => {
  const name = `<script>alert("x")</script>' onmouseover='x`
  const out = html`<p title="${name}">${name}</p>`.text
  assert.not.ok(out.includes('<script>'))
  assert.not.ok(out.includes(`"x"`))
  assert.is(out, `<p title="${escapeHtml(name)}">${escapeHtml(name)}</p>`)
})

test('html fragments nest as markup; lists join; absent values vanish', () => {
  const inner = html`<b>${'a&b'}</b>`
  assert.is(html`<p>${inner}${undefined}${false}${null}</p>`.text, '<p><b>a&amp;b</b></p>')
  assert.is(join([html`<i>1</i>`, '<2>'], ', ').text, '<i>1</i>, &lt;2&gt;')
})

test('an object that only looks like a fragment is still escaped as text', () => {
  const forged = { text: '<script>', toString: () => '<script>' } as unknown as string
  assert.is(html`${forged}`.text, '&lt;script&gt;')
})

test('safeHref keeps http(s) and mailto links and drops javascript:, data: and relative ones', () => {
  assert.is(safeHref('https://example.org/a?b=1'), 'https://example.org/a?b=1')
  assert.is(safeHref('mailto:office@example.org'), 'mailto:office@example.org')
  for (const bad of [
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'data:text/html,x',
    '/relative',
    'https://u:p@x.org/',
    42,
  ])
    assert.is(safeHref(bad), undefined, String(bad))
})

test.run()
