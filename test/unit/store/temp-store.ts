// A store in a fresh temporary folder, removed again by dispose().
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openStore, type OpenStoreOptions } from '../../../src/main/store/open-store';
import type { Store } from '../../../src/main/store/types';

export interface TempStore {
  store: Store;
  dir: string;
  file: string;
  dispose(): Promise<void>;
}

export async function tempDir(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'reflabel-store-'));
}

export async function openTempStore(options?: OpenStoreOptions): Promise<TempStore> {
  const dir = await tempDir();
  const file = path.join(dir, 'nested', 'reflabel.db');
  const temp: TempStore = {
    store: await openStore(file, options),
    dir,
    file,
    /** Closes whichever store `store` holds by then (a test may reopen the file). */
    async dispose() {
      await this.store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return temp;
}
