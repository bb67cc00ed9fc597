// The Store: a writer connection behind one queue of transactions, and a reader connection for everything else.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Connection } from './connection';
import { StoreError } from './errors';
import { migrate, type Migration } from './migrations';
import type { SqlReader, SqlWriter, Store } from './types';

export interface OpenStoreOptions {
  /** The schema to bring the file to; tests pass their own lists, the app uses the built-in one. */
  migrations?: readonly Migration[];
}

/** How long a connection waits for another process's lock (the CLI and the app on one file) before failing. */
const BUSY_TIMEOUT_MS = 5000;

interface TxState {
  active: boolean;
}

function readerOf(conn: Connection): SqlReader {
  return {
    all: (sql, params) => conn.all(sql, params),
    get: (sql, params) => conn.get(sql, params),
    each: (sql, params, onRow) => conn.each(sql, params, onRow),
  };
}

/**
 * The handle a write's callback gets. It refuses statements once its transaction is over: a leftover async branch
 * of the callback would otherwise run its statements outside any transaction, or inside the next caller's.
 */
function writerOf(conn: Connection, state: TxState): SqlWriter {
  const finished = (): Promise<never> =>
    Promise.reject(
      new StoreError(conn.file, 'TX_FINISHED', 'statement issued after its write transaction had finished'),
    );
  return {
    run: (sql, params) => (state.active ? conn.run(sql, params) : finished()),
    all: (sql, params) => (state.active ? conn.all(sql, params) : finished()),
    get: (sql, params) => (state.active ? conn.get(sql, params) : finished()),
    each: (sql, params, onRow) => (state.active ? conn.each(sql, params, onRow) : finished()),
  };
}

class SqliteStore implements Store {
  private tail: Promise<unknown> = Promise.resolve();
  private readonly pendingReads = new Set<Promise<unknown>>();
  private readonly reader: SqlReader;
  private closing: Promise<void> | null = null;

  constructor(
    readonly file: string,
    private readonly writerConn: Connection,
    private readonly readerConn: Connection,
  ) {
    this.reader = readerOf(readerConn);
  }

  read<T>(fn: (db: SqlReader) => Promise<T>): Promise<T> {
    if (this.closing) return Promise.reject(this.closedError());
    const result = Promise.resolve().then(() => fn(this.reader));
    const tracked = result.then(
      () => undefined,
      () => undefined,
    );
    this.pendingReads.add(tracked);
    void tracked.then(() => this.pendingReads.delete(tracked));
    return result;
  }

  /**
   * Calling store.write from inside a write's callback deadlocks (the new write waits for the one waiting on it):
   * inner code takes the tx it is given. Catching that with AsyncLocalStorage was tried and dropped: on Node 20 it
   * installs promise hooks that made every statement of the process twice as slow.
   */
  write<T>(fn: (tx: SqlWriter) => Promise<T>): Promise<T> {
    if (this.closing) return Promise.reject(this.closedError());
    const result = this.tail.then(() => this.transaction(fn));
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.tail;
      await Promise.all(this.pendingReads);
      await this.readerConn.close();
      await this.writerConn.close();
    })();
    return this.closing;
  }

  private async transaction<T>(fn: (tx: SqlWriter) => Promise<T>): Promise<T> {
    const conn = this.writerConn;
    await conn.exec('BEGIN IMMEDIATE');
    const state: TxState = { active: true };
    let value: T;
    try {
      value = await fn(writerOf(conn, state));
    } catch (error) {
      state.active = false;
      // exec waits for the connection's statements in flight, so ROLLBACK comes after any the callback left running.
      await conn.rollback();
      throw error;
    }
    state.active = false;
    try {
      await conn.exec('COMMIT');
    } catch (error) {
      await conn.rollback();
      throw error;
    }
    return value;
  }

  private closedError(): StoreError {
    return new StoreError(this.file, 'STORE_CLOSED', 'the store is closed');
  }
}

async function configureWriter(conn: Connection): Promise<void> {
  conn.setBusyTimeout(BUSY_TIMEOUT_MS);
  await conn.exec('PRAGMA journal_mode = WAL');
  const mode = await conn.get<{ journal_mode: string }>('PRAGMA journal_mode');
  if (mode?.journal_mode !== 'wal') {
    throw new StoreError(
      conn.file,
      'SQLITE_CANTOPEN',
      `cannot use WAL mode here (journal mode is ${mode?.journal_mode})`,
    );
  }
  // In WAL mode a commit is in the OS's hands once its WAL frames are written, so synchronous = NORMAL already
  // survives the process being killed; what NORMAL can lose is the last commits on a power cut or an OS crash.
  // FULL fsyncs the WAL on every commit, which closes that gap too. Commits here are human-paced saves and
  // per-item job records (one bulk import is one commit), so an fsync each is cheap next to losing an accepted mask.
  await conn.exec('PRAGMA synchronous = FULL');
  await conn.exec('PRAGMA foreign_keys = ON');
}

/** Opens (creating if needed) the database file and brings its schema up to date. */
export async function openStore(file: string, options: OpenStoreOptions = {}): Promise<Store> {
  if (file === '' || file === ':memory:' || file.startsWith('file:')) {
    throw new Error(
      `openStore: '${file}' is not a database file path (the reader needs a second connection to a file)`,
    );
  }
  const absolute = path.resolve(file);
  try {
    await mkdir(path.dirname(absolute), { recursive: true });
  } catch (error) {
    throw new StoreError(absolute, 'STORE_MKDIR', `cannot create the folder: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const writer = await Connection.open(absolute, 'readwrite');
  let reader: Connection | undefined;
  try {
    await configureWriter(writer);
    await migrate(writer, options.migrations);
    reader = await Connection.open(absolute, 'readonly');
    reader.setBusyTimeout(BUSY_TIMEOUT_MS);
  } catch (error) {
    await reader?.close();
    await writer.close();
    throw error;
  }
  return new SqliteStore(absolute, writer, reader);
}
