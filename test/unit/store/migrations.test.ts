import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { MIGRATIONS, type Migration } from '../../../src/main/store/migrations';
import { openStore } from '../../../src/main/store/open-store';
import { tempDir } from './temp-store';

const m1: Migration = { version: 1, name: 'first', sql: 'CREATE TABLE a (id INTEGER PRIMARY KEY);' };
const m2: Migration = { version: 2, name: 'second', sql: 'CREATE TABLE b (id INTEGER PRIMARY KEY);' };

interface Recorded {
  version: number;
  name: string;
  sha256: string;
  applied_at: string;
}

async function withFile(fn: (file: string) => Promise<void>): Promise<void> {
  const dir = await tempDir();
  try {
    await fn(path.join(dir, 'm.db'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function recorded(file: string, migrations: readonly Migration[]): Promise<Recorded[]> {
  const store = await openStore(file, { migrations });
  const rows = await store.read((db) => db.all<Recorded>('SELECT * FROM schema_migrations ORDER BY version'));
  await store.close();
  return rows;
}

async function tables(file: string, migrations: readonly Migration[]): Promise<string[]> {
  const store = await openStore(file, { migrations });
  const rows = await store.read((db) =>
    db.all<{ name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name"),
  );
  await store.close();
  return rows.map((r) => r.name);
}

describe('migrations', () => {
  it('applies the built-in migrations and records each with the SHA-256 of its SQL', () =>
    withFile(async (file) => {
      const rows = await recorded(file, MIGRATIONS);
      assert.equal(rows.length, MIGRATIONS.length);
      for (const [i, m] of MIGRATIONS.entries()) {
        assert.equal(rows[i].version, m.version);
        assert.equal(rows[i].name, m.name);
        assert.equal(rows[i].sha256, createHash('sha256').update(Buffer.from(m.sql, 'utf8')).digest('hex'));
        assert.match(rows[i].applied_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      }
      const names = await tables(file, MIGRATIONS);
      for (const table of ['datasets', 'images', 'annotations', 'annotation_versions', 'jobs', 'job_items']) {
        assert.ok(names.includes(table), `table ${table}`);
      }
    }));

  it('applies nothing again on reopen and keeps the record', () =>
    withFile(async (file) => {
      const first = await recorded(file, [m1]);
      const second = await recorded(file, [m1]);
      assert.deepEqual(second, first);
    }));

  it('applies a migration added after the first open', () =>
    withFile(async (file) => {
      await recorded(file, [m1]);
      const rows = await recorded(file, [m1, m2]);
      assert.deepEqual(
        rows.map((r) => r.version),
        [1, 2],
      );
      assert.deepEqual(await tables(file, [m1, m2]), ['a', 'b', 'schema_migrations']);
    }));

  it('refuses a database whose applied migration was edited since', () =>
    withFile(async (file) => {
      await recorded(file, [m1]);
      const edited = { ...m1, sql: `${m1.sql}\n` };
      await assert.rejects(openStore(file, { migrations: [edited] }), (error: Error) => {
        assert.ok(error.message.startsWith(`${file}: `), error.message);
        assert.match(error.message, /migration 1 'first' was changed after it was applied/);
        return true;
      });
    }));

  it('refuses a database written by a newer version', () =>
    withFile(async (file) => {
      await recorded(file, [m1, m2]);
      await assert.rejects(
        openStore(file, { migrations: [m1] }),
        /migration 2 'second' was applied by a newer RefLabel/,
      );
    }));

  it('leaves nothing behind when a migration fails', () =>
    withFile(async (file) => {
      await recorded(file, [m1]);
      const broken: Migration = { version: 2, name: 'broken', sql: 'CREATE TABLE c (id INTEGER); CREATE TABLE (' };
      const m3: Migration = { version: 3, name: 'third', sql: 'CREATE TABLE d (id INTEGER);' };
      await assert.rejects(openStore(file, { migrations: [m1, broken, m3] }), /migration 2 'broken' failed/);
      assert.deepEqual(await tables(file, [m1]), ['a', 'schema_migrations']);
      assert.deepEqual(
        (await recorded(file, [m1])).map((r) => r.version),
        [1],
      );
    }));

  it('refuses a migration list that is out of order', () =>
    withFile(async (file) => {
      await assert.rejects(openStore(file, { migrations: [m2, m1] }), /not above the one before it/);
    }));
});
