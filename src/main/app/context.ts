// Everything one running RefLabel holds, whichever front it has (Electron window, browser-mode server, CLI):
// the store, the job runner, the vision engine, the event hub and the API handlers over them.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { api, type RefLabelApi } from '../../shared/api';
import type { ApiHandlers } from '../../shared/contract';
import { createEventHub, type ApiEventHub } from '../api/event-hub';
import { createJobRunner, type JobRunner } from '../jobs/job-runner';
import type { JobKind } from '../jobs/job-kind';
import { resolveInsideRoot } from '../io/paths';
import { datasetRoot } from '../services/datasets';
import { importJobKind } from '../services/import-job';
import { prelabelJobKind } from '../services/prelabel-job';
import { defaultCatalog } from '../models/catalog';
import { defaultModelsRoot } from '../models/model-paths';
import { createPredictionService } from '../services/prediction-service';
import { openStore } from '../store/open-store';
import type { VisionEngine } from '../vision/pipeline/engine';
import { createWorkerEngine } from '../vision/pipeline/worker-engine';
import { VisionWorker } from '../vision/runtime/vision-worker';
import type { Store } from '../store/types';
import { createHandlers, type PathChooser } from './handlers';

export interface AppContext {
  store: Store;
  jobs: JobRunner;
  events: ApiEventHub<RefLabelApi>;
  handlers: ApiHandlers<RefLabelApi>;
  /** Where the models run: the inference worker, unless the options gave another engine. */
  engine: VisionEngine;
  /** Absolute path of a file inside a dataset's root; throws when the path would leave it. */
  resolveDatasetFile(datasetId: number, relPath: string): Promise<string>;
  close(): Promise<void>;
}

/** Job kinds the app runs; the pre-labeling and model jobs register here as they arrive. */
function jobKinds(store: Store, engine: VisionEngine): JobKind[] {
  return [importJobKind(store), prelabelJobKind(store, engine)];
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
  /** Where per-image caches (SAM embeddings) go; cache/ beside the database by default. */
  cacheDir?: string;
  /** The vision engine; an inference worker (started on first use) by default. */
  engine?: VisionEngine;
}

export async function openAppContext(
  databaseFile: string,
  version = appVersion(),
  options: AppContextOptions = {},
): Promise<AppContext> {
  const store = await openStore(databaseFile);
  const events = createEventHub(api);
  const engine = options.engine ?? createWorkerEngine(new VisionWorker('cpu'));
  const modelsRoot = options.modelsRoot ?? defaultModelsRoot();
  const jobs = createJobRunner({
    store,
    kinds: jobKinds(store, engine),
    onEvent: (event) => events.emit('job.progress', event.job),
  });
  await jobs.resumeInterrupted();
  const predictions = createPredictionService({
    store,
    engine,
    catalog: defaultCatalog(),
    modelsRoot,
    cacheDir: options.cacheDir ?? join(dirname(store.file), 'cache'),
    emit: (progress) => events.emit('predictions.progress', progress),
    jobs,
  });
  const handlers = createHandlers({
    store,
    jobs,
    version,
    modelsRoot,
    choosePath: options.choosePath,
    predictions,
  });
  return {
    store,
    jobs,
    events,
    handlers,
    engine,
    async resolveDatasetFile(datasetId, relPath) {
      return resolveInsideRoot(await datasetRoot(store, datasetId), relPath);
    },
    async close() {
      await jobs.close();
      await engine.close();
      await store.close();
    },
  };
}
