export * from './schema.js';
export * from './database.js';
export * from './migrate.js';
export * from './bridge.js';
export { ExecutorDialect, Mutex, pgliteExecutor, type SqlExecutor } from './pglite-dialect.js';
