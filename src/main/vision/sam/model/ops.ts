// The few ops SAM needs that the graph builder has no helper for (sin/cos, zero padding, a batch-1-aware product),
// added through its public node API, and the PyTorch-layout layers SAM's weights describe.
import { attr, type Tensor } from '../../onnx/graph';
import { linear } from '../../onnx/layers';
import { layerNorm } from '../../onnx/ops-nn';
import { matmul } from '../../onnx/ops-linalg';
import { concat, gather, shapeOf, slice, transpose } from '../../onnx/ops-shape';
import { formatShape } from '../../onnx/shape';
import type { SafetensorsWeights } from '../../onnx/weights';

export const sin = (x: Tensor): Tensor => x.graph.node('Sin', [x], [{ dtype: x.dtype, shape: x.shape }])[0];
export const cos = (x: Tensor): Tensor => x.graph.node('Cos', [x], [{ dtype: x.dtype, shape: x.shape }])[0];

/** Zero padding at the end of the given axes (torch.nn.functional.pad with zeros on the trailing side). */
export function padEnd(x: Tensor, amounts: readonly number[]): Tensor {
  const g = x.graph;
  if (amounts.length !== x.shape.length) g.fail(`Pad: ${amounts.length} amounts for ${formatShape(x.shape)}`);
  if (amounts.every((a) => a === 0)) return x;
  const shape = x.shape.map((d, i) => {
    if (amounts[i] === 0) return d;
    if (typeof d !== 'number') return g.fail(`Pad: axis ${i} of ${formatShape(x.shape)} must be static to pad`);
    return d + amounts[i];
  });
  const pads = g.constant('int64', [2 * amounts.length], [...amounts.map(() => 0n), ...amounts.map(BigInt)]);
  return g.node('Pad', [x, pads], [{ dtype: x.dtype, shape }], { mode: attr.string('constant') })[0];
}

/**
 * a [N, R, K] · b [B, K, M] → [N, R, M] where b's batch B is N or, at run time, 1. With B = 1 the prompts are
 * stacked into one [1, N·R, K] operand, so onnxruntime runs one large GEMM (packing b once) instead of N small ones.
 */
export function stackedProduct(a: Tensor, b: Tensor): Tensor {
  const g = a.graph;
  const [n, r, k] = a.shape;
  const m = b.shape[2];
  if (a.shape.length !== 3 || b.shape.length !== 3 || typeof k !== 'number' || typeof m !== 'number') {
    return g.fail(
      `stackedProduct: needs [N, R, K] × [B, K, M] with static K and M, got ${formatShape(a.shape)} × ${formatShape(b.shape)}`,
    );
  }
  const stacked = concat(
    [gather(shapeOf(b), g.constant('int64', [1], [0n])), g.constant('int64', [2], [-1n, BigInt(k)])],
    0,
  );
  // The stacked view is declared with a's shape: the builder's shapes cannot say "N·R rows when B is 1".
  const product = matmul(g.node('Reshape', [a, stacked], [{ dtype: a.dtype, shape: a.shape }])[0], b);
  const unstacked = concat([slice(shapeOf(a), 0, 0, 2), g.constant('int64', [1], [BigInt(m)])], 0);
  return g.node('Reshape', [product, unstacked], [{ dtype: a.dtype, shape: [n, r, m] }])[0];
}

/** SamLayerNorm with data_format channels_first: layer norm over C of an NCHW tensor. */
export function layerNorm2d(x: Tensor, scale: Tensor, bias: Tensor, eps: number): Tensor {
  return transpose(layerNorm(transpose(x, [0, 2, 3, 1]), scale, bias, eps), [0, 3, 1, 2]);
}

/** Named weights of one module, read through SafetensorsWeights with the shapes the config implies. */
export class Module {
  constructor(
    readonly weights: SafetensorsWeights,
    readonly prefix: string,
  ) {}

  private path(name: string): string {
    return this.prefix ? `${this.prefix}.${name}` : name;
  }

  child(name: string): Module {
    return new Module(this.weights, this.path(name));
  }

  get(name: string, shape: readonly number[]): Tensor {
    return this.weights.get(this.path(name), shape);
  }

  /** nn.Linear(inF, outF) applied to x. */
  linear(name: string, inF: number, outF: number, x: Tensor, bias = true): Tensor {
    const m = this.child(name);
    return linear(x, m.get('weight', [outF, inF]), bias ? m.get('bias', [outF]) : null);
  }

  layerNorm(name: string, width: number, eps: number, x: Tensor): Tensor {
    const m = this.child(name);
    return layerNorm(x, m.get('weight', [width]), m.get('bias', [width]), eps);
  }

  layerNorm2d(name: string, width: number, eps: number, x: Tensor): Tensor {
    const m = this.child(name);
    return layerNorm2d(x, m.get('weight', [width]), m.get('bias', [width]), eps);
  }
}
