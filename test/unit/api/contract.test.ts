import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import {
  ApiError,
  defineApi,
  op,
  unwrapResult,
  type ApiClient,
  type ApiHandlers,
  type EventPayload,
  type OpInput,
  type OpOutput,
} from '../../../src/shared/contract';
import { testApi, type TestApi } from './test-api';

describe('defineApi', () => {
  it('lists operation and event names for the preload', () => {
    assert.deepEqual(testApi.operationNames, [
      'items.describe',
      'items.fail',
      'items.crash',
      'items.wrongOutput',
      'items.date',
      'app.ping',
      'app.touch',
    ]);
    assert.deepEqual(testApi.eventNames, ['job.progress', 'job.finished']);
    assert.ok(Object.isFrozen(testApi.operationNames));
  });

  it('refuses names that are not dotted identifiers', () => {
    const any = op({ input: z.void(), output: z.null() });
    for (const name of ['datasets.list ', 'datasets/list', '../x', 'a..b', '', 'Datasets.list', 'x-y']) {
      assert.throws(() => defineApi({ [name]: any }), /is not a dotted identifier/, JSON.stringify(name));
    }
    assert.throws(() => defineApi({}, { events: { 'job progress': z.null() } }), /'job progress'/);
  });
});

describe('ApiError and results', () => {
  it('round-trips through the wire form', () => {
    const error = ApiError.fromWire(new ApiError('conflict', 'version 3 is stale').toWire());
    assert.ok(error instanceof ApiError);
    assert.equal(error.code, 'conflict');
    assert.equal(error.message, 'version 3 is stale');
  });

  it('treats a malformed error as internal', () => {
    assert.equal(ApiError.fromWire({ code: 'teapot', message: 'x' }).code, 'internal');
    assert.equal(ApiError.fromWire('oops').code, 'internal');
  });

  it('unwraps values and throws carried errors', () => {
    assert.deepEqual(unwrapResult({ ok: true, value: [1, 2] }), [1, 2]);
    assert.equal(unwrapResult({ ok: true, value: null }), null);
    assert.throws(
      () => unwrapResult({ ok: false, error: { code: 'not-found', message: 'dataset 4' } }),
      (e: unknown) => e instanceof ApiError && e.code === 'not-found' && e.message === 'dataset 4',
    );
    assert.throws(
      () => unwrapResult('<html>'),
      (e: unknown) => e instanceof ApiError && e.code === 'internal',
    );
    // What JSON makes of `{ ok: true, value: undefined }`.
    assert.equal(unwrapResult({ ok: true }), undefined);
    assert.throws(
      () => unwrapResult({ ok: false }),
      (e: unknown) => e instanceof ApiError && e.code === 'internal',
    );
  });
});

// Compile-time checks: `npx tsc` fails if the derived types loosen. The function is never called.
export function typeChecks(client: ApiClient<TestApi>, handlers: ApiHandlers<TestApi>) {
  const input: OpInput<TestApi, 'items.describe'> = { id: 1 };
  const output: Promise<OpOutput<TestApi, 'items.describe'>> = client.call('items.describe', input);
  const label: Promise<string> = client.call('items.describe', { id: 2, tags: ['x'] }).then((v) => v.label);
  const pong: Promise<'pong'> = client.call('app.ping');
  // @ts-expect-error unknown operation
  void client.call('items.remove', { id: 1 });
  // @ts-expect-error wrong input type
  void client.call('items.describe', { id: '1' });
  // @ts-expect-error required input left out
  void client.call('items.describe');
  client.on('job.progress', (payload) => {
    const done: number = payload.done;
    // @ts-expect-error not in the payload
    void payload.total;
    void done;
  });
  // @ts-expect-error undeclared event
  client.on('job.started', () => undefined);
  const payload: EventPayload<TestApi, 'job.finished'> = { jobId: 1 };
  // Handlers get the parsed input: defaults applied, so tags is not optional.
  const tags: Promise<number> = handlers['items.describe']({ id: 1, tags: [] }).then((v) => v.tagCount);
  // @ts-expect-error a handler map must implement every operation
  const partial: ApiHandlers<TestApi> = { 'app.ping': async () => 'pong' as const };
  return [output, label, pong, payload, tags, partial];
}
