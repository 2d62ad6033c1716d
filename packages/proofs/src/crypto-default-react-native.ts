/**
 * The default crypto provider under React Native (the package's `#crypto` import, `react-native`
 * condition): pure JavaScript, since Hermes has no WebCrypto. Bundled up front, with no dynamic import.
 */
// Hermes has no thread to hand checks to: the background provider is the same one.
export { pureCrypto as backgroundCrypto, pureCrypto as defaultCrypto } from './crypto-pure.js'
