// For sqlite-binding.test.ts: `node --import tsx sqlite-binding-child.ts <better-sqlite3 copy> <store dir>`
// resolves `better-sqlite3` to the given copy (one without its native build, as pnpm 10 leaves it when
// the build script is not allowed), opens an issuer store folder, and prints the error's code and message.
import { register } from 'node:module'
import { pathToFileURL } from 'node:url'
import { errorCodeOf } from '@tessera/schema'

const [copy, dir] = process.argv.slice(2) as [string, string]
const hook = `export async function resolve(specifier, context, next) {
  if (specifier === 'better-sqlite3') return { url: ${JSON.stringify(pathToFileURL(`${copy}/lib/index.js`).href)}, shortCircuit: true }
  return next(specifier, context)
}`
register(`data:text/javascript,${encodeURIComponent(hook)}`)
const { openIssuerAgent } = await import('./folder-agent.js')
try {
  await (await openIssuerAgent(dir, {})).close()
  process.stdout.write(`${JSON.stringify({ code: 'OPENED' })}\n`)
} catch (error) {
  const message = error instanceof Error ? error.message : String(error)
  process.stdout.write(`${JSON.stringify({ code: errorCodeOf(error), message })}\n`)
}
