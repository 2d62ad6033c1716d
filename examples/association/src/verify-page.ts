/**
 * The verification page the long share links open (`<association url>/verify/`) and the credential
 * pages' live check loads: the examples/verify-page build (Vite), made once per process into a temporary
 * folder, which the website (site.ts) takes in as its `verify/`.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fail } from './errors.js'

let built: Promise<string> | undefined

/** The folder holding the built page (index.html, assets/), built on first use. */
export function builtVerifyPage(): Promise<string> {
  built ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tessera-verify-page-'))
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }))
    try {
      const [{ build }, { pageConfig }] = await Promise.all([
        import('vite'),
        import('@tessera/example-verify-page/vite.config'),
      ])
      await build({ ...pageConfig({ outDir: dir }), configFile: false, logLevel: 'silent' })
    } catch (error) {
      built = undefined
      fail('VERIFY_PAGE_NOT_BUILT', `the verify page could not be built: ${(error as Error).message}`, error)
    }
    return dir
  })()
  return built
}
