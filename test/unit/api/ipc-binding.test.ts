import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { IPC_CHANNELS, type CallResult } from '../../../src/shared/contract';
import { bindIpc, type IpcInvokeEvent, type IpcMainLike } from '../../../src/main/api/ipc-binding';
import { trustedUrlCheck } from '../../../src/main/api/trusted-sender';
import { FakeIpcMain, FakeWebContents, frameEvent } from './ipc-fakes';
import { SECRET_IN_CRASH, memoryLog, testApi, testHandlers, testHub } from './test-api';

// Compile-time: Electron's own objects fit the structural types the binding asks for.
export type ElectronFits = [
  IpcMain extends IpcMainLike ? true : never,
  IpcMainInvokeEvent extends IpcInvokeEvent ? true : never,
];
const electronFits: ElectronFits = [true, true];

const APP = 'http://localhost:5173/index.html';

describe('bindIpc', () => {
  let ipcMain: FakeIpcMain;
  let hub: ReturnType<typeof testHub>;
  let logs: ReturnType<typeof memoryLog>;

  beforeEach(() => {
    ipcMain = new FakeIpcMain();
    hub = testHub();
    logs = memoryLog();
    bindIpc({
      ipcMain,
      api: testApi,
      handlers: testHandlers,
      events: hub,
      isTrustedSender: trustedUrlCheck(['http://localhost:5173']),
      log: logs.log,
      checkOutput: true,
    });
  });

  const call = (url: string | null, ...args: unknown[]) =>
    ipcMain.invoke(frameEvent(url), IPC_CHANNELS.call, ...args) as Promise<CallResult>;

  it('fits Electron’s types', () => assert.deepEqual(electronFits, [true, true]));

  it('returns the handler’s value for a good call, with input defaults applied', async () => {
    assert.deepEqual(await call(APP, 'items.describe', { id: 7 }), {
      ok: true,
      value: { id: 7, label: 'item 7', tagCount: 0 },
    });
    assert.deepEqual(await call(APP, 'items.describe', { id: 3, tags: ['a', 'b'] }), {
      ok: true,
      value: { id: 3, label: 'item 3', tagCount: 2 },
    });
    assert.deepEqual(await call(APP, 'app.ping'), { ok: true, value: 'pong' });
  });

  it('refuses a call from a foreign frame without running the handler', async () => {
    let ran = false;
    const local = new FakeIpcMain();
    bindIpc({
      ipcMain: local,
      api: testApi,
      handlers: {
        ...testHandlers,
        'app.ping': async () => {
          ran = true;
          return 'pong' as const;
        },
      },
      events: hub,
      isTrustedSender: trustedUrlCheck(['http://localhost:5173']),
      log: logs.log,
    });
    const result = (await local.invoke(
      frameEvent('https://evil.example/x'),
      IPC_CHANNELS.call,
      'app.ping',
    )) as CallResult;
    assert.deepEqual(result, { ok: false, error: { code: 'forbidden', message: 'IPC from an untrusted frame' } });
    assert.equal(ran, false);
    assert.match(logs.lines.join('\n'), /evil\.example/);
  });

  it('refuses a call whose sender frame is gone', async () => {
    const result = await call(null, 'app.ping');
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.error.code, 'forbidden');
  });

  it('refuses a look-alike origin', async () => {
    const result = await call('http://localhost:5174/index.html', 'app.ping');
    assert.equal(!result.ok && result.error.code, 'forbidden');
  });

  it('rejects bad arguments with bad-request naming the issue path', async () => {
    const result = await call(APP, 'items.describe', { id: 'seven', tags: ['ok', 5] });
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.equal(result.error.code, 'bad-request');
    assert.match(result.error.message, /^items\.describe: invalid input /);
    assert.match(result.error.message, /at id:/);
    assert.match(result.error.message, /at tags\.1:/);
  });

  it('rejects a missing input object', async () => {
    const result = await call(APP, 'items.describe');
    assert.equal(!result.ok && result.error.code, 'bad-request');
    assert.match(!result.ok ? result.error.message : '', /at \(root\)/);
  });

  it('rejects an unknown operation, including names inherited from Object.prototype', async () => {
    for (const name of ['items.delete', 'toString', '__proto__', 42]) {
      const result = await call(APP, name, {});
      assert.equal(result.ok, false, String(name));
      assert.equal(!result.ok && result.error.code, 'not-found', String(name));
    }
  });

  it('passes an ApiError’s code and message through', async () => {
    for (const code of ['bad-request', 'not-found', 'forbidden', 'conflict', 'internal'] as const) {
      assert.deepEqual(await call(APP, 'items.fail', { code }), {
        ok: false,
        error: { code, message: `refused with ${code}` },
      });
    }
  });

  it('turns an unexpected error into internal without its message, and logs the message', async () => {
    const result = await call(APP, 'items.crash');
    assert.deepEqual(result, {
      ok: false,
      error: { code: 'internal', message: 'items.crash failed; see the RefLabel log' },
    });
    assert.ok(logs.lines.some((line) => line.includes(SECRET_IN_CRASH)));
  });

  it('checks outputs when asked: wrong shape and non-JSON values are internal errors', async () => {
    const wrong = await call(APP, 'items.wrongOutput');
    assert.equal(!wrong.ok && wrong.error.code, 'internal');
    assert.match(!wrong.ok ? wrong.error.message : '', /invalid output at n:/);
    const date = await call(APP, 'items.date');
    assert.equal(!date.ok && date.error.code, 'internal');
    assert.match(!date.ok ? date.error.message : '', /output\.when is a Date/);
  });

  it('does not check outputs when told not to', async () => {
    const local = new FakeIpcMain();
    bindIpc({
      ipcMain: local,
      api: testApi,
      handlers: testHandlers,
      events: hub,
      isTrustedSender: () => true,
      checkOutput: false,
    });
    const result = await local.invoke(frameEvent(APP), IPC_CHANNELS.call, 'items.wrongOutput');
    assert.deepEqual(result, { ok: true, value: { n: 'seven' } });
  });

  it('forwards subscribed events to the subscribing webContents only', async () => {
    const a = new FakeWebContents();
    const b = new FakeWebContents();
    assert.deepEqual(await ipcMain.invoke(frameEvent(APP, a), IPC_CHANNELS.subscribe, 'job.progress'), {
      ok: true,
      value: null,
    });
    await ipcMain.invoke(frameEvent(APP, b), IPC_CHANNELS.subscribe, 'job.finished');
    hub.emit('job.progress', { jobId: 1, done: 5 });
    hub.emit('job.finished', { jobId: 1 });
    assert.deepEqual(a.sent, [{ channel: IPC_CHANNELS.event, args: ['job.progress', { jobId: 1, done: 5 }] }]);
    assert.deepEqual(b.sent, [{ channel: IPC_CHANNELS.event, args: ['job.finished', { jobId: 1 }] }]);

    await ipcMain.invoke(frameEvent(APP, a), IPC_CHANNELS.unsubscribe, 'job.progress');
    hub.emit('job.progress', { jobId: 1, done: 6 });
    assert.equal(a.sent.length, 1);
  });

  it('drops a webContents once it is destroyed', async () => {
    const a = new FakeWebContents();
    await ipcMain.invoke(frameEvent(APP, a), IPC_CHANNELS.subscribe, 'job.progress');
    a.destroy();
    // FakeWebContents.send throws after destroy, as Electron's does: emitting must not reach it.
    hub.emit('job.progress', { jobId: 2, done: 1 });
    assert.equal(a.sent.length, 0);
  });

  it('refuses subscriptions from foreign frames and to undeclared events', async () => {
    const a = new FakeWebContents();
    const foreign = (await ipcMain.invoke(
      frameEvent('https://evil.example/', a),
      IPC_CHANNELS.subscribe,
      'job.progress',
    )) as CallResult;
    assert.equal(!foreign.ok && foreign.error.code, 'forbidden');
    const unknown = (await ipcMain.invoke(frameEvent(APP, a), IPC_CHANNELS.subscribe, 'db.dump')) as CallResult;
    assert.equal(!unknown.ok && unknown.error.code, 'bad-request');
    hub.emit('job.progress', { jobId: 3, done: 1 });
    assert.equal(a.sent.length, 0);
  });

  it('dispose removes every handler and stops forwarding', async () => {
    const local = new FakeIpcMain();
    const localHub = testHub();
    const binding = bindIpc({
      ipcMain: local,
      api: testApi,
      handlers: testHandlers,
      events: localHub,
      isTrustedSender: () => true,
    });
    const a = new FakeWebContents();
    await local.invoke(frameEvent(APP, a), IPC_CHANNELS.subscribe, 'job.progress');
    binding.dispose();
    assert.equal(local.handlers.size, 0);
    localHub.emit('job.progress', { jobId: 1, done: 1 });
    assert.equal(a.sent.length, 0);
  });
});

describe('event hub', () => {
  it('refuses a payload that does not match the event’s schema, at the emitter', () => {
    const hub = testHub();
    assert.throws(
      () => hub.emit('job.progress', { jobId: 1, done: 'half' } as unknown as { jobId: number; done: number }),
      /event 'job\.progress': invalid payload at done:/,
    );
  });
});
