export { openDb, type Db, type DbKind, type OpenDbOptions } from './database.js';
export type * from './schema.js';
