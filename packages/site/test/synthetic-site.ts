/**
 * A site made of many small files for the publisher's tests, without building pages: version `A` and
 * `B` differ in half their files, B has files A has not and lacks some of A's; every file names its
 * version, so a live folder can be told to be wholly one version.
 */
import { createHash } from 'node:crypto'
import type { Site, SiteFile } from '../src/index.js'

export const FILES = 240

export function syntheticSite(version: string, count = FILES): Site {
  const files = new Map<string, SiteFile>()
  for (let i = 0; i < count; i++) {
    const shared = i % 2 === 0
    const path = version === 'B' && i % 10 === 1 ? `b-only/${i}.txt` : `dir-${i % 7}/file-${i}.html`
    const content = `${path}\n${shared ? 'same in every version' : `version ${version}`}\n${'x'.repeat(2000)}\n`
    const bytes = new TextEncoder().encode(content)
    files.set(path, { path, key: createHash('sha256').update(bytes).digest('hex'), content: () => bytes })
  }
  const version_ = new TextEncoder().encode(`${version}\n`)
  files.set('version.txt', { path: 'version.txt', key: version, content: () => version_ })
  return { files, pages: [], warnings: [] }
}
