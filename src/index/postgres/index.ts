export { DEFAULT_DATABASE_URL_ENV, redactDatabaseUrl, resolveDatabaseUrl } from '../../core/database-url.js';
export {
  migratePostgresIndex,
  PostgresIndexStore,
  type PostgresIndexStoreOptions,
  type PostgresServerInfo,
} from './postgres-index-store.js';
export { POSTGRES_SCHEMA_VERSION, type TextSearchPath } from './postgres-schema.js';
export { rebuildPostgresIndex, rebuildSchemaNamesOf } from './rebuild-postgres-index.js';
export {
  acquirePostgresWriterLock,
  holdsPostgresWriterLock,
  type PostgresWriterLock,
} from './writer-lock.js';
