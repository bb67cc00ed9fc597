import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ContextBridge, IpcRenderer } from 'electron';
import { ApiError, IPC_CHANNELS, type ApiBridge } from '../../../src/shared/contract';
import { bindIpc } from '../../../src/main/api/ipc-binding';
import {
  createBridge,
  exposeApi,
  type ContextBridgeLike,
  type IpcRendererLike,
} from '../../../src/main/api/preload-bridge';
import { trustedUrlCheck } from '../../../src/main/api/trusted-sender';
import { createApiClient } from '../../../src/renderer/src/api/client';
import { FakeIpcMain, FakeIpcRenderer } from './ipc-fakes';
import { testApi, testHandlers, testHub } from './test-api';

export type ElectronFits = [
  IpcRenderer extends IpcRendererLike ? true : never,
  ContextBridge extends ContextBridgeLike ? true : never,
];
const electronFits: ElectronFits = [true, true];

const APP = 'http://localhost:5173/';

function wire(frameUrl = APP) {
  const ipcMain = new FakeIpcMain();
  const hub = testHub();
  bindIpc({
    ipcMain,
    api: testApi,
    handlers: testHandlers,
    events: hub,
    isTrustedSender: trustedUrlCheck(['http://localhost:5173']),
    log: () => undefined,
  });
  const ipcRenderer = new FakeIpcRenderer(ipcMain, frameUrl);
  return { hub, ipcRenderer, bridge: createBridge(ipcRenderer, testApi) };
}

describe('preload bridge', () => {
  it('fits Electron’s types', () => assert.deepEqual(electronFits, [true, true]));

  it('exposes exactly the declared operations and nothing that reaches ipcRenderer', () => {
    const exposed: Record<string, unknown> = {};
    exposeApi(
      { exposeInMainWorld: (key, value) => (exposed[key] = value) },
      new FakeIpcRenderer(new FakeIpcMain(), APP),
      testApi,
    );
    assert.deepEqual(Object.keys(exposed), ['reflabel']);
    const bridge = exposed.reflabel as ApiBridge;
    assert.deepEqual(Object.keys(bridge).sort(), ['eventNames', 'onEvent', 'operations', 'subscribe', 'unsubscribe']);
    assert.deepEqual(Object.keys(bridge.operations), [...testApi.operationNames]);
    assert.ok(Object.values(bridge.operations).every((f) => typeof f === 'function'));
    assert.ok(Object.isFrozen(bridge.operations));
  });

  it('forwards a call to the single call channel', async () => {
    const { bridge } = wire();
    assert.deepEqual(await bridge.operations['items.describe']({ id: 4, tags: ['x'] }), {
      ok: true,
      value: { id: 4, label: 'item 4', tagCount: 1 },
    });
  });

  it('refuses undeclared events before they reach the main process', async () => {
    const { bridge } = wire();
    const result = await bridge.subscribe('db.dump');
    assert.equal(!result.ok && result.error.code, 'bad-request');
  });

  it('passes event name and payload, never the IPC event object', async () => {
    const { bridge, hub, ipcRenderer } = wire();
    const seen: unknown[][] = [];
    const remove = bridge.onEvent((...args) => seen.push(args));
    await bridge.subscribe('job.progress');
    hub.emit('job.progress', { jobId: 9, done: 2 });
    assert.deepEqual(seen, [['job.progress', { jobId: 9, done: 2 }]]);
    remove();
    assert.equal(ipcRenderer.listenerCount(IPC_CHANNELS.event), 0);
  });
});

describe('renderer client over the preload bridge', () => {
  it('calls, throws ApiError, and receives events', async () => {
    const { bridge, hub } = wire();
    const client = createApiClient(testApi, { bridge });
    assert.deepEqual(await client.call('items.describe', { id: 12 }), { id: 12, label: 'item 12', tagCount: 0 });
    assert.equal(await client.call('app.ping'), 'pong');
    assert.equal(await client.call('app.touch'), undefined);
    await assert.rejects(
      client.call('items.fail', { code: 'conflict' }),
      (e: unknown) => e instanceof ApiError && e.code === 'conflict' && e.message === 'refused with conflict',
    );
    await assert.rejects(
      client.call('items.describe', { id: -1 }),
      (e: unknown) => e instanceof ApiError && e.code === 'bad-request' && /at id:/.test(e.message),
    );

    const progress: unknown[] = [];
    const finished: unknown[] = [];
    const first = client.on('job.progress', (p) => progress.push(p));
    const second = client.on('job.progress', (p) => progress.push({ again: p.done }));
    const third = client.on('job.finished', (p) => finished.push(p));
    await Promise.all([first.ready, second.ready, third.ready]);
    hub.emit('job.progress', { jobId: 1, done: 3 });
    hub.emit('job.finished', { jobId: 1 });
    assert.deepEqual(progress, [{ jobId: 1, done: 3 }, { again: 3 }]);
    assert.deepEqual(finished, [{ jobId: 1 }]);

    first.unsubscribe();
    hub.emit('job.progress', { jobId: 1, done: 4 });
    assert.deepEqual(progress.at(-1), { again: 4 });
    second.unsubscribe();
    hub.emit('job.progress', { jobId: 1, done: 5 });
    assert.equal(progress.length, 3);
    client.close();
  });

  it('reports a frame the main process does not trust as forbidden', async () => {
    const { bridge } = wire('https://evil.example/');
    const client = createApiClient(testApi, { bridge });
    await assert.rejects(client.call('app.ping'), (e: unknown) => e instanceof ApiError && e.code === 'forbidden');
    await assert.rejects(
      client.on('job.progress', () => undefined).ready,
      (e: unknown) => e instanceof ApiError && e.code === 'forbidden',
    );
  });

  it('builds reflabel-file URLs with each path segment encoded', () => {
    const client = createApiClient(testApi, { bridge: wire().bridge });
    assert.equal(client.fileUrl(12, 'sub dir/a b#1?.jpg'), 'reflabel-file://dataset/12/sub%20dir/a%20b%231%3F.jpg');
  });
});
