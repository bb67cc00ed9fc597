// A test job kind: item "n007" squares 7 after a short, abortable delay. Every start and finish is counted in
// memory and, when a log file is given, appended to it synchronously, so a killed process leaves its record.
// With saveCommits, saveItem also writes each result to square_commits, a table without a unique key, inside the
// transaction that marks the item done: its rows are a log of every commit.
import { appendFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { defineJobKind, type JobKind } from '../../../src/main/jobs/job-kind';

export interface SquareParams extends Record<string, unknown> {
  count: number;
  delayMs: number;
  /** Numbers whose item throws. */
  fail?: number[];
  /** Numbers whose saveItem throws after writing its row. */
  failSave?: number[];
}

export interface SquareKind {
  kind: JobKind;
  starts: string[];
  finishes: string[];
  listCalls: number;
}

export function itemKey(n: number): string {
  return `n${String(n).padStart(3, '0')}`;
}

export const COMMIT_LOG_TABLE = `CREATE TABLE square_commits (job_id INTEGER, item_key TEXT, square INTEGER, pid INTEGER)`;

export function squareKind({
  concurrency = 1,
  log,
  saveCommits = false,
}: { concurrency?: number; log?: string; saveCommits?: boolean } = {}): SquareKind {
  const record: SquareKind = { kind: undefined as unknown as JobKind, starts: [], finishes: [], listCalls: 0 };
  const note = (event: 'start' | 'finish', key: string) => {
    (event === 'start' ? record.starts : record.finishes).push(key);
    if (log) appendFileSync(log, `${event} ${key} ${process.pid}\n`);
  };
  record.kind = defineJobKind<SquareParams, { n: number; square: number }>({
    kind: 'square',
    concurrency,
    parseParams(params) {
      if (!Number.isInteger(params.count) || (params.count as number) < 0) {
        throw new Error(`square job: count must be a non-negative integer, got ${JSON.stringify(params.count)}`);
      }
      return params as SquareParams;
    },
    async listItems({ count }) {
      record.listCalls++;
      return Array.from({ length: count }, (_, n) => itemKey(n));
    },
    async runItem(key, { delayMs, fail = [] }, ctx) {
      note('start', key);
      await sleep(delayMs, undefined, { signal: ctx.signal });
      const n = Number(key.slice(1));
      if (fail.includes(n)) throw new Error(`${n} is unlucky`);
      note('finish', key);
      return { n, square: n * n };
    },
    saveItem: saveCommits
      ? async (tx, { jobId, key, params, result }) => {
          await tx.run('INSERT INTO square_commits (job_id, item_key, square, pid) VALUES (?, ?, ?, ?)', [
            jobId,
            key,
            result.square,
            process.pid,
          ]);
          if (params.failSave?.includes(result.n)) throw new Error(`no room for ${result.n}`);
        }
      : undefined,
  });
  return record;
}
