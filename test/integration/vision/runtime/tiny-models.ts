// Tiny ONNX models written directly with the onnx-proto schema (independent of RefLabel's graph builder).
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;
const FLOAT = 1;

function valueInfo(name: string, dims: (number | string)[]) {
  return {
    name,
    type: {
      tensorType: {
        elemType: FLOAT,
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

function encode(graph: object): Uint8Array {
  return onnx.ModelProto.encode(
    onnx.ModelProto.create({ irVersion: 8, opsetImport: [{ domain: '', version: 17 }], producerName: 'test', graph }),
  ).finish();
}

/** y[n, m] = x[n, k] · W[k, m], W row-major. */
export function matmulModel(k: number, m: number, w: Float32Array): Uint8Array {
  return encode({
    name: 'matmul',
    input: [valueInfo('x', ['n', k])],
    output: [valueInfo('y', ['n', m])],
    initializer: [{ name: 'W', dims: [k, m], dataType: FLOAT, rawData: new Uint8Array(w.buffer.slice(0)) }],
    node: [{ opType: 'MatMul', input: ['x', 'W'], output: ['y'], name: 'mm' }],
  });
}

/** `depth` chained MatMuls by a [width, width] matrix: slow enough (for a large n) to watch queues and cancels. */
export function slowModel(width: number, depth: number): Uint8Array {
  const w = new Float32Array(width * width);
  for (let i = 0; i < width; i++) w[i * width + i] = 1;
  const nodes = [];
  for (let i = 0; i < depth; i++) {
    nodes.push({
      opType: 'MatMul',
      input: [i === 0 ? 'x' : `h${i}`, 'W'],
      output: [i === depth - 1 ? 'y' : `h${i + 1}`],
      name: `mm${i}`,
    });
  }
  return encode({
    name: 'slow',
    input: [valueInfo('x', ['n', width])],
    output: [valueInfo('y', ['n', width])],
    initializer: [{ name: 'W', dims: [width, width], dataType: FLOAT, rawData: new Uint8Array(w.buffer) }],
    node: nodes,
  });
}

export function matmulReference(x: Float32Array, n: number, k: number, w: Float32Array, m: number): Float32Array {
  const y = new Float32Array(n * m);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      let sum = 0;
      for (let t = 0; t < k; t++) sum += x[i * k + t] * w[t * m + j];
      y[i * m + j] = sum;
    }
  }
  return y;
}

/** Whether onnxruntime-node can create a CUDA session here, asked directly (not through RefLabel's fallback). */
export async function cudaLoads(): Promise<boolean> {
  const ort = await import('onnxruntime-node');
  try {
    const session = await ort.InferenceSession.create(matmulModel(1, 1, new Float32Array([1])), {
      executionProviders: ['cuda'],
    });
    await session.release();
    return true;
  } catch {
    return false;
  }
}
