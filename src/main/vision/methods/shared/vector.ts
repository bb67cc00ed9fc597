// Vector arithmetic in float64 over float32 storage: features come out of the graphs as float32, and summing in
// float64 keeps a 512- or 1024-term dot product from drifting with the order of the terms.

import { checkMatrix, checkVector, row } from './features';
import type { FeatureMatrix } from './types';

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`dot: lengths differ (${a.length} vs ${b.length})`);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

export function l2(a: ArrayLike<number>): number {
  return Math.sqrt(dot(a, a));
}

/** norm(x) = x / |x|; a zero vector stays zero (PyTorch would give NaN, which no score can use). */
export function normalize(a: ArrayLike<number>): Float32Array {
  const n = l2(a);
  const out = new Float32Array(a.length);
  if (n === 0) return out;
  for (let i = 0; i < a.length; i++) out[i] = a[i] / n;
  return out;
}

/** cos(a, b); 0 when either vector is zero. */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const d = dot(a, b);
  const n = l2(a) * l2(b);
  return n === 0 ? 0 : d / n;
}

/**
 * Σ_i w_i · v_i. The vectors are mixed as given: callers normalise first where their method says so (CoPatch's
 * E_CT), and mix raw projected features where the authors' code does (GL-CLIP's and HybridGL's text ensemble).
 */
export function mix(vectors: ArrayLike<number>[], weights: number[]): Float32Array {
  if (vectors.length === 0 || vectors.length !== weights.length) {
    throw new Error(`mix: ${vectors.length} vectors for ${weights.length} weights`);
  }
  const n = vectors[0].length;
  const acc = new Float64Array(n);
  vectors.forEach((v, k) => {
    if (v.length !== n) throw new Error(`mix: vector ${k} has ${v.length} values, vector 0 has ${n}`);
    for (let i = 0; i < n; i++) acc[i] += weights[k] * v[i];
  });
  return Float32Array.from(acc);
}

/** Row-wise w_a · a + w_b · b of two matrices of one shape. */
export function mixRows(a: FeatureMatrix, b: FeatureMatrix, wa: number, wb: number): FeatureMatrix {
  checkMatrix('mixRows: first matrix', a);
  checkMatrix('mixRows: second matrix', b, a.rows, a.dim);
  const data = new Float32Array(a.data.length);
  for (let i = 0; i < data.length; i++) data[i] = wa * a.data[i] + wb * b.data[i];
  return { rows: a.rows, dim: a.dim, data };
}

/** scale · cos(row k, t) for every row: CLIP's logits with logit_scale.exp() = scale (100 for OpenAI's CLIP). */
export function cosineScores(m: FeatureMatrix, t: Float32Array, scale: number): Float64Array {
  checkMatrix('cosineScores: features', m);
  checkVector('cosineScores: text feature', t, m.dim);
  const out = new Float64Array(m.rows);
  for (let r = 0; r < m.rows; r++) out[r] = scale * cosine(row(m, r), t);
  return out;
}
