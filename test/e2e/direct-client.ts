// A client straight onto the services over a second connection to a database another process (the Electron app)
// has open: SQLite in WAL mode lets both read and write. Calls go through the same dispatch as the transports, so
// inputs are validated and defaulted exactly as the app's own calls are.
import { api, type RefLabelApi } from '../../src/shared/api';
import type { ApiClient } from '../../src/shared/contract';
import { dispatch } from '../../src/main/api/dispatch';
import { createHandlers } from '../../src/main/app/handlers';
import { createJobRunner } from '../../src/main/jobs/job-runner';
import { openStore } from '../../src/main/store/open-store';
import { clientOver } from '../../src/renderer/src/api/client';

export async function openDirectClient(
  databaseFile: string,
): Promise<{ client: ApiClient<RefLabelApi>; close(): Promise<void> }> {
  const store = await openStore(databaseFile);
  // No job kinds: this client never starts jobs, and must not resume the app's.
  const jobs = createJobRunner({ store, kinds: [] });
  const handlers = createHandlers({ store, jobs, version: 'test' });
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
      await store.close();
    },
  };
}
