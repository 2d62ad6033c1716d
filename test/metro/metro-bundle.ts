// Bundles a React Native app (react-native-app.ts) with Metro, reading its metro.config.js as React
// Native's CLI does (Metro's loadConfig), for the bare Hermes command line: a production bundle for
// Android, unminified. Used by test/metro.test.ts and bench/hermes.ts.
import { join } from 'node:path'
import { loadConfig, mergeConfig, runBuild } from 'metro'
import type { ReactNativeApp } from './react-native-app.js'

export async function metroBundle(
  { root, storeFolders }: ReactNativeApp,
  entry = 'index.js',
): Promise<string> {
  const appConfig = await loadConfig({ cwd: root, config: join(root, 'metro.config.js') })
  // What this bench needs where an app has it otherwise: the pnpm store folders the app's links point
  // into, and the app's node_modules as the last place to look from them (an app installed by npm has
  // one flat node_modules, where Babel's helpers, imported into every transformed module, are found
  // from any package); no file watcher or cache, one worker on a shared machine; no InitializeCore (of
  // the react-native package, not installed here: test/hermes/react-native-environment.js stands in
  // for what it sets up).
  const config = mergeConfig(appConfig, {
    watchFolders: [...appConfig.watchFolders, ...storeFolders],
    cacheStores: [],
    maxWorkers: 1,
    reporter: { update: () => {} },
    resolver: { useWatchman: false, nodeModulesPaths: [join(root, 'node_modules')] },
    serializer: { getModulesRunBeforeMainModule: () => [] },
  })
  const bundle = await runBuild(config, {
    entry: join(root, entry),
    platform: 'android',
    dev: false,
    minify: false,
  })
  return bundle.code
}
