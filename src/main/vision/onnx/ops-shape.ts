// Ops that move data without arithmetic: reshape, transpose, concat, slice, gather, split, (un)squeeze, expand.
import { attr, type Tensor } from './graph';
import {
  dimLowerBound,
  dimMinus,
  dimSum,
  formatShape,
  normalizeAxis,
  reshapeShape,
  sameDim,
  type Dim,
  type Shape,
} from './shape';

function axisOf(x: Tensor, axis: number, op: string): number {
  const a = normalizeAxis(axis, x.shape.length);
  if (a === null) x.graph.fail(`${op}: axis ${axis} is out of range for shape ${formatShape(x.shape)}`);
  return a;
}

function int64s(x: Tensor, values: readonly number[]): Tensor {
  return x.graph.constant(
    'int64',
    [values.length],
    values.map((v) => BigInt(v)),
  );
}

/** Reshape to a constant target: 0 copies the input dimension, -1 is inferred, symbols must match. */
export function reshape(x: Tensor, target: readonly Dim[]): Tensor {
  const shape = reshapeShape(x.shape, target);
  if (typeof shape === 'string') {
    x.graph.fail(`Reshape ${formatShape(x.shape)} → ${formatShape(target)}: ${shape}`);
  }
  const numeric = target.map((d, i) => {
    if (typeof d === 'number') return d;
    if (i < x.shape.length && sameDim(x.shape[i], d)) return 0;
    return x.graph.fail(
      `Reshape ${formatShape(x.shape)} → ${formatShape(target)}: symbolic dimension ${d} must sit where the input has it (or use 0/-1)`,
    );
  });
  return x.graph.node('Reshape', [x, int64s(x, numeric)], [{ dtype: x.dtype, shape }])[0];
}

export function transpose(x: Tensor, perm: readonly number[]): Tensor {
  const sorted = [...perm].sort((a, b) => a - b);
  if (perm.length !== x.shape.length || sorted.some((p, i) => p !== i)) {
    x.graph.fail(`Transpose: perm [${perm.join(', ')}] does not fit shape ${formatShape(x.shape)}`);
  }
  const shape = perm.map((p) => x.shape[p]);
  return x.graph.node('Transpose', [x], [{ dtype: x.dtype, shape }], { perm: attr.ints(perm) })[0];
}

export function concat(xs: readonly Tensor[], axis: number): Tensor {
  if (xs.length === 0) throw new Error('Concat: no inputs');
  const first = xs[0];
  const a = axisOf(first, axis, 'Concat');
  for (const x of xs) {
    if (x.dtype !== first.dtype) first.graph.fail(`Concat: dtypes differ (${first.dtype} vs ${x.dtype})`);
    const fits =
      x.shape.length === first.shape.length && x.shape.every((d, i) => i === a || sameDim(d, first.shape[i]));
    if (!fits) {
      first.graph.fail(
        `Concat on axis ${axis}: shapes ${xs.map((t) => formatShape(t.shape)).join(', ')} differ off the axis`,
      );
    }
  }
  const shape = first.shape.map((d, i) => (i === a ? dimSum(xs.map((x) => x.shape[i])) : d));
  return first.graph.node('Concat', xs, [{ dtype: first.dtype, shape }], { axis: attr.int(a) })[0];
}

const END = Number.MAX_SAFE_INTEGER;

/** Static slice [start, end) with step 1 on one axis; end defaults to the end of the axis. */
export function slice(x: Tensor, axis: number, start: number, end: number = END): Tensor {
  const a = axisOf(x, axis, 'Slice');
  const dim = x.shape[a];
  let length: Dim | null;
  if (typeof dim === 'number') {
    const s = Math.min(start < 0 ? Math.max(dim + start, 0) : start, dim);
    const e = Math.min(end < 0 ? Math.max(dim + end, 0) : end, dim);
    length = Math.max(e - s, 0);
  } else if (start >= 0 && end === END) {
    length = dimMinus(dim, start);
  } else {
    length = start >= 0 && end >= start && end <= dimLowerBound(dim) ? end - start : null;
  }
  if (length === null) x.graph.fail(`Slice [${start}, ${end}) of a dimension ${dim} has no static length`);
  const shape = x.shape.map((d, i) => (i === a ? length : d));
  const ends = end === END ? BigInt('9223372036854775807') : BigInt(end);
  const g = x.graph;
  const inputs = [
    x,
    g.constant('int64', [1], [BigInt(start)]),
    g.constant('int64', [1], [ends]),
    g.constant('int64', [1], [BigInt(a)]),
  ];
  return g.node('Slice', inputs, [{ dtype: x.dtype, shape }])[0];
}

/** Gather along an axis; a number index drops the axis. */
export function gather(x: Tensor, indices: Tensor | number, axis = 0): Tensor {
  const a = axisOf(x, axis, 'Gather');
  const idx = typeof indices === 'number' ? x.graph.scalar('int64', indices) : indices;
  if (idx.dtype !== 'int64' && idx.dtype !== 'int32')
    x.graph.fail(`Gather: indices must be int64/int32, got ${idx.dtype}`);
  const shape = [...x.shape.slice(0, a), ...idx.shape, ...x.shape.slice(a + 1)];
  return x.graph.node('Gather', [x, idx], [{ dtype: x.dtype, shape }], { axis: attr.int(a) })[0];
}

/** GatherND with batch_dims: picks one slice per batch row, e.g. data [B,T,W] with indices [B,1] → [B,W]. */
export function gatherND(x: Tensor, indices: Tensor, batchDims: number): Tensor {
  const g = x.graph;
  if (indices.dtype !== 'int64') g.fail(`GatherND: indices must be int64, got ${indices.dtype}`);
  const last = indices.shape[indices.shape.length - 1];
  if (typeof last !== 'number') return g.fail(`GatherND: the last index dimension must be static, got ${last}`);
  for (let i = 0; i < batchDims; i++) {
    if (!sameDim(x.shape[i], indices.shape[i])) {
      g.fail(`GatherND: batch dimension ${i} differs (${formatShape(x.shape)} vs ${formatShape(indices.shape)})`);
    }
  }
  const shape = [...indices.shape.slice(0, -1), ...x.shape.slice(batchDims + last)];
  return g.node('GatherND', [x, indices], [{ dtype: x.dtype, shape }], { batch_dims: attr.int(batchDims) })[0];
}

export function split(x: Tensor, sizes: readonly number[], axis: number): Tensor[] {
  const a = axisOf(x, axis, 'Split');
  const total = sizes.reduce((s, v) => s + v, 0);
  if (x.shape[a] !== total) x.graph.fail(`Split: sizes [${sizes.join(', ')}] do not add up to dimension ${x.shape[a]}`);
  const outputs = sizes.map((size) => ({ dtype: x.dtype, shape: x.shape.map((d, i) => (i === a ? size : d)) }));
  return x.graph.node('Split', [x, int64s(x, sizes)], outputs, { axis: attr.int(a) });
}

export function unsqueeze(x: Tensor, axes: readonly number[]): Tensor {
  const rank = x.shape.length + axes.length;
  const norm = axes.map((ax) => normalizeAxis(ax, rank));
  if (norm.some((ax) => ax === null) || new Set(norm).size !== norm.length) {
    x.graph.fail(`Unsqueeze: axes [${axes.join(', ')}] do not fit shape ${formatShape(x.shape)}`);
  }
  const shape: Dim[] = [];
  let src = 0;
  for (let i = 0; i < rank; i++) shape.push(norm.includes(i) ? 1 : x.shape[src++]);
  return x.graph.node('Unsqueeze', [x, int64s(x, norm as number[])], [{ dtype: x.dtype, shape }])[0];
}

export function squeeze(x: Tensor, axes: readonly number[]): Tensor {
  const norm = axes.map((ax) => axisOf(x, ax, 'Squeeze'));
  for (const ax of norm) if (x.shape[ax] !== 1) x.graph.fail(`Squeeze: axis ${ax} of ${formatShape(x.shape)} is not 1`);
  const shape = x.shape.filter((_, i) => !norm.includes(i));
  return x.graph.node('Squeeze', [x, int64s(x, norm)], [{ dtype: x.dtype, shape }])[0];
}

/** Shape as an int64 tensor. */
export function shapeOf(x: Tensor): Tensor {
  return x.graph.node('Shape', [x], [{ dtype: 'int64', shape: [x.shape.length] }])[0];
}

/** A dimension taken at run time from another tensor. */
export interface DimOf {
  of: Tensor;
  axis: number;
}

/** Broadcast to a target built from constants and other tensors' run-time dimensions. */
export function expand(x: Tensor, target: readonly (number | DimOf)[]): Tensor {
  const g = x.graph;
  const pieces = target.map((t) =>
    typeof t === 'number'
      ? g.constant('int64', [1], [BigInt(t)])
      : gather(shapeOf(t.of), g.constant('int64', [1], [BigInt(axisOf(t.of, t.axis, 'Expand'))])),
  );
  const dims: Shape = target.map((t) => (typeof t === 'number' ? t : t.of.shape[axisOf(t.of, t.axis, 'Expand')]));
  const rank = Math.max(dims.length, x.shape.length);
  const shape: Dim[] = [];
  for (let i = 0; i < rank; i++) {
    const dx = i < rank - x.shape.length ? 1 : x.shape[i - (rank - x.shape.length)];
    const dt = i < rank - dims.length ? 1 : dims[i - (rank - dims.length)];
    if (dt === 1) shape.push(dx);
    else if (dx === 1 || sameDim(dx, dt)) shape.push(dt);
    else g.fail(`Expand: ${formatShape(x.shape)} cannot expand to ${formatShape(dims)}`);
  }
  const shapeTensor = pieces.length === 1 ? pieces[0] : concat(pieces, 0);
  return g.node('Expand', [x, shapeTensor], [{ dtype: x.dtype, shape }])[0];
}

/** Identity matrix shaped like a 2-D tensor (EyeLike). */
export function eyeLike(x: Tensor): Tensor {
  if (x.shape.length !== 2) x.graph.fail(`EyeLike: needs a 2-D input, got ${formatShape(x.shape)}`);
  return x.graph.node('EyeLike', [x], [{ dtype: x.dtype, shape: x.shape }])[0];
}
