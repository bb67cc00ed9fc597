import { resolve } from 'node:path';
import { defaultDatabasePath } from '../store/default-path';

/** --db, else REFLABEL_DB, else the app's user-data folder: the same file the desktop app opens. */
export function databaseFile(option: string | boolean | undefined): string {
  if (typeof option === 'string' && option !== '') return resolve(option);
  return defaultDatabasePath();
}
