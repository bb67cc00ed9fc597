// Score arithmetic shared by the methods: minmax, softmax, ranking. Everything in float64.

/** METHODS.md's minmax(x) = (x − min) / (max − min + eps); an empty input gives an empty output. */
export function minmax(x: ArrayLike<number>, eps = 1e-8): Float64Array {
  const out = new Float64Array(x.length);
  if (x.length === 0) return out;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < x.length; i++) {
    if (x[i] < lo) lo = x[i];
    if (x[i] > hi) hi = x[i];
  }
  const range = hi - lo + eps;
  for (let i = 0; i < x.length; i++) out[i] = (x[i] - lo) / range;
  return out;
}

/** The same minmax on a float32 map, in place (maps are image-sized; a float64 copy would double the memory). */
export function minmaxInPlace(map: Float32Array, eps = 1e-8): Float32Array {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < map.length; i++) {
    if (map[i] < lo) lo = map[i];
    if (map[i] > hi) hi = map[i];
  }
  const range = hi - lo + eps;
  for (let i = 0; i < map.length; i++) map[i] = (map[i] - lo) / range;
  return map;
}

/** softmax(x)_i = exp(x_i − max) / Σ exp(x_j − max). */
export function softmax(x: ArrayLike<number>): Float64Array {
  const out = new Float64Array(x.length);
  if (x.length === 0) return out;
  let hi = -Infinity;
  for (let i = 0; i < x.length; i++) if (x[i] > hi) hi = x[i];
  let sum = 0;
  for (let i = 0; i < x.length; i++) {
    out[i] = Math.exp(x[i] - hi);
    sum += out[i];
  }
  for (let i = 0; i < x.length; i++) out[i] /= sum;
  return out;
}

/** Indices by descending score; ties keep the lower index first, NaN sorts last, so ranking is deterministic. */
export function rankDescending(scores: ArrayLike<number>): number[] {
  const idx = Array.from({ length: scores.length }, (_, i) => i);
  const key = (i: number): number => (Number.isNaN(scores[i]) ? -Infinity : scores[i]);
  return idx.sort((a, b) => key(b) - key(a) || a - b);
}

/** The first min(k, n) indices of rankDescending. */
export function topK(scores: ArrayLike<number>, k: number): number[] {
  if (!Number.isInteger(k) || k < 1) throw new Error(`top-k needs a positive integer k, got ${k}`);
  return rankDescending(scores).slice(0, k);
}
