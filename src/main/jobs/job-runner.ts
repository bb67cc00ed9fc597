// Runs jobs persistently: every plan, item result and state change is committed before it is acknowledged, so a
// job survives a crash and continues with its pending items only.
import type { Job, JobState } from '../../shared/domain';
import type { Store } from '../store/types';
import { createItemRecorder } from './item-recorder';
import { createJobKindRegistry, type FinishedItems, type JobContext, type JobKind } from './job-kind';
import {
  chunkKeys,
  clearItems,
  insertItemChunk,
  insertJob,
  isPlanned,
  readJobRow,
  readJobRows,
  readItemOutcomes,
  readJobRowsInStates,
  readPendingKeys,
  setJobDone,
  setJobState,
  toJob,
  type ItemOutcome,
  type JobRow,
} from './job-rows';
import { createProgressThrottle } from './progress-throttle';
import { createRateWindow, etaSeconds, type RateWindow } from './rate-window';

export interface JobProgressEvent {
  type: 'job.progress';
  job: Job;
}

export type JobEventListener = (event: JobProgressEvent) => void;

export interface JobRunnerOptions {
  store: Store;
  kinds: readonly JobKind[];
  onEvent?: JobEventListener;
  /** Jobs running at once; later ones wait as 'queued' (default 2). */
  maxRunning?: number;
  /** Least time between two progress events of one job; state changes are always sent at once (default 100). */
  progressIntervalMs?: number;
}

export interface JobRunner {
  /** Creates a job (queued) and schedules it; rejects on an unknown kind or params the kind refuses. */
  start(kind: string, params?: Record<string, unknown>): Promise<Job>;
  /** Stops taking items, aborts the items in flight and resolves once they have returned. */
  cancel(id: number): Promise<Job>;
  /** Stops taking items and resolves once the items in flight are recorded. */
  pause(id: number): Promise<Job>;
  /** Queues a paused job again; it runs its pending items only. */
  resume(id: number): Promise<Job>;
  get(id: number): Promise<Job>;
  /** Newest first. */
  list(): Promise<Job[]>;
  /** Schedules the jobs a previous process left running or queued (call once, at startup). */
  resumeInterrupted(): Promise<Job[]>;
  /** Resolves with the job once it is no longer queued or running. */
  settled(id: number): Promise<Job>;
  subscribe(listener: JobEventListener): () => void;
  /** Stops taking items and waits for those in flight; unfinished jobs stay running in the store for next time. */
  close(): Promise<void>;
}

type StopReason = 'pause' | 'cancel' | 'close';

interface Run {
  stop: StopReason | null;
  controller: AbortController;
  rate: RateWindow;
  finished: Promise<void>;
}

interface Waiter {
  resolve(job: Job): void;
  reject(error: Error): void;
}

const UNSETTLED: readonly JobState[] = ['queued', 'running'];

export function createJobRunner({
  store,
  kinds,
  onEvent,
  maxRunning = 2,
  progressIntervalMs = 100,
}: JobRunnerOptions): JobRunner {
  if (!Number.isInteger(maxRunning) || maxRunning < 1) {
    throw new Error(`job runner: maxRunning is ${maxRunning}; it must be an integer ≥ 1`);
  }
  const registry = createJobKindRegistry(kinds);
  const listeners = new Set<JobEventListener>(onEvent ? [onEvent] : []);
  const runs = new Map<number, Run>();
  const queue: number[] = [];
  const waiters = new Map<number, Waiter[]>();
  let closed = false;
  // Events are loaded and sent one after another, so a listener never sees a job older than the one before.
  let emitting: Promise<void> = Promise.resolve();
  const throttle = createProgressThrottle(progressIntervalMs, (id) => {
    emitting = emitting.then(() => emit(id));
  });

  const now = () => new Date().toISOString();

  async function loadJob(id: number): Promise<Job> {
    const row = await store.read((db) => readJobRow(db, id));
    if (!row) throw new Error(`job ${id} does not exist`);
    return withRate(row);
  }

  function withRate(row: JobRow): Job {
    const run = runs.get(row.id);
    const rate = run && row.state === 'running' ? run.rate.rate(Date.now()) : null;
    return toJob(row, rate, rate === null ? null : etaSeconds(row.total - row.done - row.failed, rate));
  }

  async function emit(id: number): Promise<void> {
    let job: Job;
    try {
      job = await loadJob(id);
    } catch (error) {
      console.error(`job runner: could not load job ${id} for its progress event`, error);
      return;
    }
    for (const listener of listeners) {
      try {
        listener({ type: 'job.progress', job });
      } catch (error) {
        console.error(`job runner: a progress listener threw on job ${id}`, error);
      }
    }
    if (!UNSETTLED.includes(job.state)) {
      for (const waiter of waiters.get(id) ?? []) waiter.resolve(job);
      waiters.delete(id);
    }
  }

  function assertOpen(): void {
    if (closed) throw new Error('job runner is closed');
  }

  function dequeue(id: number): void {
    const at = queue.indexOf(id);
    if (at >= 0) queue.splice(at, 1);
  }

  function pump(): void {
    while (!closed && runs.size < maxRunning && queue.length > 0) {
      const id = queue.shift() as number;
      const run: Run = {
        stop: null,
        controller: new AbortController(),
        rate: createRateWindow(),
        finished: Promise.resolve(),
      };
      runs.set(id, run);
      run.finished = execute(id, run).finally(() => {
        runs.delete(id);
        pump();
      });
    }
  }

  async function failJob(id: number, error: unknown): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    try {
      await store.write((tx) => setJobState(tx, id, 'failed', ['queued', 'running', 'paused'], now(), message));
    } catch (writeError) {
      console.error(`job runner: could not record the failure of job ${id} (${message})`, writeError);
    }
    throttle.flush(id);
  }

  async function execute(id: number, run: Run): Promise<void> {
    try {
      const row = await store.read((db) => readJobRow(db, id));
      if (!row || row.state !== 'queued') return;
      const kind = registry.get(row.kind);
      const { params } = toJob(row, null, null);
      if (!(await store.write((tx) => setJobState(tx, id, 'running', ['queued'], now())))) return;
      throttle.flush(id);
      const ctx: JobContext = { jobId: id, signal: run.controller.signal };

      if (!(await store.read((db) => isPlanned(db, row)))) {
        await plan(id, kind, params, ctx, run);
        throttle.flush(id);
      }
      if (run.stop) return;

      const keys = await store.read((db) => readPendingKeys(db, id));
      run.rate.start(Date.now());
      await runItems(id, kind, params, ctx, run, keys);
      if (run.stop) return;
      if (kind.finish) {
        const items = await store.read((db) => readItemOutcomes(db, id));
        const commit = await kind.finish(params, items as FinishedItems<unknown>, ctx);
        if (run.stop) return;
        await store.write(async (tx) => {
          // The job may have been cancelled while finish ran: then nothing of its work may land.
          const current = await readJobRow(tx, id);
          if (current?.state !== 'running') return;
          await setJobDone(tx, id, await commit(tx), now());
        });
      } else {
        await store.write((tx) => setJobDone(tx, id, null, now()));
      }
      throttle.flush(id);
    } catch (error) {
      if (run.stop !== 'cancel') await failJob(id, error);
    }
  }

  async function plan(
    id: number,
    kind: JobKind,
    params: Record<string, unknown>,
    ctx: JobContext,
    run: Run,
  ): Promise<void> {
    const keys = await kind.listItems(params, ctx);
    checkKeys(id, kind.kind, keys);
    const [first = [], ...rest] = chunkKeys(keys);
    await store.write(async (tx) => {
      await clearItems(tx, id);
      await insertItemChunk(tx, id, first, keys.length, now());
    });
    for (const chunk of rest) {
      // An unfinished plan is detected and redone when the job runs again, so stopping between chunks is safe.
      if (run.stop) return;
      await store.write((tx) => insertItemChunk(tx, id, chunk, null, now()));
    }
  }

  async function runItems(
    id: number,
    kind: JobKind,
    params: Record<string, unknown>,
    ctx: JobContext,
    run: Run,
    keys: readonly string[],
  ): Promise<void> {
    const save = kind.saveItem?.bind(kind);
    const recorder = createItemRecorder(
      store,
      id,
      save && ((tx, key, result) => save(tx, { jobId: id, key, params, result })),
    );
    let next = 0;
    let recordError: unknown = null;

    async function runOne(key: string): Promise<ItemOutcome | null> {
      try {
        const result = await kind.runItem(key, params, ctx);
        return { key, state: 'done', result: JSON.stringify(result ?? null), value: result };
      } catch (error) {
        // An item interrupted by cancel is not a failure of the item: it stays pending.
        if (ctx.signal.aborted) return null;
        return { key, state: 'failed', error: error instanceof Error ? error.message : String(error) };
      }
    }

    async function worker(): Promise<void> {
      while (run.stop === null && recordError === null && next < keys.length) {
        const outcome = await runOne(keys[next++]);
        if (!outcome) continue;
        try {
          await recorder.record(outcome);
        } catch (error) {
          recordError ??= error;
          return;
        }
        run.rate.record(Date.now());
        throttle.request(id);
      }
    }

    const workers = Math.min(kind.concurrency ?? 1, keys.length);
    await Promise.all(Array.from({ length: workers }, worker));
    if (recordError !== null) {
      const reason = recordError instanceof Error ? recordError.message : String(recordError);
      throw new Error(`job ${id}: recording an item result failed: ${reason}`);
    }
  }

  function checkKeys(id: number, kind: string, keys: unknown): asserts keys is string[] {
    if (!Array.isArray(keys)) throw new Error(`job ${id} (${kind}): listItems did not return an array of item keys`);
    const seen = new Set<string>();
    keys.forEach((key, index) => {
      if (typeof key !== 'string') throw new Error(`job ${id} (${kind}): item ${index} has a key that is not a string`);
      if (seen.has(key)) throw new Error(`job ${id} (${kind}): item key "${key}" is listed twice`);
      seen.add(key);
    });
  }

  return {
    async start(kindName, params = {}) {
      assertOpen();
      const kind = registry.get(kindName);
      const parsed = kind.parseParams ? kind.parseParams(params) : params;
      const id = await store.write((tx) => insertJob(tx, kindName, parsed, now()));
      queue.push(id);
      throttle.flush(id);
      pump();
      return loadJob(id);
    },

    async cancel(id) {
      assertOpen();
      const job = await loadJob(id);
      if (job.state === 'cancelled') return job;
      if (job.state === 'done' || job.state === 'failed') {
        throw new Error(`job ${id} is ${job.state}; only queued, running or paused jobs can be cancelled`);
      }
      dequeue(id);
      const run = runs.get(id);
      if (run) {
        run.stop = 'cancel';
        run.controller.abort(new Error(`job ${id} was cancelled`));
      }
      await store.write((tx) => setJobState(tx, id, 'cancelled', ['queued', 'running', 'paused'], now()));
      throttle.flush(id);
      if (run) await run.finished;
      return loadJob(id);
    },

    async pause(id) {
      assertOpen();
      const job = await loadJob(id);
      if (job.state === 'paused') return job;
      if (!UNSETTLED.includes(job.state)) {
        throw new Error(`job ${id} is ${job.state}; only queued or running jobs can be paused`);
      }
      dequeue(id);
      const run = runs.get(id);
      if (run) run.stop ??= 'pause';
      await store.write((tx) => setJobState(tx, id, 'paused', ['queued', 'running'], now()));
      throttle.flush(id);
      if (run) await run.finished;
      return loadJob(id);
    },

    async resume(id) {
      assertOpen();
      const job = await loadJob(id);
      if (UNSETTLED.includes(job.state)) return job;
      if (job.state !== 'paused') throw new Error(`job ${id} is ${job.state}; only paused jobs can be resumed`);
      // A pause returns before its run has let go of the job only when two callers race; wait for that run.
      await runs.get(id)?.finished;
      if (await store.write((tx) => setJobState(tx, id, 'queued', ['paused'], now()))) {
        queue.push(id);
        throttle.flush(id);
        pump();
      }
      return loadJob(id);
    },

    get: loadJob,

    async list() {
      const rows = await store.read((db) => readJobRows(db));
      return rows.map(withRate);
    },

    async resumeInterrupted() {
      assertOpen();
      const rows = await store.read((db) => readJobRowsInStates(db, UNSETTLED));
      const resumed: Job[] = [];
      for (const row of rows) {
        if (runs.has(row.id) || queue.includes(row.id)) continue;
        if (!(await store.write((tx) => setJobState(tx, row.id, 'queued', UNSETTLED, now())))) continue;
        queue.push(row.id);
        throttle.flush(row.id);
        resumed.push(await loadJob(row.id));
      }
      pump();
      return resumed;
    },

    settled(id) {
      return new Promise<Job>((resolve, reject) => {
        const waiter = { resolve, reject };
        const forget = () =>
          waiters.set(
            id,
            (waiters.get(id) ?? []).filter((w) => w !== waiter),
          );
        waiters.set(id, [...(waiters.get(id) ?? []), waiter]);
        // Registered before looking, so a state change between the look and the registration is not missed.
        loadJob(id).then(
          (job) => {
            if (UNSETTLED.includes(job.state)) return;
            forget();
            resolve(job);
          },
          (error: unknown) => {
            forget();
            reject(error);
          },
        );
      });
    },

    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    async close() {
      if (closed) return;
      closed = true;
      queue.length = 0;
      for (const run of runs.values()) run.stop ??= 'close';
      await Promise.all([...runs.values()].map((run) => run.finished));
      throttle.clear();
      await emitting;
      for (const [id, list] of waiters) {
        for (const waiter of list) waiter.reject(new Error(`job runner closed before job ${id} finished`));
      }
      waiters.clear();
    },
  };
}
