// Temporary stores and readers of job_items for the job runner's tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openStore } from '../../../src/main/store/open-store';
import type { Store } from '../../../src/main/store/types';

export async function tempStore(): Promise<{ store: Store; dir: string; dispose(): Promise<void> }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'reflabel-jobs-'));
  const store = await openStore(path.join(dir, 'test.db'));
  return {
    store,
    dir,
    async dispose() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface ItemRow {
  item_key: string;
  state: 'pending' | 'done' | 'failed';
  result: string | null;
  error: string | null;
}

export function readItems(store: Store, jobId: number): Promise<ItemRow[]> {
  return store.read((db) =>
    db.all<ItemRow>('SELECT item_key, state, result, error FROM job_items WHERE job_id = ? ORDER BY item_key', [jobId]),
  );
}

/** Each done item's parsed result by key. */
export async function readResults(store: Store, jobId: number): Promise<Map<string, unknown>> {
  const rows = await readItems(store, jobId);
  return new Map(rows.filter((r) => r.state === 'done').map((r) => [r.item_key, JSON.parse(r.result as string)]));
}

export interface CommitRow {
  item_key: string;
  square: number;
  pid: number;
}

export function readCommitLog(store: Store, jobId: number): Promise<CommitRow[]> {
  return store.read((db) =>
    db.all<CommitRow>('SELECT item_key, square, pid FROM square_commits WHERE job_id = ? ORDER BY item_key, rowid', [
      jobId,
    ]),
  );
}
