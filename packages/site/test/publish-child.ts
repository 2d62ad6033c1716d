// The kill test's publisher: publishes the synthetic sites A and B into a folder by turns, forever,
// saying "publishing" before its first one and "published" after each; the test kills it with SIGKILL at a
// random point of a publish.
import { publishToFolder } from '../src/index.js'
import { syntheticSite } from './synthetic-site.js'

const [dir] = process.argv.slice(2)
if (dir === undefined) throw new Error('usage: publish-child.ts DIR')
const sites = [syntheticSite('A'), syntheticSite('B')]
process.stdout.write('publishing\n')
for (let i = 0; ; i++) {
  await publishToFolder(sites[i % 2] as (typeof sites)[number], dir)
  process.stdout.write('published\n')
}
