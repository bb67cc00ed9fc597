// Schema migrations: applied in order, each recorded with the SHA-256 of its SQL. A recorded hash that no longer
// matches means a released migration was edited, and an unknown recorded version means a newer RefLabel wrote the
// database; both are refused rather than guessed around, because either leaves the schema unknown.
import { createHash } from 'node:crypto';
import type { Connection } from './connection';
import { sql as initialSql } from './migrations/001-initial';
import { sql as heatmapsSql } from './migrations/002-heatmaps';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'initial', sql: initialSql },
  { version: 2, name: 'heatmaps', sql: heatmapsSql },
];

export function migrationHash(sql: string): string {
  return createHash('sha256').update(sql, 'utf8').digest('hex');
}

interface AppliedRow {
  version: number;
  name: string;
  sha256: string;
}

function checkOrder(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (!Number.isInteger(m.version) || m.version < 1 || (i > 0 && m.version <= migrations[i - 1].version)) {
      throw new Error(`migration list: migration '${m.name}' has version ${m.version}, not above the one before it`);
    }
  });
}

/** The versions applied by this call, in order. */
export async function migrate(conn: Connection, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  checkOrder(migrations);
  const known = new Map(migrations.map((m) => [m.version, m]));
  // One IMMEDIATE transaction for check and apply: a second process opening the same file waits instead of
  // applying the same migration twice, and a failing migration leaves nothing half-done.
  await conn.exec('BEGIN IMMEDIATE');
  try {
    await conn.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      sha256 TEXT NOT NULL,
      applied_at TEXT NOT NULL
    )`);
    const applied = await conn.all<AppliedRow>('SELECT version, name, sha256 FROM schema_migrations ORDER BY version');
    for (const row of applied) {
      const migration = known.get(row.version);
      if (!migration) {
        throw new Error(
          `${conn.file}: migration ${row.version} '${row.name}' was applied by a newer RefLabel than this one; ` +
            'open the database with that version',
        );
      }
      const hash = migrationHash(migration.sql);
      if (hash !== row.sha256) {
        throw new Error(
          `${conn.file}: migration ${row.version} '${row.name}' was changed after it was applied ` +
            `(recorded sha256 ${row.sha256}, this build has ${hash})`,
        );
      }
    }
    const done = new Set(applied.map((row) => row.version));
    const pending = migrations.filter((m) => !done.has(m.version));
    for (const migration of pending) {
      try {
        await conn.exec(migration.sql);
      } catch (error) {
        throw new Error(
          `${conn.file}: migration ${migration.version} '${migration.name}' failed: ${(error as Error).message}`,
          {
            cause: error,
          },
        );
      }
      await conn.run(
        `INSERT INTO schema_migrations (version, name, sha256, applied_at)
         VALUES (?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`,
        [migration.version, migration.name, migrationHash(migration.sql)],
      );
    }
    await conn.exec('COMMIT');
    return pending.map((m) => m.version);
  } catch (error) {
    await conn.rollback();
    throw error;
  }
}
