/**
 * The default crypto provider under React Native (the package's `#crypto` import, `react-native`
 * condition): pure JavaScript, since Hermes has no WebCrypto. Bundled up front, with no dynamic import.
 */
export { pureCrypto as defaultCrypto } from './crypto-pure.js'
