#!/usr/bin/env node
// Sizes of the built page (dist/, or the folder given): each file as served, and gzipped (level 9),
// with what a visitor loads up front (the HTML, its stylesheet and its scripts) apart from the chunks
// loaded only when needed (such as P-256 support).
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

const dist = process.argv[2] ?? fileURLToPath(new URL('dist', import.meta.url))
const files = readdirSync(dist, { recursive: true, withFileTypes: true })
  .filter((f) => f.isFile())
  .map((f) => join(f.parentPath, f.name))
const html = readFileSync(join(dist, 'index.html'), 'utf8')
const upFront = new Set(['index.html'])
for (const [, ref] of html.matchAll(/(?:src|href)="\.\/([^"]+)"/g)) upFront.add(ref)
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`
const rows = files.map((file) => {
  const bytes = readFileSync(file)
  return { name: relative(dist, file), bytes: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length }
})
for (const r of rows.sort((a, b) => b.bytes - a.bytes)) {
  const when = upFront.has(r.name) ? 'up front' : 'when needed'
  console.log(`${r.name.padEnd(36)} ${kib(r.bytes).padStart(11)} ${kib(r.gzip).padStart(11)} gzip  ${when}`)
}
const total = (list) =>
  list.reduce((s, r) => ({ bytes: s.bytes + r.bytes, gzip: s.gzip + r.gzip }), { bytes: 0, gzip: 0 })
const first = total(rows.filter((r) => upFront.has(r.name)))
const all = total(rows)
console.log(
  `up front: ${kib(first.bytes)}, ${kib(first.gzip)} gzip; everything: ${kib(all.bytes)}, ${kib(all.gzip)} gzip`,
)
