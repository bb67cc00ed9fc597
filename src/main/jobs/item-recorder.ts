// Commits finished items of one job. Items that finish while a commit is in flight wait for the next one and go in
// together, so a fast kind with several workers costs one transaction per batch rather than one per item.
import type { Store } from '../store/types';
import { recordItems, type ItemOutcome, type SaveItem } from './job-rows';

export interface ItemRecorder {
  /** Resolves once the outcome is committed. */
  record(outcome: ItemOutcome): Promise<void>;
}

interface Waiting {
  outcome: ItemOutcome;
  resolve(): void;
  reject(error: unknown): void;
}

export function createItemRecorder(store: Store, jobId: number, save?: SaveItem): ItemRecorder {
  let waiting: Waiting[] = [];
  let committing = false;

  async function commitAll(): Promise<void> {
    committing = true;
    while (waiting.length > 0) {
      const batch = waiting;
      waiting = [];
      try {
        await store.write((tx) =>
          recordItems(
            tx,
            jobId,
            batch.map((w) => w.outcome),
            new Date().toISOString(),
            save,
          ),
        );
        for (const w of batch) w.resolve();
      } catch (error) {
        for (const w of batch) w.reject(error);
      }
    }
    committing = false;
  }

  return {
    record(outcome) {
      return new Promise<void>((resolve, reject) => {
        waiting.push({ outcome, resolve, reject });
        if (!committing) void commitAll();
      });
    },
  };
}
