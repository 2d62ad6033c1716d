/**
 * The page's build. `vite build` makes the production page in dist/: it fetches over https only,
 * through the verifier's guard. The end-to-end test builds it with `pageConfig({ localFetchHosts })`
 * so that it may also fetch from the test's server on 127.0.0.1 (see src/fetch-options.ts).
 */
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig, type Plugin, type UserConfig } from 'vite'

export interface PageBuildOptions {
  /**
   * Hosts (`host` or `host:port`) the page may fetch status lists and DID documents from over plain
   * http, loopback and private addresses included. For tests: a page built with any says so on screen.
   */
  localFetchHosts?: readonly string[]
  /** Default: dist/ beside this file. */
  outDir?: string
}

const root = fileURLToPath(new URL('.', import.meta.url))
/** The site's language files (one per language), which the page's words come from (src/locales.ts). */
const siteLocales = join(
  dirname(createRequire(import.meta.url).resolve('@tessera/site/languages')),
  'locales',
)

/**
 * A Content-Security-Policy for the built page: scripts from the page only, connections to https (the
 * issuers' lists and DID documents) and the local hosts named, images from the page, data: and blob:
 * URLs only (badge images; a remote one is fetched on request and shown from memory), nothing else. 'unsafe-eval' only when the bundle holds Ajv's compiler (1EdTech's
 * JSON Schema compiled at run time with Function()); a schema package that precompiles it needs none.
 */
export function contentSecurityPolicy(localFetchHosts: readonly string[]): Plugin {
  const connect = [
    "'self'",
    'https:',
    ...localFetchHosts.map((h) => `http://${h}${/:\d+$/.test(h) ? '' : ':*'}`),
  ]
  return {
    name: 'tessera-content-security-policy',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler: (_html, context) => {
        // Ajv's compiler in the bundle means schemas compiled at run time, with Function().
        const evaluates = Object.values(context.bundle ?? {}).some(
          (c) =>
            c.type === 'chunk' && c.moduleIds.some((id) => /[\\/]ajv[\\/]dist[\\/]compile[\\/]/.test(id)),
        )
        const policy = [
          "default-src 'none'",
          `script-src 'self'${evaluates ? " 'unsafe-eval'" : ''}`,
          "style-src 'self'",
          // No <img> reaches the network: a remote badge picture is fetched (connect-src) when the
          // visitor asks, and shown from a blob: URL (src/images.ts).
          "img-src 'self' data: blob:",
          `connect-src ${connect.join(' ')}`,
          "base-uri 'none'",
          "form-action 'none'",
        ].join('; ')
        return [
          {
            tag: 'meta',
            attrs: { 'http-equiv': 'Content-Security-Policy', content: policy },
            injectTo: 'head-prepend',
          },
        ]
      },
    },
  }
}

export function pageConfig(options: PageBuildOptions = {}): UserConfig {
  const localFetchHosts = options.localFetchHosts ?? []
  for (const host of localFetchHosts) {
    if (!/^[a-z0-9.-]+(:\d+)?$|^\[[0-9a-f:]+\](:\d+)?$/i.test(host))
      throw new Error(`localFetchHosts: ${JSON.stringify(host)} is not a host or host:port`)
  }
  return {
    root,
    base: './',
    resolve: { alias: [{ find: '@site-locales', replacement: siteLocales }] },
    define: { __TESSERA_LOCAL_FETCH_HOSTS__: JSON.stringify(localFetchHosts) },
    plugins: [contentSecurityPolicy(localFetchHosts)],
    build: {
      outDir: options.outDir ?? fileURLToPath(new URL('dist', import.meta.url)),
      emptyOutDir: true,
      target: 'es2022',
      // The manifest names the live module's hashed file, which the site's credential pages load.
      manifest: true,
      rollupOptions: {
        input: {
          main: fileURLToPath(new URL('index.html', import.meta.url)),
          live: fileURLToPath(new URL('src/live.ts', import.meta.url)),
        },
      },
      // The page is the verifier (Data Integrity and JSON-LD included): about 790 kB minified, on purpose.
      chunkSizeWarningLimit: 1024,
    },
  }
}

export default defineConfig(pageConfig())
