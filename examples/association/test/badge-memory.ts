// Run by badge-art.test.ts in a child process: renders the badge of every name of the certificate's
// members sheet (13 scripts) to PNG and prints how many and the process's peak resident memory.
import { NAMES_IN_EVERY_SCRIPT as MEMBERS } from '@tessera/testkit/names'
import { badgeSvg, renderPng } from '../src/badge-art.js'

let badges = 0
for (const { name } of MEMBERS) {
  const png = renderPng(badgeSvg({ kind: 'membership', organization: name, title: name, caption: '2026' }))
  if (png.length > 1000) badges++
}
process.stdout.write(JSON.stringify({ badges, maxRssKb: process.resourceUsage().maxRSS }))
