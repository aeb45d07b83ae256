export * from './schema.js';
export * from './errors.js';
export {
  CONNECTION_TIMEOUT_MS,
  databaseConfigFromEnv,
  DEFAULT_POOL_MAX,
  openDatabase,
  redactUrl,
  type DatabaseConfig,
  type ReadReplica,
  type RippleDatabase,
} from './connection.js';
export { replicationLagSeconds, waitForReplica } from './replica.js';
export { isAlive, lockDataDir, type DirectoryLock } from './lock.js';
export { migrateToLatest, MigrationError } from './migrate.js';
export * from './queries/overview.js';
export * from './queries/reach.js';
export * from './demo/index.js';
export * from './reference/countries.js';
export * from './imports/staging.js';
export * from './imports/apply.js';
export * from './imports/records.js';
export * from './text.js';
export * from './queries/reference.js';
export * from './queries/webinars.js';
export * from './queries/filters.js';
export * from './queries/breakdown.js';
export * from './queries/reach-memory.js';
export * from './queries/impact-memory.js';
export * from './queries/summary.js';
export * from './queries/loyalty.js';
export * from './queries/cache.js';
export * from './queries/impact-cache.js';
export * from './queries/gate.js';
export * from './surveys/respond.js';
export * from './surveys/instruments.js';
export * from './surveys/validate.js';
export * from './surveys/versions.js';
export * from './surveys/invitations.js';
export * from './surveys/waves.js';
export * from './surveys/mailing.js';
export * from './surveys/open-links.js';
export * from './queries/impact.js';
export * from './queries/impact-breakdown.js';
export * from './queries/impact-text.js';
export * from './surveys/feedback-import.js';
export * from './accounts/users.js';
export * from './accounts/sessions.js';
export * from './accounts/address-keys.js';
export * from './accounts/share-links.js';
export * from './queries/participants.js';
export * from './disclosure/index.js';
export * from './queries/report.js';
export * from './backup.js';
export * from './privacy/index.js';
