/**
 * The status check, loaded with the first credential that has a status entry rather than at import: it
 * brings the status list codec and, outside browsers, its inflater (fflate in React Native; browsers inflate
 * with their DecompressionStream), which a credential without status never needs.
 */
export { checkStatus, StatusListCache } from '@tessera/status'
