/**
 * @tessera/issuer/sqlite: the issuer's store in one SQLite file. Its driver, better-sqlite3, is an optional
 * peer dependency: install it beside @tessera/issuer to use this entry (an issuer on PostgreSQL never
 * builds it).
 */

export { GroupCommit } from './stores/sqlite-group-commit.js'
export { type SqliteConnection, SqliteIssuerStore, type SqliteStoreOptions } from './stores/sqlite-store.js'
