// Everything one running RefLabel holds, whichever front it has (Electron window, browser-mode server, CLI):
// the store, the job runner, the event hub and the API handlers over them.
import { readFileSync } from 'node:fs';
import { api, type RefLabelApi } from '../../shared/api';
import type { ApiHandlers } from '../../shared/contract';
import { createEventHub, type ApiEventHub } from '../api/event-hub';
import { createJobRunner, type JobRunner } from '../jobs/job-runner';
import type { JobKind } from '../jobs/job-kind';
import { resolveInsideRoot } from '../io/paths';
import { datasetRoot } from '../services/datasets';
import { importJobKind } from '../services/import-job';
import { prelabelJobKind } from '../services/prelabel-job';
import { openStore } from '../store/open-store';
import type { Store } from '../store/types';
import { createHandlers, type PathChooser } from './handlers';

export interface AppContext {
  store: Store;
  jobs: JobRunner;
  events: ApiEventHub<RefLabelApi>;
  handlers: ApiHandlers<RefLabelApi>;
  /** Absolute path of a file inside a dataset's root; throws when the path would leave it. */
  resolveDatasetFile(datasetId: number, relPath: string): Promise<string>;
  close(): Promise<void>;
}

/** Job kinds the app runs; the pre-labeling and model jobs register here as they arrive. */
function jobKinds(store: Store): JobKind[] {
  return [importJobKind(store), prelabelJobKind(store)];
}

export function appVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

export interface AppContextOptions {
  /** Where models are installed; the user-data folder's models/ by default (REFLABEL_MODELS overrides). */
  modelsRoot?: string;
  /** The native path dialog (Electron only). */
  choosePath?: PathChooser;
}

export async function openAppContext(
  databaseFile: string,
  version = appVersion(),
  options: AppContextOptions = {},
): Promise<AppContext> {
  const store = await openStore(databaseFile);
  const events = createEventHub(api);
  const jobs = createJobRunner({
    store,
    kinds: jobKinds(store),
    onEvent: (event) => events.emit('job.progress', event.job),
  });
  await jobs.resumeInterrupted();
  const handlers = createHandlers({
    store,
    jobs,
    version,
    modelsRoot: options.modelsRoot,
    choosePath: options.choosePath,
  });
  return {
    store,
    jobs,
    events,
    handlers,
    async resolveDatasetFile(datasetId, relPath) {
      return resolveInsideRoot(await datasetRoot(store, datasetId), relPath);
    },
    async close() {
      await jobs.close();
      await store.close();
    },
  };
}
