// Matrix products: MatMul with batch broadcasting, Gemm, and Einsum with explicit output subscripts.
import { attr, type Tensor } from './graph';
import { broadcastShapes, formatShape, sameDim, type Dim } from './shape';

export function matmul(a: Tensor, b: Tensor): Tensor {
  const g = a.graph;
  if (a.dtype !== b.dtype) return g.fail(`MatMul: dtypes differ (${a.dtype} vs ${b.dtype})`);
  if (a.shape.length < 2 || b.shape.length < 2) {
    return g.fail(`MatMul: both operands need rank ≥ 2, got ${formatShape(a.shape)} × ${formatShape(b.shape)}`);
  }
  const [m, k1] = a.shape.slice(-2);
  const [k2, n] = b.shape.slice(-2);
  if (!sameDim(k1, k2)) {
    return g.fail(`MatMul: inner dimensions differ: ${formatShape(a.shape)} × ${formatShape(b.shape)}`);
  }
  const batch = broadcastShapes(a.shape.slice(0, -2), b.shape.slice(0, -2));
  if (!batch) {
    return g.fail(`MatMul: batch dimensions do not broadcast: ${formatShape(a.shape)} × ${formatShape(b.shape)}`);
  }
  return g.node('MatMul', [a, b], [{ dtype: a.dtype, shape: [...batch, m, n] }])[0];
}

export interface GemmOptions {
  transA?: boolean;
  transB?: boolean;
  alpha?: number;
  beta?: number;
}

/** alpha·A'·B' + beta·C on 2-D operands (C broadcast to the result). */
export function gemm(a: Tensor, b: Tensor, c: Tensor | null, options: GemmOptions = {}): Tensor {
  const g = a.graph;
  if (a.shape.length !== 2 || b.shape.length !== 2) {
    return g.fail(`Gemm: operands must be 2-D, got ${formatShape(a.shape)} and ${formatShape(b.shape)}`);
  }
  const [m, k1] = options.transA ? [a.shape[1], a.shape[0]] : a.shape;
  const [k2, n] = options.transB ? [b.shape[1], b.shape[0]] : b.shape;
  if (!sameDim(k1, k2)) {
    return g.fail(
      `Gemm: inner dimensions differ: ${formatShape(a.shape)}${options.transA ? 'ᵀ' : ''} × ${formatShape(b.shape)}${options.transB ? 'ᵀ' : ''}`,
    );
  }
  if (c && !broadcastShapes([m, n], c.shape)) {
    return g.fail(`Gemm: bias ${formatShape(c.shape)} does not broadcast to [${m}, ${n}]`);
  }
  return g.node('Gemm', c ? [a, b, c] : [a, b], [{ dtype: a.dtype, shape: [m, n] }], {
    transA: attr.int(options.transA ? 1 : 0),
    transB: attr.int(options.transB ? 1 : 0),
    alpha: attr.float(options.alpha ?? 1),
    beta: attr.float(options.beta ?? 1),
  })[0];
}

/** Einsum with an explicit output, e.g. 'bhqd,bhkd->bhqk'; every letter must have one size across operands. */
export function einsum(equation: string, ...xs: Tensor[]): Tensor {
  const g = xs[0].graph;
  const match = /^([a-z,]+)->([a-z]*)$/.exec(equation.replace(/\s+/g, ''));
  if (!match) return g.fail(`Einsum '${equation}': write lowercase subscripts with an explicit '->' output`);
  const terms = match[1].split(',');
  if (terms.length !== xs.length)
    return g.fail(`Einsum '${equation}': ${terms.length} subscripts for ${xs.length} operands`);
  const sizes = new Map<string, Dim>();
  terms.forEach((term, i) => {
    const x = xs[i];
    if (x.dtype !== xs[0].dtype) g.fail(`Einsum '${equation}': dtypes differ (${xs[0].dtype} vs ${x.dtype})`);
    if (term.length !== x.shape.length) {
      g.fail(`Einsum '${equation}': subscript '${term}' does not fit operand ${i} of shape ${formatShape(x.shape)}`);
    }
    [...term].forEach((letter, j) => {
      const known = sizes.get(letter);
      if (known === undefined) sizes.set(letter, x.shape[j]);
      else if (!sameDim(known, x.shape[j])) {
        g.fail(`Einsum '${equation}': '${letter}' is ${known} in one operand and ${x.shape[j]} in operand ${i}`);
      }
    });
  });
  const shape = [...match[2]].map((letter) => {
    const size = sizes.get(letter);
    return size === undefined ? g.fail(`Einsum '${equation}': output letter '${letter}' is not in any input`) : size;
  });
  return g.node('Einsum', xs, [{ dtype: xs[0].dtype, shape }], { equation: attr.string(equation) })[0];
}
