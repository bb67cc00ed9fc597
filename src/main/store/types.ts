// The store's contract: every other module reaches SQLite only through these two entry points.

export type SqlValue = string | number | bigint | null | Uint8Array;
export type SqlParams = readonly SqlValue[] | Readonly<Record<string, SqlValue>>;

export interface RunResult {
  lastId: number;
  changes: number;
}

/** Read-only access on the reader connection (WAL lets it see the last committed state while a write runs). */
export interface SqlReader {
  all<T = Record<string, unknown>>(sql: string, params?: SqlParams): Promise<T[]>;
  get<T = Record<string, unknown>>(sql: string, params?: SqlParams): Promise<T | undefined>;
  /** Streams rows one at a time without materialising the whole result (exports of large datasets). */
  each<T = Record<string, unknown>>(sql: string, params: SqlParams, onRow: (row: T) => void): Promise<number>;
}

/** Inside one write transaction; statements are prepared once per connection and reused. */
export interface SqlWriter extends SqlReader {
  run(sql: string, params?: SqlParams): Promise<RunResult>;
}

export interface Store {
  /** Absolute path of the database file (':memory:' is not supported: the reader needs a second connection). */
  readonly file: string;
  read<T>(fn: (db: SqlReader) => Promise<T>): Promise<T>;
  /**
   * Runs fn in one BEGIN IMMEDIATE … COMMIT transaction. Writes are queued so transactions never interleave;
   * the returned promise resolves only after COMMIT is durable, so a caller may acknowledge the write.
   * A throw rolls the whole transaction back and rejects with the same error.
   */
  write<T>(fn: (tx: SqlWriter) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
