export { openDb, type Db, type DbKind, type OpenDbOptions } from './database.js';
export type * from './schema.js';
export { isTransientDbError, retryTransient, type RetryOptions } from './retry.js';
