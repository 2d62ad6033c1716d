// Bundles a program for Hermes as React Native would run it: esbuild resolves with the `react-native`
// and `browser` conditions, as Metro does (no Node built-ins) and lowers to ES2020, then Babel lowers what Hermes 0.12 cannot compile
// (class syntax, async functions, block scoping, RegExp named groups), transforms Metro's preset applies for Hermes as well.
import { transformAsync } from '@babel/core'
import { build } from 'esbuild'

export async function hermesBundle(entry: string, prelude = ''): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'iife',
    // Metro's resolution: the `react-native` and `browser` conditions and package fields
    platform: 'browser',
    conditions: ['react-native', 'browser', 'import', 'default'],
    mainFields: ['react-native', 'browser', 'module', 'main'],
    target: 'es2020',
    logLevel: 'silent',
    legalComments: 'none',
    // Digital Bazaar's context packages name their files by import.meta.url at load (never fetched)
    define: { 'import.meta.url': '"file:///bundle.js"' },
  })
  const code = result.outputFiles[0]?.text ?? ''
  const lowered = await transformAsync(code, {
    babelrc: false,
    configFile: false,
    compact: true,
    sourceType: 'script',
    plugins: [
      '@babel/plugin-transform-named-capturing-groups-regex',
      '@babel/plugin-transform-classes',
      '@babel/plugin-transform-async-to-generator',
      // Hermes 0.12 scopes let and const to the function, not the block: shadowing names in nested
      // blocks then collide (rdf-canonize's async canonicaliser ran its synchronous twin's methods)
      '@babel/plugin-transform-block-scoping',
    ],
  })
  return `${prelude}\n${lowered?.code ?? ''}`
}
