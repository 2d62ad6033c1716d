/**
 * The verification page every QR code and share link opens (`<association url>/verify/`): the
 * examples/verify-page build (Vite), put into the publish folder as `verify/`, so that publishing the
 * folder publishes the page too. It is built once per process, into a temporary folder, then copied;
 * the new copy replaces the old one only once it is whole.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { rename, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { fail } from './errors.js'
import type { Output } from './output.js'

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

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    return entry.isDirectory() ? filesUnder(path) : entry.isFile() ? [path] : []
  })
}

/**
 * Puts the built page into `<publishDir>/verify/`, with `trust` as its `trust.json` (the page's trusted
 * list: the association's own DID, so that its own page names it as the issuer it is); returns the files
 * written there.
 */
export async function publishVerifyPage(publishDir: string, out: Output, trust?: object): Promise<string[]> {
  const source = await builtVerifyPage()
  const suffix = `${process.pid}-${crypto.randomUUID().slice(0, 8)}`
  const staging = join(publishDir, `.verify-new-${suffix}`)
  const target = join(publishDir, 'verify')
  const written: string[] = []
  try {
    for (const file of filesUnder(source)) {
      const path = relative(source, file)
      await out.write(join(staging, path), readFileSync(file))
      written.push(join(target, path))
    }
    if (trust !== undefined) {
      await out.write(join(staging, 'trust.json'), `${JSON.stringify(trust, null, 2)}\n`)
      written.push(join(target, 'trust.json'))
    }
    // The old page stays whole until the new one is: rename it away, the new one in, then delete it.
    const old = join(publishDir, `.verify-old-${suffix}`)
    const hadOne = await rename(target, old).then(
      () => true,
      (error: { code?: string }) => {
        if (error.code === 'ENOENT') return false
        throw error
      },
    )
    try {
      await rename(staging, target)
    } catch (error) {
      if (hadOne) await rename(old, target)
      throw error
    }
    await rm(old, { recursive: true, force: true })
  } finally {
    await rm(staging, { recursive: true, force: true })
  }
  return written
}
