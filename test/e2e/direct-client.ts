// A client straight onto the services over a second connection to a database another process (the Electron app)
// has open: SQLite in WAL mode lets both read and write. Calls go through the same dispatch as the transports, so
// inputs are validated and defaulted exactly as the app's own calls are.
import { dirname, join } from 'node:path';
import { api, type RefLabelApi } from '../../src/shared/api';
import type { ApiClient } from '../../src/shared/contract';
import { dispatch } from '../../src/main/api/dispatch';
import { createHandlers } from '../../src/main/app/handlers';
import { createJobRunner } from '../../src/main/jobs/job-runner';
import { defaultCatalog } from '../../src/main/models/catalog';
import { defaultModelsRoot } from '../../src/main/models/model-paths';
import { createPredictionService } from '../../src/main/services/prediction-service';
import { createLocalEngine } from '../../src/main/vision/pipeline/local-engine';
import { openStore } from '../../src/main/store/open-store';
import { clientOver } from '../../src/renderer/src/api/client';

export async function openDirectClient(
  databaseFile: string,
): Promise<{ client: ApiClient<RefLabelApi>; close(): Promise<void> }> {
  const store = await openStore(databaseFile);
  // No job kinds: this client never starts jobs, and must not resume the app's.
  const jobs = createJobRunner({ store, kinds: [] });
  // Predictions run in this process when asked for; nothing listens to their progress.
  const engine = createLocalEngine();
  const predictions = createPredictionService({
    store,
    engine,
    catalog: defaultCatalog(),
    modelsRoot: defaultModelsRoot(),
    cacheDir: join(dirname(databaseFile), 'cache'),
    emit: () => undefined,
    jobs,
  });
  const handlers = createHandlers({ store, jobs, version: 'test', predictions });
  const client = clientOver(api, {
    call: (op, input) => dispatch(api, handlers, op, input, { checkOutput: true, log: () => undefined }),
    subscribe: async () => undefined,
    unsubscribe: () => undefined,
    onEvent: () => undefined,
    fileUrl: () => '',
    close: () => undefined,
  });
  return {
    client,
    async close() {
      await jobs.close();
      await engine.close();
      await store.close();
    },
  };
}
