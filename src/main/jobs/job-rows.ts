// The SQL behind the job runner: the jobs and job_items tables, and nothing else.
import type { Job, JobState } from '../../shared/domain';
import type { SqlReader, SqlWriter } from '../store/types';

export interface JobRow {
  id: number;
  kind: string;
  params: string;
  state: JobState;
  done: number;
  total: number;
  failed: number;
  error: string | null;
  result: string | null;
  created_at: string;
  updated_at: string;
}

export type ItemOutcome =
  { key: string; state: 'done'; result: string; value: unknown } | { key: string; state: 'failed'; error: string };

/** Writes a done item's result elsewhere in the same transaction (JobKind.saveItem bound to the job). */
export type SaveItem = (tx: SqlWriter, key: string, value: unknown) => Promise<void>;

const JOB_COLUMNS = 'id, kind, params, state, done, total, failed, error, result, created_at, updated_at';
const INSERT_CHUNK = 500;

export async function insertJob(
  tx: SqlWriter,
  kind: string,
  params: Record<string, unknown>,
  now: string,
): Promise<number> {
  const { lastId } = await tx.run(
    `INSERT INTO jobs (kind, params, state, done, total, failed, error, created_at, updated_at)
     VALUES (?, ?, 'queued', 0, 0, 0, NULL, ?, ?)`,
    [kind, JSON.stringify(params), now, now],
  );
  return lastId;
}

export function readJobRow(db: SqlReader, id: number): Promise<JobRow | undefined> {
  return db.get<JobRow>(`SELECT ${JOB_COLUMNS} FROM jobs WHERE id = ?`, [id]);
}

/** Newest first. */
export function readJobRows(db: SqlReader): Promise<JobRow[]> {
  return db.all<JobRow>(`SELECT ${JOB_COLUMNS} FROM jobs ORDER BY id DESC`);
}

export function readJobRowsInStates(db: SqlReader, states: readonly JobState[]): Promise<JobRow[]> {
  return db.all<JobRow>(
    `SELECT ${JOB_COLUMNS} FROM jobs WHERE state IN (${states.map(() => '?').join(', ')}) ORDER BY id`,
    [...states],
  );
}

/** Moves a job to `state` only from one of `from`; returns whether it moved. */
export async function setJobState(
  tx: SqlWriter,
  id: number,
  state: JobState,
  from: readonly JobState[],
  now: string,
  error: string | null = null,
): Promise<boolean> {
  const { changes } = await tx.run(
    `UPDATE jobs SET state = ?, error = ?, updated_at = ? WHERE id = ? AND state IN (${from.map(() => '?').join(', ')})`,
    [state, error, now, id, ...from],
  );
  return changes === 1;
}

/** Ends a running job as done with what its kind's finish step produced, in the caller's transaction. */
export async function setJobDone(
  tx: SqlWriter,
  id: number,
  result: Record<string, unknown> | null,
  now: string,
): Promise<boolean> {
  const { changes } = await tx.run(
    `UPDATE jobs SET state = 'done', error = NULL, result = ?, updated_at = ? WHERE id = ? AND state = 'running'`,
    [result === null ? null : JSON.stringify(result), now, id],
  );
  return changes === 1;
}

/** Every finished item's stored result and every failed item's error, in key order. */
export async function readItemOutcomes(
  db: SqlReader,
  jobId: number,
): Promise<{ results: Map<string, unknown>; failures: { key: string; error: string }[] }> {
  const rows = await db.all<{ item_key: string; state: string; result: string | null; error: string | null }>(
    `SELECT item_key, state, result, error FROM job_items WHERE job_id = ? AND state != 'pending' ORDER BY item_key`,
    [jobId],
  );
  const results = new Map<string, unknown>();
  const failures: { key: string; error: string }[] = [];
  for (const row of rows) {
    if (row.state === 'done') results.set(row.item_key, row.result === null ? null : JSON.parse(row.result));
    else failures.push({ key: row.item_key, error: row.error ?? 'failed' });
  }
  return { results, failures };
}

/**
 * Planning is complete when every listed item is stored: total is written with the first chunk, so a crash before
 * or between chunks leaves a job whose item count does not match it (or total 0), and the job is planned again.
 */
export async function isPlanned(db: SqlReader, row: JobRow): Promise<boolean> {
  if (row.total === 0) return false;
  const counted = await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM job_items WHERE job_id = ?', [row.id]);
  return counted?.n === row.total;
}

export function clearItems(tx: SqlWriter, jobId: number): Promise<unknown> {
  return tx.run('DELETE FROM job_items WHERE job_id = ?', [jobId]);
}

/** One chunk of a plan; the first chunk also records the plan's size. */
export async function insertItemChunk(
  tx: SqlWriter,
  jobId: number,
  keys: readonly string[],
  total: number | null,
  now: string,
): Promise<void> {
  if (total !== null) {
    await tx.run('UPDATE jobs SET total = ?, done = 0, failed = 0, updated_at = ? WHERE id = ?', [total, now, jobId]);
  }
  for (const key of keys) {
    await tx.run(
      `INSERT INTO job_items (job_id, item_key, state, result, error) VALUES (?, ?, 'pending', NULL, NULL)`,
      [jobId, key],
    );
  }
}

export function chunkKeys(keys: readonly string[], size = INSERT_CHUNK): string[][] {
  const chunks: string[][] = [];
  for (let i = 0; i < keys.length; i += size) chunks.push(keys.slice(i, i + size));
  return chunks;
}

export async function readPendingKeys(db: SqlReader, jobId: number): Promise<string[]> {
  const rows = await db.all<{ item_key: string }>(
    `SELECT item_key FROM job_items WHERE job_id = ? AND state = 'pending' ORDER BY item_key`,
    [jobId],
  );
  return rows.map((row) => row.item_key);
}

/**
 * Records finished items and bumps the job's counters by what actually changed. An item already recorded is left as
 * it is and not saved again, so the counters always equal the item states and a done item's writes happen once.
 * Each save runs in a savepoint: one that throws is undone alone, and its item is recorded as failed.
 */
export async function recordItems(
  tx: SqlWriter,
  jobId: number,
  outcomes: readonly ItemOutcome[],
  now: string,
  save?: SaveItem,
): Promise<void> {
  let done = 0;
  let failed = 0;
  for (const outcome of outcomes) {
    if (outcome.state === 'done') {
      const saved = await markDone(tx, jobId, outcome, save);
      if (saved === true) done++;
      else if (saved !== false) failed += await markFailed(tx, jobId, outcome.key, saved.error);
    } else {
      failed += await markFailed(tx, jobId, outcome.key, outcome.error);
    }
  }
  await tx.run('UPDATE jobs SET done = done + ?, failed = failed + ?, updated_at = ? WHERE id = ?', [
    done,
    failed,
    now,
    jobId,
  ]);
}

/** true: marked done (and saved); false: not pending any more; { error }: the save threw and was undone. */
async function markDone(
  tx: SqlWriter,
  jobId: number,
  outcome: Extract<ItemOutcome, { state: 'done' }>,
  save: SaveItem | undefined,
): Promise<boolean | { error: string }> {
  if (save) await tx.run('SAVEPOINT job_item');
  const { changes } = await tx.run(
    `UPDATE job_items SET state = 'done', result = ?, error = NULL WHERE job_id = ? AND item_key = ? AND state = 'pending'`,
    [outcome.result, jobId, outcome.key],
  );
  if (!save) return changes === 1;
  try {
    if (changes === 1) await save(tx, outcome.key, outcome.value);
    await tx.run('RELEASE job_item');
    return changes === 1;
  } catch (error) {
    await tx.run('ROLLBACK TO job_item');
    await tx.run('RELEASE job_item');
    return { error: `saving the result failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}

async function markFailed(tx: SqlWriter, jobId: number, key: string, error: string): Promise<number> {
  const { changes } = await tx.run(
    `UPDATE job_items SET state = 'failed', result = NULL, error = ? WHERE job_id = ? AND item_key = ? AND state = 'pending'`,
    [error, jobId, key],
  );
  return changes;
}

export function toJob(row: JobRow, rate: number | null, etaSeconds: number | null): Job {
  let params: Record<string, unknown>;
  try {
    params = JSON.parse(row.params) as Record<string, unknown>;
  } catch (error) {
    throw new Error(`jobs table: job ${row.id} has params that are not JSON (${(error as Error).message})`, {
      cause: error,
    });
  }
  return {
    id: row.id,
    kind: row.kind,
    params,
    state: row.state,
    progress: { done: row.done, total: row.total, failed: row.failed, rate, etaSeconds },
    error: row.error,
    result: row.result === null ? null : (JSON.parse(row.result) as Record<string, unknown>),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
