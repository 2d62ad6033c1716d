/**
 * The long differential run of Tessera's canonicaliser against jsonld.js in safe mode (issue #15): the
 * test command compares a few hundred random documents (packages/proofs/test/canonize.test.ts); this
 * compares as many as asked, from the same generator (packages/proofs/test/canonize-differential.ts).
 * Case i is generated from seed `--seed` + i alone, so any case repeats by itself (`--seed <its seed>
 * --cases 1`). Prints how each case ended (the same N-Quads; left to jsonld.js, which canonicalised or
 * refused it; refused by Tessera with UNSAFE_KEY for a `__proto__` jsonld.js would misread, and whether
 * jsonld.js then wrote onto Object.prototype), how many documents held each family of keys, and every
 * disagreement (Tessera's N-Quads where jsonld.js refuses or gives others, a document left to jsonld.js
 * that wrote onto Object.prototype, or a throw) with its shrunk counterexample; exits 1 on any.
 *
 *   node --import tsx scripts/canonize-differential.ts --cases 10000 [--seed 1] [--progress 1000]
 */
import { parseArgs } from 'node:util'
import fc from 'fast-check'
import {
  type Agreement,
  differ,
  documents,
  seedDocuments,
  show,
} from '../packages/proofs/test/canonize-differential.js'

const { values: args } = parseArgs({
  options: {
    cases: { type: 'string', default: '10000' },
    seed: { type: 'string', default: '1' },
    progress: { type: 'string', default: '1000' },
  },
})
const cases = Number(args.cases)
const firstSeed = Number(args.seed)
const progress = Number(args.progress)
if (![cases, firstSeed, progress].every(Number.isSafeInteger) || cases < 1 || progress < 1) {
  process.stderr.write('usage: canonize-differential.ts [--cases N] [--seed S] [--progress N]\n')
  process.exit(2)
}

const KEYWORDS = new Set(['@context', '@id', '@type', '@value', '@language', '@graph', '@list', '@set'])
const PROTOTYPE_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype).concat('prototype'))

/** The families of keys `document` holds (each counted once per document). */
function keyFamilies(document: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(document)) for (const item of document) keyFamilies(item, found)
  else if (typeof document === 'object' && document !== null) {
    for (const key of Object.keys(document)) {
      if (key.startsWith('_:')) found.add('blank node label')
      else if (PROTOTYPE_NAMES.has(key)) found.add(key === '__proto__' ? '__proto__' : 'other prototype name')
      else if (key.startsWith('@') && !KEYWORDS.has(key)) found.add('keyword look-alike')
      keyFamilies((document as Record<string, unknown>)[key], found)
    }
  }
  return found
}

/** How a case ended, as the summary counts it. */
function outcomeOf(agreement: Agreement): keyof typeof outcomes {
  switch (agreement.kind) {
    case 'same':
    case 'disagree':
      return agreement.kind
    case 'left':
      return `left, jsonld.js ${agreement.jsonld}`
    case 'refused':
      if ('nquads' in agreement.jsonld) return 'refused (UNSAFE_KEY), jsonld.js canonicalised'
      return agreement.jsonld.polluted === undefined
        ? 'refused (UNSAFE_KEY), jsonld.js refused'
        : 'refused (UNSAFE_KEY), jsonld.js refused after writing onto Object.prototype'
  }
}

const arbitrary = documents(seedDocuments())
const outcomes = {
  same: 0,
  'left, jsonld.js canonicalised': 0,
  'left, jsonld.js refused': 0,
  'refused (UNSAFE_KEY), jsonld.js canonicalised': 0,
  'refused (UNSAFE_KEY), jsonld.js refused': 0,
  'refused (UNSAFE_KEY), jsonld.js refused after writing onto Object.prototype': 0,
  disagree: 0,
}
const families = new Map<string, { documents: number; same: number }>()
const started = performance.now()

for (let i = 0; i < cases; i++) {
  const seed = firstSeed + i
  const [document] = fc.sample(arbitrary, { seed, numRuns: 1 }) as [object]
  const agreement: Agreement = await differ(document)
  outcomes[outcomeOf(agreement)]++
  for (const family of keyFamilies(document)) {
    const count = families.get(family) ?? { documents: 0, same: 0 }
    count.documents++
    if (agreement.kind === 'same') count.same++
    families.set(family, count)
  }
  if (agreement.kind === 'disagree') {
    process.stdout.write(`DISAGREEMENT at seed ${seed}: Tessera ${agreement.tessera}\n`)
    process.stdout.write(`  jsonld.js ${show(agreement.jsonld)}\n  document ${show(document)}\n`)
    const shrunk = await fc.check(
      fc.asyncProperty(arbitrary, async (d) => (await differ(d)).kind !== 'disagree'),
      { seed, numRuns: 1 },
    )
    if (shrunk.counterexample !== null) process.stdout.write(`  shrunk ${show(shrunk.counterexample[0])}\n`)
  }
  if ((i + 1) % progress === 0) {
    const seconds = ((performance.now() - started) / 1000).toFixed(1)
    process.stdout.write(`${i + 1} cases, ${seconds} s: ${show(outcomes)}\n`)
  }
}

const seconds = ((performance.now() - started) / 1000).toFixed(1)
process.stdout.write(`\n${cases} cases, seeds ${firstSeed} to ${firstSeed + cases - 1}, ${seconds} s\n`)
for (const [outcome, count] of Object.entries(outcomes)) process.stdout.write(`  ${outcome}: ${count}\n`)
process.stdout.write('documents holding a key of each family (of which the same N-Quads):\n')
for (const [family, count] of [...families].sort()) {
  process.stdout.write(`  ${family}: ${count.documents} (${count.same})\n`)
}
process.stdout.write(`${outcomes.disagree} disagreements\n`)
process.exitCode = outcomes.disagree === 0 ? 0 : 1
