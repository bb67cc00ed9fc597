import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { StoreError } from '../../../src/main/store/errors';
import { openStore } from '../../../src/main/store/open-store';
import type { Migration } from '../../../src/main/store/migrations';
import { openTempStore, tempDir, type TempStore } from './temp-store';

const schema: Migration[] = [
  {
    version: 1,
    name: 'test tables',
    sql: `CREATE TABLE counter (id INTEGER PRIMARY KEY, value INTEGER NOT NULL);
          INSERT INTO counter (id, value) VALUES (1, 0);
          CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL, data BLOB);`,
  },
];

describe('openStore', () => {
  let t: TempStore;
  before(async () => {
    t = await openTempStore({ migrations: schema });
  });
  after(() => t.dispose());

  it('creates the parent folder and uses WAL, foreign keys and a durable sync mode', async () => {
    assert.ok(existsSync(t.file));
    assert.equal(t.store.file, t.file);
    const mode = await t.store.read((db) => db.get<{ journal_mode: string }>('PRAGMA journal_mode'));
    assert.equal(mode?.journal_mode, 'wal');
    const pragmas = await t.store.write(async (tx) => ({
      fk: await tx.get<{ foreign_keys: number }>('PRAGMA foreign_keys'),
      sync: await tx.get<{ synchronous: number }>('PRAGMA synchronous'),
    }));
    assert.equal(pragmas.fk?.foreign_keys, 1);
    assert.equal(pragmas.sync?.synchronous, 2, 'synchronous = FULL');
  });

  it('serialises 50 concurrent read-modify-write transactions without losing an update', async () => {
    const writes = Array.from({ length: 50 }, () =>
      t.store.write(async (tx) => {
        const row = await tx.get<{ value: number }>('SELECT value FROM counter WHERE id = 1');
        // Give every other queued writer a chance to run in between, as real callers awaiting I/O would.
        await nextTurn();
        await tx.run('UPDATE counter SET value = ? WHERE id = 1', [row!.value + 1]);
        return row!.value;
      }),
    );
    const seen = await Promise.all(writes);
    assert.deepEqual(
      [...seen].sort((a, b) => a - b),
      Array.from({ length: 50 }, (_, i) => i),
    );
    const final = await t.store.read((db) => db.get<{ value: number }>('SELECT value FROM counter WHERE id = 1'));
    assert.equal(final?.value, 50);
  });

  it('rolls back every statement of a write that throws, and rejects with that error', async () => {
    const boom = new Error('boom');
    await assert.rejects(
      t.store.write(async (tx) => {
        await tx.run('INSERT INTO notes (body) VALUES (?)', ['doomed 1']);
        await tx.run('INSERT INTO notes (body) VALUES (?)', ['doomed 2']);
        throw boom;
      }),
      (error) => error === boom,
    );
    const doomed = await t.store.read((db) => db.all("SELECT * FROM notes WHERE body LIKE 'doomed%'"));
    assert.deepEqual(doomed, []);
    await t.store.write((tx) => tx.run('INSERT INTO notes (body) VALUES (?)', ['after rollback']));
    const kept = await t.store.read((db) =>
      db.get<{ n: number }>("SELECT COUNT(*) AS n FROM notes WHERE body = 'after rollback'"),
    );
    assert.equal(kept?.n, 1);
  });

  it('rolls back when a statement fails, with an error naming the database file', async () => {
    const failed = t.store.write(async (tx) => {
      await tx.run('INSERT INTO notes (body) VALUES (?)', ['half']);
      await tx.run('INSERT INTO notes (body) VALUES (NULL)');
    });
    await assert.rejects(failed, (error: unknown) => {
      assert.ok(error instanceof StoreError);
      assert.equal(error.code, 'SQLITE_CONSTRAINT');
      assert.ok(error.message.startsWith(`${t.file}: `), error.message);
      assert.match(error.message, /NOT NULL constraint failed: notes\.body/);
      return true;
    });
    const half = await t.store.read((db) => db.all("SELECT * FROM notes WHERE body = 'half'"));
    assert.deepEqual(half, []);
  });

  it('lets the reader see the last committed state while a long write is open', async () => {
    await t.store.write((tx) => tx.run('INSERT INTO notes (id, body) VALUES (100, ?)', ['committed']));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let inserted!: () => void;
    const insertedSignal = new Promise<void>((resolve) => (inserted = resolve));
    const long = t.store.write(async (tx) => {
      await tx.run('INSERT INTO notes (id, body) VALUES (101, ?)', ['uncommitted']);
      inserted();
      await gate;
    });
    await insertedSignal;
    const during = await t.store.read((db) =>
      db.all<{ id: number }>('SELECT id FROM notes WHERE id >= 100 ORDER BY id'),
    );
    assert.deepEqual(
      during.map((r) => r.id),
      [100],
    );
    release();
    await long;
    const afterCommit = await t.store.read((db) =>
      db.all<{ id: number }>('SELECT id FROM notes WHERE id >= 100 ORDER BY id'),
    );
    assert.deepEqual(
      afterCommit.map((r) => r.id),
      [100, 101],
    );
  });

  it('sees a write as soon as it resolves, even right after a get on the same statement', async () => {
    const sql = 'SELECT value FROM counter WHERE id = 1';
    for (let i = 0; i < 20; i++) {
      const before = await t.store.read((db) => db.get<{ value: number }>(sql));
      await t.store.write((tx) => tx.run('UPDATE counter SET value = value + 1 WHERE id = 1'));
      const afterWrite = await t.store.read((db) => db.get<{ value: number }>(sql));
      assert.equal(afterWrite!.value, before!.value + 1);
    }
  });

  it('refuses statements on a transaction that has finished', async () => {
    let leaked: Parameters<Parameters<typeof t.store.write>[0]>[0] | undefined;
    await t.store.write(async (tx) => {
      leaked = tx;
    });
    await assert.rejects(leaked!.run('INSERT INTO notes (body) VALUES (?)', ['late']), { code: 'TX_FINISHED' });
  });

  it('reads through a read-only connection', async () => {
    await assert.rejects(
      t.store.read((db) => db.get("INSERT INTO notes (body) VALUES ('sneaky') RETURNING id")),
      { code: 'SQLITE_READONLY' },
    );
  });

  it('binds blobs, bigints and named parameters, and refuses undefined', async () => {
    const bytes = new Uint8Array([0, 1, 2, 250, 255]);
    const view = new Uint8Array(bytes.buffer, 1, 3);
    const id = await t.store.write(async (tx) => {
      const a = await tx.run('INSERT INTO notes (body, data) VALUES ($body, $data)', { $body: 'blob', $data: view });
      await tx.run('INSERT INTO notes (id, body) VALUES (?, ?)', [9007199254740000n, 'big']);
      return a.lastId;
    });
    const row = await t.store.read((db) => db.get<{ data: Buffer }>('SELECT data FROM notes WHERE id = ?', [id]));
    assert.deepEqual([...row!.data], [1, 2, 250]);
    const big = await t.store.read((db) =>
      db.get<{ body: string }>('SELECT body FROM notes WHERE id = ?', [9007199254740000]),
    );
    assert.equal(big?.body, 'big');
    await assert.rejects(
      t.store.write((tx) => tx.run('INSERT INTO notes (body) VALUES (?)', [undefined as unknown as string])),
      /parameter 1 is undefined/,
    );
    await assert.rejects(
      t.store.write((tx) => tx.run('INSERT INTO notes (id, body) VALUES (?, ?)', [2n ** 60n, 'too big'])),
      /outside the range/,
    );
  });

  it('streams rows with each and reports a callback error', async () => {
    await t.store.write(async (tx) => {
      for (let i = 0; i < 30; i++) await tx.run('INSERT INTO notes (id, body) VALUES (?, ?)', [1000 + i, `row ${i}`]);
    });
    const seen: number[] = [];
    const n = await t.store.read((db) =>
      db.each<{ id: number }>('SELECT id FROM notes WHERE id >= ? AND id < ? ORDER BY id', [1000, 2000], (row) =>
        seen.push(row.id),
      ),
    );
    assert.equal(n, 30);
    assert.deepEqual(
      seen,
      Array.from({ length: 30 }, (_, i) => 1000 + i),
    );
    const bad = new Error('stop');
    await assert.rejects(
      t.store.read((db) =>
        db.each('SELECT id FROM notes WHERE id >= ?', [1000], () => {
          throw bad;
        }),
      ),
      (error) => error === bad,
    );
  });
});

describe('openStore lifecycle', () => {
  it('finishes queued writes on close, then refuses new work', async () => {
    const t = await openTempStore({ migrations: schema });
    const queued = Array.from({ length: 5 }, (_, i) =>
      t.store.write((tx) => tx.run('INSERT INTO notes (body) VALUES (?)', [`queued ${i}`])),
    );
    const closing = t.store.close();
    await Promise.all(queued);
    await closing;
    await assert.rejects(
      t.store.read((db) => db.all('SELECT 1')),
      { code: 'STORE_CLOSED' },
    );
    await assert.rejects(
      t.store.write((tx) => tx.run('SELECT 1')),
      { code: 'STORE_CLOSED' },
    );
    const reopened = await openStore(t.file, { migrations: schema });
    const n = await reopened.read((db) =>
      db.get<{ n: number }>("SELECT COUNT(*) AS n FROM notes WHERE body LIKE 'queued%'"),
    );
    assert.equal(n?.n, 5);
    await reopened.close();
    await rm(t.dir, { recursive: true, force: true });
  });

  it('refuses a file that is not a database, naming it', async () => {
    const dir = await tempDir();
    const garbage = path.join(dir, 'notes.db');
    await writeFile(garbage, 'this is not an SQLite file, just text that is long enough to have a header '.repeat(20));
    await assert.rejects(openStore(garbage), (error: Error) => {
      assert.ok(error instanceof StoreError);
      assert.equal(error.code, 'SQLITE_NOTADB');
      assert.ok(error.message.startsWith(`${garbage}: `), error.message);
      return true;
    });
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses an in-memory database', async () => {
    await assert.rejects(openStore(':memory:'), /not a database file path/);
  });

  it('names the file when it cannot be opened', async () => {
    const dir = await tempDir();
    const notADatabase = path.join(dir, 'folder.db');
    await import('node:fs/promises').then((fs) => fs.mkdir(notADatabase));
    await assert.rejects(openStore(notADatabase), (error: Error) => error.message.includes(notADatabase));
    await rm(dir, { recursive: true, force: true });
  });
});
