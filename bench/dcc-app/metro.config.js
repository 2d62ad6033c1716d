// The Learner Credential Wallet's Metro settings on React Native's defaults (the wallet starts from
// Expo's, which add nothing the verifier's path reads): package `exports` on. And what DCC's packages
// need with exports on: the ES entry of most @digitalcredentials/* packages (did-io, base58-universal,
// jsonld, vc, ...) is Node's wrapper of their CommonJS build (`import cjsModule from '../index.js'`),
// which marks itself __esModule, so Babel's interop reads `cjsModule` as that build's absent `default`:
// every export undefined, and verifier-core fails at load ("Cannot read property 'approvesMethodFor' of
// undefined", then 'encode'). Their CommonJS builds, which Metro picks for a `require`, are taken.
const { getDefaultConfig, mergeConfig } = require('@react-native/metro-config')

module.exports = mergeConfig(getDefaultConfig(__dirname), {
  resolver: {
    unstable_enablePackageExports: true,
    resolveRequest: (context, name, platform) =>
      context.resolveRequest(
        name.startsWith('@digitalcredentials/') ? { ...context, isESMImport: false } : context,
        name,
        platform,
      ),
  },
})
