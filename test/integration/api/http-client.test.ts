// The renderer's client in browser mode against the real server: Node's fetch and the `ws` package stand in for the
// browser's fetch and WebSocket.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { WebSocket } from 'ws';
import { ApiError } from '../../../src/shared/contract';
import { startApiServer, type ApiServer } from '../../../src/main/api/http-server';
import { createApiClient } from '../../../src/renderer/src/api/client';
import type { WebSocketFactory } from '../../../src/renderer/src/api/http-transport';
import { testApi, testHandlers, testHub } from '../../unit/api/test-api';

const openWebSocket: WebSocketFactory = (url, protocols) => new WebSocket(url, protocols);

function start(options: { port?: number; token?: string; hub: ReturnType<typeof testHub> }) {
  return startApiServer({
    api: testApi,
    handlers: testHandlers,
    events: options.hub,
    port: options.port,
    token: options.token,
    resolveDatasetFile: () => {
      throw new ApiError('not-found', 'no datasets here');
    },
    log: () => undefined,
  });
}

/** Resolves with the next payload a listener receives. */
function nextPayload<T>(subscribe: (listener: (payload: T) => void) => void): Promise<T> {
  return new Promise((resolve) => subscribe(resolve));
}

describe('renderer client over HTTP + WebSocket', () => {
  let server: ApiServer;
  let hub: ReturnType<typeof testHub>;

  before(async () => {
    hub = testHub();
    server = await start({ hub });
  });
  after(() => server.close());

  const client = (token: string | null = server.token) =>
    createApiClient(testApi, {
      baseUrl: server.url,
      token,
      openWebSocket,
      reconnectDelayMs: 20,
      maxReconnectDelayMs: 80,
    });

  it('returns values and throws ApiError with the server’s code', async () => {
    const api = client();
    assert.deepEqual(await api.call('items.describe', { id: 8, tags: ['a', 'b', 'c'] }), {
      id: 8,
      label: 'item 8',
      tagCount: 3,
    });
    assert.equal(await api.call('app.ping'), 'pong');
    // JSON drops `value: undefined`; the client still resolves rather than calling the answer malformed.
    assert.equal(await api.call('app.touch'), undefined);
    await assert.rejects(
      api.call('items.fail', { code: 'not-found' }),
      (e: unknown) => e instanceof ApiError && e.code === 'not-found' && e.message === 'refused with not-found',
    );
    await assert.rejects(
      api.call('items.describe', { id: 0 }),
      (e: unknown) => e instanceof ApiError && e.code === 'bad-request' && /at id:/.test(e.message),
    );
    api.close();
  });

  it('reports a wrong token as forbidden', async () => {
    const api = client('0'.repeat(64));
    await assert.rejects(api.call('app.ping'), (e: unknown) => e instanceof ApiError && e.code === 'forbidden');
    api.close();
  });

  it('reports an unreachable server as internal', async () => {
    const api = createApiClient(testApi, { baseUrl: 'http://127.0.0.1:1', token: 'x', openWebSocket });
    await assert.rejects(api.call('app.ping'), (e: unknown) => e instanceof ApiError && e.code === 'internal');
  });

  it('receives subscribed events', async () => {
    const api = client();
    const progress: unknown[] = [];
    const subscription = api.on('job.progress', (p) => progress.push(p));
    await subscription.ready;
    const finished = nextPayload<unknown>((l) => api.on('job.finished', l));
    hub.emit('job.progress', { jobId: 3, done: 1 });
    hub.emit('job.progress', { jobId: 3, done: 2 });
    await new Promise((r) => setTimeout(r, 50));
    hub.emit('job.finished', { jobId: 3 });
    assert.deepEqual(await finished, { jobId: 3 });
    assert.deepEqual(progress, [
      { jobId: 3, done: 1 },
      { jobId: 3, done: 2 },
    ]);
    subscription.unsubscribe();
    api.close();
  });

  it('builds /files URLs with each path segment encoded', () => {
    const api = client();
    assert.equal(api.fileUrl(12, 'sub dir/a b#1.jpg'), `${server.url}/files/12/sub%20dir/a%20b%231.jpg`);
    api.close();
  });

  it('reconnects and re-subscribes after the server restarts', async () => {
    const localHub = testHub();
    const first = await start({ hub: localHub });
    const api = createApiClient(testApi, {
      baseUrl: first.url,
      token: first.token,
      openWebSocket,
      reconnectDelayMs: 20,
      maxReconnectDelayMs: 80,
    });
    const seen: unknown[] = [];
    await api.on('job.progress', (p) => seen.push(p)).ready;
    localHub.emit('job.progress', { jobId: 1, done: 1 });
    await new Promise((r) => setTimeout(r, 30));
    await first.close();

    const secondHub = testHub();
    const second = await start({ hub: secondHub, port: first.port, token: first.token });
    try {
      // Emit until the re-subscribed client hears one; each try is a fresh event so none is counted twice.
      const deadline = Date.now() + 5000;
      let done = 2;
      while (seen.length < 2 && Date.now() < deadline) {
        secondHub.emit('job.progress', { jobId: 1, done });
        await new Promise((r) => setTimeout(r, 25));
        if (seen.length < 2) done++;
      }
      assert.deepEqual(seen[0], { jobId: 1, done: 1 });
      assert.ok(seen.length >= 2, 'no event after the restart');
      for (const payload of seen.slice(1)) {
        const { done: got } = payload as { done: number };
        assert.ok(got >= 2 && got <= done, `unexpected payload ${JSON.stringify(payload)}`);
      }
    } finally {
      api.close();
      await second.close();
    }
  });
});
