/**
 * @tessera/issuer/postgres: the issuer's store in PostgreSQL, for several issuer processes on one state.
 * Its driver, pg, is an optional peer dependency: install it beside @tessera/issuer to use this entry.
 */
export { PostgresIssuerStore, type PostgresStoreOptions } from './stores/postgres-store.js'
