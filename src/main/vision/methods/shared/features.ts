// Input checks for feature matrices and vectors: a wrong length from a graph must fail loudly, naming the input.

import type { FeatureMatrix } from './types';

export function checkMatrix(what: string, m: FeatureMatrix, rows?: number, dim?: number): void {
  if (!Number.isInteger(m.rows) || !Number.isInteger(m.dim) || m.rows < 0 || m.dim <= 0) {
    throw new Error(`${what}: rows and dim must be non-negative integers (dim > 0), got ${m.rows}x${m.dim}`);
  }
  if (m.data.length !== m.rows * m.dim) {
    throw new Error(`${what}: has ${m.data.length} values, expected ${m.rows}x${m.dim} = ${m.rows * m.dim}`);
  }
  if (rows !== undefined && m.rows !== rows) throw new Error(`${what}: has ${m.rows} rows, expected ${rows}`);
  if (dim !== undefined && m.dim !== dim) throw new Error(`${what}: has dimension ${m.dim}, expected ${dim}`);
}

export function checkVector(what: string, v: Float32Array, dim: number): void {
  if (v.length !== dim) throw new Error(`${what}: has ${v.length} values, expected ${dim}`);
}

/** Row r of a matrix, as a view (no copy). */
export function row(m: FeatureMatrix, r: number): Float32Array {
  return m.data.subarray(r * m.dim, (r + 1) * m.dim);
}
