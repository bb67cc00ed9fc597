import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as ort from 'onnxruntime-node';
import { createSession } from '../../../../src/main/vision/runtime/create-session';
import { ortSessionOptions } from '../../../../src/main/vision/runtime/session-config';
import { transferList, type TensorData } from '../../../../src/main/vision/runtime/tensor-data';
import { cudaLoads, matmulModel } from '../../../integration/vision/runtime/tiny-models';

test('session options: providers per device, threads, optimisation level, arenas and config entries', () => {
  assert.deepEqual(ortSessionOptions({}, 'cpu'), {
    executionProviders: ['cpu'],
    graphOptimizationLevel: 'all',
    enableCpuMemArena: true,
    enableMemPattern: true,
    executionMode: 'sequential',
    extra: { 'session.intra_op.allow_spinning': '0' },
  });
  assert.deepEqual(
    ortSessionOptions(
      {
        device: 'cuda',
        cudaDeviceId: 1,
        intraOpThreads: 2,
        interOpThreads: 3,
        executionMode: 'parallel',
        graphOptimization: 'basic',
        cpuArena: false,
        memoryPattern: false,
        configEntries: { 'session.use_device_allocator_for_initializers': '1' },
      },
      'cuda',
    ),
    {
      executionProviders: [{ name: 'cuda', deviceId: 1 }, 'cpu'],
      graphOptimizationLevel: 'basic',
      enableCpuMemArena: false,
      enableMemPattern: false,
      executionMode: 'parallel',
      intraOpNumThreads: 2,
      interOpNumThreads: 3,
      extra: { 'session.intra_op.allow_spinning': '0', 'session.use_device_allocator_for_initializers': '1' },
    },
  );
});

test('createSession retries on the CPU when CUDA cannot load and reports why; every option set still runs', async () => {
  const w = new Float32Array([1, 2, 3, 4, 5, 6]);
  const model = matmulModel(2, 3, w);
  const cuda = await createSession(model, { device: 'cuda', graphOptimization: 'disabled', cpuArena: false });
  try {
    // Build machines have no CUDA provider library (ONNXRUNTIME_NODE_INSTALL=skip): the session must fall back
    // and say why. Where CUDA does load, the provider must say so instead.
    if (await cudaLoads()) assert.deepEqual([cuda.provider, cuda.fallback], ['cuda', null]);
    else {
      assert.equal(cuda.provider, 'cpu');
      assert.match(cuda.fallback ?? '', /^CUDA unavailable \(.*Cuda.*\); running on the CPU$/);
    }
    const x = new ort.Tensor('float32', new Float32Array([1, 1]), [1, 2]);
    assert.deepEqual([...((await cuda.session.run({ x })).y.data as Float32Array)], [5, 7, 9]);
  } finally {
    await cuda.session.release();
  }
  const cpu = await createSession(model, { intraOpThreads: 1, executionMode: 'parallel', interOpThreads: 1 });
  assert.deepEqual([cpu.provider, cpu.fallback], ['cpu', null]);
  await cpu.session.release();
  await assert.rejects(
    createSession('/nonexistent/model.onnx'),
    /\/nonexistent\/model\.onnx: cannot create an onnxruntime session/,
  );
});

test('transfer lists hold each whole buffer once and skip views into larger buffers', () => {
  const whole = new Float32Array(4);
  const shared = new Float32Array(8);
  const tensors: TensorData[] = [
    { type: 'float32', dims: [4], data: whole },
    { type: 'float32', dims: [4], data: whole },
    { type: 'float32', dims: [4], data: shared.subarray(4) },
    { type: 'int64', dims: [1], data: new BigInt64Array(1) },
  ];
  const list = transferList(tensors);
  assert.equal(list.length, 2);
  assert.ok(list.includes(whole.buffer));
  assert.ok(!list.includes(shared.buffer));
});
