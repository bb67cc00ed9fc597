// The test's own door into the running server: the renderer's typed client over HTTP, with the server's token.
// Tests create candidates through it exactly as a method (or a script) would, and read back what the UI saved.
import WebSocket from 'ws';
import { api, type RefLabelApi } from '../../src/shared/api';
import type { ApiClient } from '../../src/shared/contract';
import type { ApiServer } from '../../src/main/api/http-server';
import { createApiClient } from '../../src/renderer/src/api/client';
import type { WebSocketLike } from '../../src/renderer/src/api/http-transport';

export function apiClient(server: ApiServer): ApiClient<RefLabelApi> {
  return createApiClient(api, {
    baseUrl: server.url,
    token: server.token,
    fetch: globalThis.fetch.bind(globalThis),
    openWebSocket: (url, protocols) => new WebSocket(url, protocols) as unknown as WebSocketLike,
  });
}

/** Imports through the API and waits for the import job; returns the new dataset's id. */
export async function importAndWait(client: ApiClient<RefLabelApi>, path: string, name: string): Promise<number> {
  let job = await client.call('datasets.import', { path, name });
  while (job.state === 'queued' || job.state === 'running') {
    await new Promise((r) => setTimeout(r, 50));
    job = await client.call('jobs.get', { jobId: job.id });
  }
  if (job.state !== 'done') throw new Error(`import of ${path} ended ${job.state}: ${job.error}`);
  return (job.result as { datasetId: number }).datasetId;
}
