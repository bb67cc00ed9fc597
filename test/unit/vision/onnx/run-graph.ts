// Runs a built graph in onnxruntime-node on the CPU. Graphs with external data are written into `dir` (where their
// weights are) because onnxruntime resolves external data relative to the model file.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { encodeModel } from '../../../../src/main/vision/onnx/serialize';
import type { Graph } from '../../../../src/main/vision/onnx/graph';

export type Feed = ort.Tensor;

export async function runGraph(
  graph: Graph,
  feeds: Record<string, ort.Tensor>,
  dir?: string,
): Promise<Record<string, ort.Tensor>> {
  const bytes = encodeModel(graph);
  let session: ort.InferenceSession;
  if (dir) {
    const path = join(dir, `${graph.name}.onnx`);
    await writeFile(path, bytes);
    session = await ort.InferenceSession.create(path, { executionProviders: ['cpu'] });
  } else {
    session = await ort.InferenceSession.create(bytes, { executionProviders: ['cpu'] });
  }
  try {
    return await session.run(feeds);
  } finally {
    await session.release();
  }
}

export function f32(data: ArrayLike<number>, dims: number[]): ort.Tensor {
  return new ort.Tensor('float32', Float32Array.from(data), dims);
}

export function i64(data: ArrayLike<number>, dims: number[]): ort.Tensor {
  return new ort.Tensor(
    'int64',
    BigInt64Array.from(Array.from(data), (v) => BigInt(v)),
    dims,
  );
}

export function values(t: ort.Tensor): number[] {
  return Array.from(t.data as ArrayLike<number | bigint>, Number);
}

export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what = ''): void {
  if (actual.length !== expected.length) {
    throw new Error(`${what}: length ${actual.length} vs expected ${expected.length}`);
  }
  let worst = 0;
  let at = -1;
  for (let i = 0; i < actual.length; i++) {
    const d = Math.abs(actual[i] - expected[i]);
    if (!(d <= worst)) {
      worst = d;
      at = i;
    }
  }
  if (!(worst <= tol)) {
    throw new Error(`${what}: max abs diff ${worst} at ${at} (got ${actual[at]}, expected ${expected[at]}) > ${tol}`);
  }
}
