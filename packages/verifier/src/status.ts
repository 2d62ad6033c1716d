/**
 * The status check, loaded with the first credential that has a status entry rather than at import: it
 * brings the status list codec and its inflater (fflate), which a credential without status never needs.
 */
export { checkStatus, StatusListCache } from '@tessera/status'
