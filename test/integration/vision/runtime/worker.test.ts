// The inference worker end to end: real worker threads running onnxruntime-node on tiny models.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CancelledError, WorkerError } from '../../../../src/main/vision/runtime/protocol';
import { VisionWorker } from '../../../../src/main/vision/runtime/vision-worker';
import { withTempDir } from '../../../helpers/temp-dir';
import { createVisionRuntime, type VisionRuntime } from '../../../../src/main/vision/runtime/vision-runtime';
import type { TensorData } from '../../../../src/main/vision/runtime/tensor-data';
import { cudaLoads, matmulModel, matmulReference, slowModel } from './tiny-models';

let runtime: VisionRuntime;
before(() => {
  runtime = createVisionRuntime();
});
after(async () => {
  await runtime.close();
});

function random(n: number, seed: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31 - 0.5;
  });
}

const f32 = (data: Float32Array, dims: number[]): TensorData => ({ type: 'float32', dims, data });
// About 0.1–0.4 s per run on one core: long enough to see queueing and cancellation, short enough for CI.
const SLOW_N = 3072;
const slowFeed = (): Record<string, TensorData> => ({
  x: f32(new Float32Array(SLOW_N * 256).fill(0.5), [SLOW_N, 256]),
});

test('runs a MatMul model in the worker and returns the right numbers, reporting the CPU provider', async () => {
  const [n, k, m] = [3, 5, 4];
  const w = random(k * m, 1);
  const x = random(n * k, 2);
  const session = await runtime.session('matmul', matmulModel(k, m, w));
  assert.deepEqual(
    {
      provider: session.info.provider,
      fallback: session.info.fallback,
      inputs: session.info.inputNames,
      outputs: session.info.outputNames,
    },
    { provider: 'cpu', fallback: null, inputs: ['x'], outputs: ['y'] },
  );
  const result = await session.run({ x: f32(x, [n, k]) });
  assert.equal(result.provider, 'cpu');
  assert.deepEqual(result.outputs.y.dims, [n, m]);
  const expected = matmulReference(x, n, k, w, m);
  const y = result.outputs.y.data as Float32Array;
  assert.ok(y instanceof Float32Array);
  for (let i = 0; i < expected.length; i++) assert.ok(Math.abs(y[i] - expected[i]) < 1e-6, `y[${i}]`);

  // Loading the same key again finds the loaded session; transfer moves the input buffer instead of copying it.
  assert.equal((await runtime.session('matmul', new Uint8Array(0))).info.key, 'matmul');
  const moved = Float32Array.from(x);
  await session.run({ x: f32(moved, [n, k]) }, { transfer: true });
  assert.equal(moved.byteLength, 0);
});

test("'cuda' falls back to the CPU where CUDA cannot load and says so, in its own queue", async () => {
  const w = random(4, 3);
  const session = await runtime.session('cuda-matmul', matmulModel(2, 2, w), { device: 'cuda', intraOpThreads: 1 });
  const expected = (await cudaLoads()) ? 'cuda' : 'cpu';
  assert.equal(session.info.provider, expected);
  if (expected === 'cpu') assert.match(session.info.fallback!, /^CUDA unavailable \(.+\); running on the CPU$/);
  const result = await session.run({ x: f32(new Float32Array([1, 0, 0, 1]), [2, 2]) });
  assert.equal(result.provider, expected);
  assert.deepEqual([...(result.outputs.y.data as Float32Array)], [...w]);
  assert.notEqual(runtime.worker('cuda'), runtime.worker('cpu'));
});

test('requests on one device run one at a time, in order', async () => {
  const session = await runtime.session('slow', slowModel(256, 24), { intraOpThreads: 1 });
  const worker = runtime.worker('cpu');
  const finished: number[] = [];
  const runs = [0, 1, 2].map((i) =>
    session.run(slowFeed()).then((r) => {
      finished.push(i);
      return { ...r, at: performance.now() };
    }),
  );
  assert.equal(worker.busy, true);
  assert.equal(worker.queued, 2);
  const results = await Promise.all(runs);
  assert.deepEqual(finished, [0, 1, 2]);
  // Back to back, never overlapping: each finishes at least its own run time after the previous one.
  for (let i = 1; i < 3; i++) {
    assert.ok(results[i].at - results[i - 1].at >= results[i].runMs * 0.9, `run ${i} overlapped run ${i - 1}`);
  }
  assert.equal(worker.queued, 0);
});

test('cancelling: a queued request never runs, a running one releases its caller at once, the queue goes on', async () => {
  const session = await runtime.session('slow-cancel', slowModel(256, 24), { intraOpThreads: 1 });
  const runsSoFar = async (): Promise<number> =>
    (await runtime.worker('cpu').request('session.list', null)).find((s) => s.key === 'slow-cancel')!.runs;

  const first = new AbortController();
  const second = new AbortController();
  const running = session.run(slowFeed(), { signal: first.signal });
  const queued = session.run(slowFeed(), { signal: second.signal });
  const third = session.run(slowFeed());
  second.abort();
  await assert.rejects(queued, CancelledError);
  const abortedAt = performance.now();
  first.abort();
  await assert.rejects(
    running,
    (err: Error) => err instanceof CancelledError && /session\.run cancelled/.test(err.message),
  );
  const releasedAfter = performance.now() - abortedAt;
  const last = await third;
  assert.ok(
    releasedAfter < last.runMs,
    `the cancelled caller waited ${releasedAfter} ms, a run takes ${last.runMs} ms`,
  );
  // The running request could not be stopped inside onnxruntime, so it completed; the queued one never ran.
  assert.equal(await runsSoFar(), 2);

  const aborted = AbortSignal.abort();
  await assert.rejects(session.run(slowFeed(), { signal: aborted }), /cancelled before it was queued/);
});

test('errors from the worker come back with their messages', async () => {
  const session = await runtime.session('errors', matmulModel(2, 2, new Float32Array(4)));
  await assert.rejects(session.run({ nope: f32(new Float32Array(4), [2, 2]) }), (err: Error) => {
    assert.ok(err instanceof WorkerError);
    assert.equal(err.op, 'session.run');
    assert.match(err.message, /input 'x' is missing in 'feeds'/);
    assert.match(err.remote.stack ?? '', /worker-handlers/);
    return true;
  });
  await assert.rejects(session.run({ x: f32(new Float32Array(3), [1, 3]) }), /Got invalid dimensions for input: x/);
  await assert.rejects(
    runtime.session('garbage', new Uint8Array([1, 2, 3, 4])),
    /a 4-byte model: cannot create an onnxruntime session/,
  );
  await assert.rejects(
    runtime.worker('cpu').request('session.run', { key: 'never-loaded', feeds: {} }),
    /no session 'never-loaded' is loaded in this worker/,
  );
  // The worker is still serving after all that.
  assert.equal((await session.run({ x: f32(new Float32Array([1, 2, 3, 4]), [2, 2]) })).outputs.y.dims[0], 2);
  await session.release();
  assert.ok(!(await runtime.worker('cpu').request('session.list', null)).some((s) => s.key === 'errors'));
});

test('a background request waits behind every foreground request, queued before it or after', async () => {
  const session = await runtime.session('slow-priority', slowModel(256, 24), { intraOpThreads: 1 });
  const worker = runtime.worker('cpu');
  const finished: string[] = [];
  const run = (name: string, background: boolean) =>
    worker
      .request('session.run', { key: 'slow-priority', feeds: slowFeed() }, { background })
      .then(() => finished.push(name));
  const all = [session.run(slowFeed()).then(() => finished.push('running')), run('background', true)];
  all.push(run('foreground after', false));
  await Promise.all(all);
  assert.deepEqual(finished, ['running', 'foreground after', 'background']);
});

test("a request's events reach its caller in order, before its result", async () => {
  await withTempDir(async (dir) => {
    // A stand-in worker speaking the protocol: two events, then the result.
    const entry = join(dir, 'events-worker.mjs');
    await writeFile(
      entry,
      `import { parentPort } from 'node:worker_threads';
parentPort.on('message', (m) => {
  if (m.kind !== 'request') return;
  parentPort.postMessage({ kind: 'event', id: m.id, event: 1 });
  parentPort.postMessage({ kind: 'event', id: m.id, event: 2 });
  parentPort.postMessage({ kind: 'result', id: m.id, output: 'done' });
});`,
    );
    const worker = new VisionWorker('events', { entry: pathToFileURL(entry), fromSource: false });
    try {
      const heard: unknown[] = [];
      const output = await worker.request('session.list', null, { onEvent: (e: unknown) => heard.push(e) } as never);
      heard.push(output);
      assert.deepEqual(heard, [1, 2, 'done']);
    } finally {
      await worker.close();
    }
  });
});
