export { openDatabase, type DbHandle, type OpenOptions } from './open.ts';
export { runMigrations } from './migrate.ts';
export { inTransaction } from './tx.ts';
export { toNumber, rowsOf, type Db } from './types.ts';
