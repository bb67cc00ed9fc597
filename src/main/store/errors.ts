// Errors the store and the services throw on purpose, each with a stable `code` the API transports map to a
// status (not found, conflict) without parsing messages.

/** SQLite refused a statement; the message names the database file and the statement. */
export class StoreError extends Error {
  /** SQLite's result code name, e.g. 'SQLITE_CONSTRAINT', or 'STORE_CLOSED'. */
  readonly code: string;
  readonly file: string;

  constructor(file: string, code: string, message: string, options?: { cause?: unknown }) {
    super(`${file}: ${message}`, options);
    this.name = 'StoreError';
    this.code = code;
    this.file = file;
  }
}

export class NotFoundError extends Error {
  readonly code = 'not-found';

  constructor(message: string) {
    super(message);
    this.name = 'NotFoundError';
  }
}

/** The write would break a rule about existing data: a duplicate name, or a machine overwriting a person's work. */
export class ConflictError extends Error {
  readonly code = 'conflict';

  constructor(message: string) {
    super(message);
    this.name = 'ConflictError';
  }
}
