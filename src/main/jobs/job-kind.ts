// What a job kind declares, and the registry the runner looks kinds up in.
import type { SqlWriter } from '../store/types';

export interface JobContext {
  jobId: number;
  /** Aborted when the job is cancelled; a kind passes it on to anything slow (fetches, worker calls). */
  signal: AbortSignal;
}

export interface SavedItem<P, R> {
  jobId: number;
  key: string;
  params: P;
  result: R;
}

export interface FinishedItems<R> {
  /** Done items' results by key. */
  results: Map<string, R>;
  failures: { key: string; error: string }[];
}

export interface JobKind<P extends Record<string, unknown> = Record<string, unknown>, R = unknown> {
  /** Stored in jobs.kind; must stay stable across releases, since interrupted jobs are resumed by this name. */
  kind: string;
  /**
   * Checks and normalises params before a job is created (a zod schema's `parse` fits). Throwing rejects start();
   * without it, params are taken as given.
   */
  parseParams?(params: Record<string, unknown>): P;
  /** The job's work as stable, unique item keys; called once, when the job is planned. */
  listItems(params: P, ctx: JobContext): Promise<string[]>;
  /** Does one item; the resolved value is stored as JSON in job_items.result, a rejection as the item's error. */
  runItem(key: string, params: P, ctx: JobContext): Promise<R>;
  /**
   * Writes an item's result into the app's own tables inside the transaction that marks the item done, so a crash
   * can never leave one without the other and a done item's writes happen exactly once. It runs on the store's
   * single write queue: database work only, the heavy part belongs in runItem. A throw undoes its writes and
   * records the item as failed.
   */
  saveItem?(tx: SqlWriter, item: SavedItem<P, R>): Promise<void>;
  /**
   * Runs once every item is finished, for work that needs all of them at once (an import writes its whole dataset
   * in one transaction). The heavy part runs here, outside the write queue; the returned function then runs in the
   * same transaction that marks the job done, so the job's effect and its 'done' commit together or not at all, and
   * a crash in between repeats the finish step on resume. What that function returns becomes `job.result`. Throwing
   * (e.g. because some items failed) fails the job with that message and writes nothing.
   */
  finish?(
    params: P,
    items: FinishedItems<R>,
    ctx: JobContext,
  ): Promise<(tx: SqlWriter) => Promise<Record<string, unknown>>>;
  /** Items of one job run at the same time (default 1). */
  concurrency?: number;
}

/** Keeps each kind's params and result types checked inside its own functions while the runner holds any kind. */
export function defineJobKind<P extends Record<string, unknown>, R = unknown>(kind: JobKind<P, R>): JobKind {
  return kind;
}

export interface JobKindRegistry {
  get(kind: string): JobKind;
  names(): string[];
}

export function createJobKindRegistry(kinds: readonly JobKind[]): JobKindRegistry {
  const byName = new Map<string, JobKind>();
  for (const kind of kinds) {
    if (!kind.kind) throw new Error('job kind registry: a kind has an empty name');
    if (byName.has(kind.kind)) throw new Error(`job kind registry: kind "${kind.kind}" is registered twice`);
    const concurrency = kind.concurrency ?? 1;
    if (!Number.isInteger(concurrency) || concurrency < 1) {
      throw new Error(
        `job kind registry: kind "${kind.kind}" has concurrency ${concurrency}; it must be an integer ≥ 1`,
      );
    }
    byName.set(kind.kind, kind);
  }
  return {
    get(name) {
      const kind = byName.get(name);
      if (!kind) {
        const known = [...byName.keys()].join(', ') || 'none';
        throw new Error(`unknown job kind "${name}" (registered: ${known})`);
      }
      return kind;
    },
    names: () => [...byName.keys()],
  };
}
