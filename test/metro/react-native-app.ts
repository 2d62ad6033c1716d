// A React Native app's folder, laid out as an app installing @tessera/verifier from the registry gets it,
// without the network: the Tessera packages it needs (verifier, proofs, schema, status) packed as they
// are published (dist/ exports, scripts/pack-packages.ts) and extracted into node_modules/@tessera/; their
// third-party dependencies and @react-native/metro-config linked to the copies the workspace installed
// from the lockfile. Metro sees the packages as published, not the workspace's TypeScript sources.
import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readFileSync, realpathSync, symlinkSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { packPackages, ROOT } from '../../scripts/pack-packages.js'

/** The Tessera packages on @tessera/verifier/react-native's path. */
const TESSERA = ['@tessera/verifier', '@tessera/proofs', '@tessera/schema', '@tessera/status']

interface Manifest {
  name: string
  dependencies?: Record<string, string>
  optionalDependencies?: Record<string, string>
  peerDependencies?: Record<string, string>
}

const manifestOf = (dir: string): Manifest => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))

/** A package's folder as Node would find it from `from` (walking up the node_modules folders), or undefined. */
function lookup(name: string, from: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name)
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate)
    if (dirname(dir) === dir) return undefined
  }
}

export interface ReactNativeApp {
  /** The app's folder: Metro's project root. */
  root: string
  /**
   * The pnpm store folders (`.pnpm/<package>/node_modules`: the package and links to its dependencies) of
   * every package the app's links reach: what Metro must watch, as its file map knows only the project
   * root and these folders.
   */
  storeFolders: string[]
}

/** What the app depends on: Tessera's packages (packed) and others (linked, found from a workspace folder). */
export interface AppDependencies {
  tessera: readonly string[]
  linked: readonly { name: string; from: string }[]
}

/**
 * Lays out the app in `root` (which must exist): the entry and config files copied from `files`, and
 * its dependencies (by default the Tessera packages on @tessera/verifier/react-native's path).
 */
export function installReactNativeApp(
  root: string,
  files: string,
  dependencies: AppDependencies = { tessera: TESSERA, linked: [] },
): ReactNativeApp {
  cpSync(files, root, { recursive: true })
  const modules = join(root, 'node_modules')
  const packed =
    dependencies.tessera.length === 0 ? [] : packPackages(join(root, '.tarballs'), dependencies.tessera)
  const thirdParty = new Map<string, string>()
  for (const { name, from } of dependencies.linked) {
    const installed = lookup(name, from)
    if (installed === undefined) throw new Error(`${name} is not installed in ${from}`)
    thirdParty.set(name, installed)
  }
  for (const { name, dir, tarball } of packed) {
    const into = join(modules, name)
    mkdirSync(into, { recursive: true })
    execFileSync('tar', ['-xzf', tarball, '-C', into, '--strip-components=1'])
    for (const dependency of Object.keys(manifestOf(into).dependencies ?? {})) {
      if (dependency.startsWith('@tessera/') || thirdParty.has(dependency)) continue
      const installed = lookup(dependency, dir)
      if (installed === undefined) throw new Error(`${name}'s dependency ${dependency} is not installed`)
      thirdParty.set(dependency, installed)
    }
  }
  // the app's own development dependencies, as React Native's app template has them: its Metro
  // configuration (metro.config.js requires it) and Babel's runtime helpers (its Babel preset imports them)
  for (const name of ['@react-native/metro-config', '@babel/runtime'])
    thirdParty.set(name, lookup(name, ROOT) as string)
  for (const [name, target] of thirdParty) {
    mkdirSync(dirname(join(modules, name)), { recursive: true })
    symlinkSync(target, join(modules, name), 'dir')
  }
  // every package reachable from the links, by Node's lookup from each package's real folder
  const seen = new Set<string>()
  const queue = [...thirdParty.values()]
  while (queue.length > 0) {
    const dir = queue.pop() as string
    if (seen.has(dir)) continue
    seen.add(dir)
    const manifest = manifestOf(dir)
    const names = Object.keys({
      ...manifest.dependencies,
      ...manifest.optionalDependencies,
      ...manifest.peerDependencies,
    })
    for (const name of names) {
      const found = lookup(name, dir)
      if (found !== undefined && !seen.has(found)) queue.push(found)
    }
  }
  const storeFolders = new Set([...seen].map((dir) => dir.slice(0, dir.lastIndexOf('/node_modules/') + 13)))
  return { root, storeFolders: [...storeFolders] }
}
