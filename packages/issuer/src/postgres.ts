/**
 * @tessera/issuer/postgres: the issuer's store in PostgreSQL, for several issuer processes on one state,
 * and `openPostgresPool`, the one way Tessera's PostgreSQL stores (the service's, the referral codes')
 * open a pool on a DATABASE_URL with the house's error codes. Its driver, pg, is an optional peer
 * dependency, loaded when a pool is opened: install it beside @tessera/issuer to use this entry.
 */
export {
  openPostgresPool,
  type PostgresPoolErrorCode,
  type PostgresPoolOptions,
} from './stores/postgres-pool.js'
export { PostgresIssuerStore, type PostgresStoreOptions } from './stores/postgres-store.js'
