// The branch kill test's publisher: commits the synthetic sites A and B to a branch by turns, forever,
// saying "publishing" before its first one and "published" after each; the test kills it with SIGKILL at a
// random point of a publish.
import { publishToBranch } from '../src/index.js'
import { syntheticSite } from './synthetic-site.js'

const [repository] = process.argv.slice(2)
if (repository === undefined) throw new Error('usage: publish-branch-child.ts REPOSITORY')
// As many files as the test's (KILL_FILES there).
const sites = [syntheticSite('A', 80), syntheticSite('B', 80)]
process.stdout.write('publishing\n')
for (let i = 1; ; i++) {
  await publishToBranch(sites[i % 2] as (typeof sites)[number], {
    repository,
    branch: 'pages',
    now: new Date('2027-03-15T10:00:00Z'),
  })
  process.stdout.write('published\n')
}
