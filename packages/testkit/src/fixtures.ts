/** 1EdTech's conformance files, where the tests find them: `shared/fixtures/` beside the repository. */
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** `shared/fixtures/` beside the repository: 1EdTech's files, never edited (copy them to vary them). */
export const FIXTURES = fileURLToPath(new URL('../../../../shared/fixtures/', import.meta.url))
export const OB30 = `${FIXTURES}ob30-1edtech/`

if (!existsSync(OB30)) throw new Error(`fixtures not found at ${OB30}: clone the repository beside shared/`)

export function fixtureJson(name: string): unknown {
  return JSON.parse(readFileSync(OB30 + name, 'utf8'))
}
