// One sqlite3 connection behind promises, with its prepared statements cached by SQL text.
// Statements are prepared once per connection and reused, so the services pass constant SQL and bind values;
// building SQL around values would both defeat the cache and grow it without bound.
import sqlite3 from 'sqlite3';
import { StoreError } from './errors';
import type { RunResult, SqlParams, SqlValue } from './types';

type Bindable = string | number | null | Buffer;

function sqlSnippet(sql: string): string {
  const flat = sql.replace(/\s+/g, ' ').trim();
  return flat.length > 120 ? `${flat.slice(0, 117)}...` : flat;
}

function toStoreError(file: string, sql: string, error: unknown): StoreError {
  const err = error as NodeJS.ErrnoException;
  const code = typeof err?.code === 'string' ? err.code : 'SQLITE_ERROR';
  const message = err instanceof Error ? err.message : String(error);
  return new StoreError(file, code, `${message} (in: ${sqlSnippet(sql)})`, { cause: error });
}

/**
 * The sqlite3 binding silently binds NULL for values it does not know (undefined, bigint) and the text
 * '[object Object]' for a Uint8Array that is not a Buffer, so values are checked and converted here.
 */
function bindable(value: SqlValue | undefined, where: string): Bindable {
  if (value === null || typeof value === 'string' || typeof value === 'number') return value;
  if (typeof value === 'bigint') {
    if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
      throw new Error(`parameter ${where} is the bigint ${value}, outside the range the sqlite3 binding can bind`);
    }
    return Number(value);
  }
  if (value instanceof Uint8Array) {
    return Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  }
  throw new Error(`parameter ${where} is ${value === undefined ? 'undefined' : typeof value}, not an SQL value`);
}

function bindParams(params: SqlParams | undefined): Bindable[] | Record<string, Bindable> {
  if (params === undefined) return [];
  if (Array.isArray(params)) return params.map((v: SqlValue, i) => bindable(v, String(i + 1)));
  const named: Record<string, Bindable> = {};
  for (const [key, value] of Object.entries(params)) named[key] = bindable(value, key);
  return named;
}

export class Connection {
  private readonly ready = new Map<string, sqlite3.Statement>();
  private readonly preparing = new Map<string, Promise<sqlite3.Statement>>();
  private closed = false;

  private constructor(
    readonly file: string,
    private readonly db: sqlite3.Database,
  ) {}

  static open(file: string, mode: 'readwrite' | 'readonly'): Promise<Connection> {
    const flags = mode === 'readonly' ? sqlite3.OPEN_READONLY : sqlite3.OPEN_READWRITE | sqlite3.OPEN_CREATE;
    return new Promise((resolve, reject) => {
      const db = new sqlite3.Database(file, flags, (err) => {
        if (err) reject(toStoreError(file, `open (${mode})`, err));
        else resolve(new Connection(file, db));
      });
    });
  }

  setBusyTimeout(ms: number): void {
    this.db.configure('busyTimeout', ms);
  }

  /** Runs SQL text without caching it: pragmas, transaction control and migrations. */
  async exec(sql: string): Promise<void> {
    this.checkOpen(sql);
    return new Promise((resolve, reject) => {
      this.db.exec(sql, (err) => (err ? reject(toStoreError(this.file, sql, err)) : resolve()));
    });
  }

  /**
   * Ends the open transaction. SQLite rolls some failed transactions back by itself (a full disk, for one),
   * and then there is nothing left to roll back: that case is not an error.
   */
  async rollback(): Promise<void> {
    try {
      await this.exec('ROLLBACK');
    } catch (error) {
      if (!/no transaction is active/.test((error as Error).message)) throw error;
    }
  }

  run(sql: string, params?: SqlParams): Promise<RunResult> {
    const file = this.file;
    return this.withStatement(sql, params, (stmt, bound) => {
      return new Promise((resolve, reject) => {
        stmt.run(bound, function (this: sqlite3.RunResult, err: Error | null) {
          if (err) reject(toStoreError(file, sql, err));
          else resolve({ lastId: this.lastID, changes: this.changes });
        });
      });
    });
  }

  /**
   * The first row. The statement runs to completion (as `all` does), so a query that can match many rows should say
   * LIMIT 1. Stopping on the first row instead would leave the statement open, pinning the connection's read
   * snapshot until a reset, which costs another round trip to the worker thread on every lookup.
   */
  get<T>(sql: string, params?: SqlParams): Promise<T | undefined> {
    return this.all<T>(sql, params).then((rows) => rows[0]);
  }

  all<T>(sql: string, params?: SqlParams): Promise<T[]> {
    return this.withStatement(sql, params, (stmt, bound) => {
      return new Promise((resolve, reject) => {
        stmt.all<T>(bound, (err, rows) => (err ? reject(toStoreError(this.file, sql, err)) : resolve(rows)));
      });
    });
  }

  each<T>(sql: string, params: SqlParams, onRow: (row: T) => void): Promise<number> {
    return this.withStatement(sql, params, (stmt, bound) => {
      let failure: { error: unknown } | undefined;
      return new Promise((resolve, reject) => {
        stmt.each<T>(
          bound,
          (err, row) => {
            if (err || failure) return;
            try {
              onRow(row);
            } catch (error) {
              // The binding cannot stop a running `each`; later rows are skipped and the error reported at the end.
              failure = { error };
            }
          },
          (err, n) => {
            if (failure) reject(failure.error);
            else if (err) reject(toStoreError(this.file, sql, err));
            else resolve(n);
          },
        );
      });
    });
  }

  /** Finalises every cached statement, then closes the connection. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled(this.preparing.values());
    for (const stmt of this.ready.values()) await new Promise<void>((resolve) => stmt.finalize(() => resolve()));
    this.ready.clear();
    await new Promise<void>((resolve, reject) => {
      this.db.close((err) => (err ? reject(toStoreError(this.file, 'close', err)) : resolve()));
    });
  }

  private checkOpen(sql: string): void {
    if (this.closed) {
      throw new StoreError(this.file, 'STORE_CLOSED', `the database is closed (in: ${sqlSnippet(sql)})`);
    }
  }

  /**
   * Binds, then hands the cached statement to `use`. A statement already prepared is used without an extra promise
   * turn: bulk writes issue one statement per row, and each turn costs more than the statement itself.
   */
  private withStatement<T>(
    sql: string,
    params: SqlParams | undefined,
    use: (stmt: sqlite3.Statement, bound: Bindable[] | Record<string, Bindable>) => Promise<T>,
  ): Promise<T> {
    let bound: Bindable[] | Record<string, Bindable>;
    try {
      this.checkOpen(sql);
      bound = bindParams(params);
    } catch (error) {
      return Promise.reject(error);
    }
    const ready = this.ready.get(sql);
    if (ready) return use(ready, bound);
    return this.prepare(sql).then((stmt) => use(stmt, bound));
  }

  private prepare(sql: string): Promise<sqlite3.Statement> {
    let prepared = this.preparing.get(sql);
    if (!prepared) {
      prepared = new Promise((resolve, reject) => {
        const stmt: sqlite3.Statement = this.db.prepare(sql, (err: Error | null) => {
          this.preparing.delete(sql);
          if (err) {
            reject(toStoreError(this.file, sql, err));
          } else {
            this.ready.set(sql, stmt);
            resolve(stmt);
          }
        });
      });
      this.preparing.set(sql, prepared);
    }
    return prepared;
  }
}
