// Reductions, ArgMax and Softmax. Opset 17 takes ReduceSum's axes as an input but ReduceMean/ReduceMax's as an
// attribute; callers need not care.
import { attr, type Tensor } from './graph';
import { formatShape, normalizeAxis, type Dim } from './shape';

function reducedShape(
  x: Tensor,
  axes: readonly number[],
  keepdims: boolean,
  op: string,
): { axes: number[]; shape: Dim[] } {
  const norm = axes.map((a) => normalizeAxis(a, x.shape.length));
  if (norm.some((a) => a === null))
    x.graph.fail(`${op}: axes [${axes.join(', ')}] out of range for ${formatShape(x.shape)}`);
  const set = norm as number[];
  const shape = keepdims
    ? x.shape.map((d, i) => (set.includes(i) ? 1 : d))
    : x.shape.filter((_, i) => !set.includes(i));
  return { axes: set, shape };
}

function reduceWithAttr(op: string, x: Tensor, axes: readonly number[], keepdims: boolean): Tensor {
  const r = reducedShape(x, axes, keepdims, op);
  return x.graph.node(op, [x], [{ dtype: x.dtype, shape: r.shape }], {
    axes: attr.ints(r.axes),
    keepdims: attr.int(keepdims ? 1 : 0),
  })[0];
}

export const reduceMean = (x: Tensor, axes: readonly number[], keepdims = true): Tensor =>
  reduceWithAttr('ReduceMean', x, axes, keepdims);
export const reduceMax = (x: Tensor, axes: readonly number[], keepdims = true): Tensor =>
  reduceWithAttr('ReduceMax', x, axes, keepdims);

export function reduceSum(x: Tensor, axes: readonly number[], keepdims = true): Tensor {
  const r = reducedShape(x, axes, keepdims, 'ReduceSum');
  const axesTensor = x.graph.constant(
    'int64',
    [r.axes.length],
    r.axes.map((a) => BigInt(a)),
  );
  return x.graph.node('ReduceSum', [x, axesTensor], [{ dtype: x.dtype, shape: r.shape }], {
    keepdims: attr.int(keepdims ? 1 : 0),
  })[0];
}

/** Index of the first maximum along an axis (as torch.argmax), int64. */
export function argMax(x: Tensor, axis: number, keepdims = true): Tensor {
  const r = reducedShape(x, [axis], keepdims, 'ArgMax');
  return x.graph.node('ArgMax', [x], [{ dtype: 'int64', shape: r.shape }], {
    axis: attr.int(r.axes[0]),
    keepdims: attr.int(keepdims ? 1 : 0),
    select_last_index: attr.int(0),
  })[0];
}

export function softmax(x: Tensor, axis = -1): Tensor {
  const a = normalizeAxis(axis, x.shape.length);
  if (a === null) return x.graph.fail(`Softmax: axis ${axis} out of range for ${formatShape(x.shape)}`);
  return x.graph.node('Softmax', [x], [{ dtype: x.dtype, shape: x.shape }], { axis: attr.int(a) })[0];
}
