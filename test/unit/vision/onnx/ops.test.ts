import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as ort from 'onnxruntime-node';
import { Graph } from '../../../../src/main/vision/onnx/graph';
import {
  add,
  argMax,
  attention,
  cast,
  concat,
  conv,
  div,
  einsum,
  equal,
  expand,
  gather,
  gatherND,
  gelu,
  gemm,
  geluTanh,
  l2Normalize,
  layerNorm,
  less,
  matmul,
  mergeHeads,
  mul,
  pow,
  quickGelu,
  reduceMax,
  reduceMean,
  reduceSum,
  reshape,
  resize,
  slice,
  softmax,
  split,
  splitHeads,
  sqrt,
  squeeze,
  sub,
  transpose,
  unsqueeze,
  where,
} from '../../../../src/main/vision/onnx/index';
import { assertClose, f32, i64, runGraph, values } from './run-graph';

const seq = (n: number, scale = 1, offset = 0) => Array.from({ length: n }, (_, i) => (i + offset) * scale);

test('element-wise arithmetic with broadcasting and number operands', async () => {
  const g = new Graph('elementwise');
  const x = g.input('x', 'float32', ['B', 3]);
  const b = g.constant('float32', [3], [1, 2, 4]);
  g.output('sum', add(x, b));
  g.output('diff', sub(2, x));
  g.output('ratio', div(x, b));
  g.output('power', pow(x, 2));
  g.output('root', sqrt(mul(x, x)));
  const x0 = [-1, 0.5, 3, 2, -4, 8];
  const out = await runGraph(g, { x: f32(x0, [2, 3]) });
  assert.deepEqual(out.sum.dims, [2, 3]);
  assertClose(values(out.sum), [0, 2.5, 7, 3, -2, 12], 0, 'sum');
  assertClose(values(out.diff), [3, 1.5, -1, 0, 6, -6], 0, 'diff');
  assertClose(values(out.ratio), [-1, 0.25, 0.75, 2, -2, 2], 0, 'ratio');
  assertClose(values(out.power), [1, 0.25, 9, 4, 16, 64], 1e-6, 'power');
  assertClose(values(out.root), [1, 0.5, 3, 2, 4, 8], 1e-6, 'root');
});

test('activations match their formulas', async () => {
  const g = new Graph('activations');
  const x = g.input('x', 'float32', [7]);
  g.output('gelu', gelu(x));
  g.output('gelu_tanh', geluTanh(x));
  g.output('quick_gelu', quickGelu(x));
  const x0 = [-3, -1, -0.25, 0, 0.3, 1, 2.5];
  const out = await runGraph(g, { x: f32(x0, [7]) });
  // erf by Abramowitz–Stegun 7.1.26 is only good to 1.5e-7; use a series that converges for |x| ≤ 3 instead.
  const erf = (z: number) => {
    let term = z;
    let sum = z;
    for (let n = 1; n < 60; n++) {
      term *= (-z * z) / n;
      sum += term / (2 * n + 1);
    }
    return (2 / Math.sqrt(Math.PI)) * sum;
  };
  assertClose(
    values(out.gelu),
    x0.map((v) => 0.5 * v * (1 + erf(v / Math.SQRT2))),
    1e-6,
    'gelu',
  );
  assertClose(
    values(out.gelu_tanh),
    x0.map((v) => 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v ** 3)))),
    1e-6,
    'gelu tanh',
  );
  assertClose(
    values(out.quick_gelu),
    x0.map((v) => v / (1 + Math.exp(-1.702 * v))),
    1e-6,
    'quick gelu',
  );
});

test('matmul, gemm and einsum agree with a hand-written product', async () => {
  const g = new Graph('linalg');
  const a = g.input('a', 'float32', [2, 2, 3]);
  const w = g.input('w', 'float32', [3, 4]);
  g.output('mm', matmul(a, w));
  g.output('es', einsum('bij,jk->bik', a, w));
  const a2 = reshape(a, [4, 3]);
  g.output('gemm', gemm(w, a2, g.constant('float32', [4], [1, 2, 3, 4]), { transA: true, transB: true, alpha: 2 }));
  const A = seq(12, 0.5, -3);
  const W = seq(12, 0.25, -5);
  const out = await runGraph(g, { a: f32(A, [2, 2, 3]), w: f32(W, [3, 4]) });
  const mm: number[] = [];
  for (let r = 0; r < 4; r++)
    for (let c = 0; c < 4; c++) mm.push([0, 1, 2].reduce((s, k) => s + A[r * 3 + k] * W[k * 4 + c], 0));
  assertClose(values(out.mm), mm, 1e-5, 'matmul');
  assertClose(values(out.es), mm, 1e-5, 'einsum');
  // gemm: 2·Wᵀ·A2ᵀ + bias[col] → [4 (w cols), 4 (a rows)]
  const gm: number[] = [];
  for (let r = 0; r < 4; r++) for (let c = 0; c < 4; c++) gm.push(2 * mm[c * 4 + r] + [1, 2, 3, 4][c]);
  assertClose(values(out.gemm), gm, 1e-5, 'gemm');
});

test('shape ops: reshape, transpose, concat, slice, split, gather, squeeze, expand', async () => {
  const g = new Graph('shapes');
  const x = g.input('x', 'float32', ['B', 2, 3]);
  const t = transpose(x, [0, 2, 1]);
  assert.deepEqual(t.shape, ['B', 3, 2]);
  g.output('t', t);
  const r = reshape(x, [0, -1]);
  assert.deepEqual(r.shape, ['B', 6]);
  g.output('r', r);
  g.output('c', concat([x, x], 1));
  g.output('s', slice(x, 2, 1));
  const [p, q] = split(x, [1, 2], 2);
  g.output('p', p);
  g.output('q', q);
  g.output('g', gather(x, 1, 2));
  const u = unsqueeze(x, [1]);
  assert.deepEqual(u.shape, ['B', 1, 2, 3]);
  g.output('sq', squeeze(u, [1]));
  const row = g.constant('float32', [1, 1, 3], [7, 8, 9]);
  const e = expand(row, [{ of: x, axis: 0 }, 2, 3]);
  assert.deepEqual(e.shape, ['B', 2, 3]);
  g.output('e', e);
  const X = seq(12);
  const out = await runGraph(g, { x: f32(X, [2, 2, 3]) });
  assert.deepEqual(values(out.t), [0, 3, 1, 4, 2, 5, 6, 9, 7, 10, 8, 11]);
  assert.deepEqual(out.r.dims, [2, 6]);
  assert.deepEqual(values(out.c), [0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 6, 7, 8, 9, 10, 11]);
  assert.deepEqual(values(out.s), [1, 2, 4, 5, 7, 8, 10, 11]);
  assert.deepEqual(values(out.p), [0, 3, 6, 9]);
  assert.deepEqual(values(out.q), [1, 2, 4, 5, 7, 8, 10, 11]);
  assert.deepEqual(values(out.g), [1, 4, 7, 10]);
  assert.deepEqual(out.sq.dims, [2, 2, 3]);
  assert.deepEqual(values(out.e), [7, 8, 9, 7, 8, 9, 7, 8, 9, 7, 8, 9]);
});

test('reductions, argmax, softmax, comparisons, where, cast, gatherND', async () => {
  const g = new Graph('reduce');
  const x = g.input('x', 'float32', [2, 3]);
  g.output('mean', reduceMean(x, [1]));
  g.output('sum', reduceSum(x, [0], false));
  g.output('max', reduceMax(x, [-1], false));
  g.output('argmax', argMax(x, 1, false));
  g.output('softmax', softmax(x));
  g.output('eq', cast(equal(x, 2), 'float32'));
  g.output('lt', where(less(x, 0), 0, x));
  const idx = g.input('idx', 'int64', [2, 1]);
  g.output('picked', gatherND(unsqueeze(x, [2]), idx, 1));
  const X = [1, 2, -3, 4, 4, 0.5];
  const out = await runGraph(g, { x: f32(X, [2, 3]), idx: i64([2, 0], [2, 1]) });
  assertClose(values(out.mean), [0, 8.5 / 3], 1e-6, 'mean');
  assert.deepEqual(out.mean.dims, [2, 1]);
  assertClose(values(out.sum), [5, 6, -2.5], 1e-6, 'sum');
  assert.deepEqual(values(out.max), [2, 4]);
  assert.deepEqual(values(out.argmax), [1, 0], 'first maximum wins, as torch.argmax');
  const sm = (row: number[]) => row.map((v) => Math.exp(v) / row.reduce((s, u) => s + Math.exp(u), 0));
  assertClose(values(out.softmax), [...sm([1, 2, -3]), ...sm([4, 4, 0.5])], 1e-6, 'softmax');
  assert.deepEqual(values(out.eq), [0, 1, 0, 0, 0, 0]);
  assert.deepEqual(values(out.lt), [1, 2, 0, 4, 4, 0.5]);
  assert.deepEqual(values(out.picked), [-3, 4]);
});

test('layer norm and l2 normalise', async () => {
  const g = new Graph('norms');
  const x = g.input('x', 'float32', [2, 4]);
  const scale = g.constant('float32', [4], [1, 2, 0.5, -1]);
  const bias = g.constant('float32', [4], [0, 1, 0, 0.25]);
  g.output('ln', layerNorm(x, scale, bias, 1e-5));
  g.output('l2', l2Normalize(x));
  const X = [1, 2, 3, 4, -2, 0, 0, 6];
  const out = await runGraph(g, { x: f32(X, [2, 4]) });
  const expected: number[] = [];
  const l2: number[] = [];
  for (const row of [X.slice(0, 4), X.slice(4)]) {
    const mean = row.reduce((s, v) => s + v, 0) / 4;
    const variance = row.reduce((s, v) => s + (v - mean) ** 2, 0) / 4;
    row.forEach((v, i) =>
      expected.push(((v - mean) / Math.sqrt(variance + 1e-5)) * [1, 2, 0.5, -1][i] + [0, 1, 0, 0.25][i]),
    );
    const norm = Math.hypot(...row);
    row.forEach((v) => l2.push(v / norm));
  }
  assertClose(values(out.ln), expected, 1e-5, 'layer norm');
  assertClose(values(out.l2), l2, 1e-6, 'l2');
});

test('conv2d with stride and padding against a direct sum', async () => {
  const g = new Graph('conv');
  const x = g.input('x', 'float32', [1, 2, 5, 5]);
  const w = g.input('w', 'float32', [3, 2, 3, 3]);
  const b = g.constant('float32', [3], [0.5, -1, 2]);
  const y = conv(x, w, b, { strides: [2, 2], pads: [1, 1, 1, 1] });
  assert.deepEqual(y.shape, [1, 3, 3, 3]);
  g.output('y', y);
  const X = seq(50, 0.1, -20);
  const W = seq(54, 0.05, -27);
  const out = await runGraph(g, { x: f32(X, [1, 2, 5, 5]), w: f32(W, [3, 2, 3, 3]) });
  const expected: number[] = [];
  for (let m = 0; m < 3; m++)
    for (let oy = 0; oy < 3; oy++)
      for (let ox = 0; ox < 3; ox++) {
        let s = [0.5, -1, 2][m];
        for (let c = 0; c < 2; c++)
          for (let ky = 0; ky < 3; ky++)
            for (let kx = 0; kx < 3; kx++) {
              const iy = oy * 2 - 1 + ky;
              const ix = ox * 2 - 1 + kx;
              if (iy < 0 || iy >= 5 || ix < 0 || ix >= 5) continue;
              s += X[c * 25 + iy * 5 + ix] * W[((m * 2 + c) * 3 + ky) * 3 + kx];
            }
        expected.push(s);
      }
  assertClose(values(out.y), expected, 1e-5, 'conv');
});

test('resize: bicubic with half-pixel centres (Keys a = -0.75, edges replicated)', async () => {
  const g = new Graph('resize');
  const x = g.input('x', 'float32', [1, 1, 1, 4]);
  g.output('y', resize(x, { sizes: [1, 1, 1, 6], mode: 'cubic' }));
  const X = [1, 5, 2, 8];
  const out = await runGraph(g, { x: f32(X, [1, 1, 1, 4]) });
  const A = -0.75;
  const w = (t: number) => {
    const a = Math.abs(t);
    if (a <= 1) return (A + 2) * a ** 3 - (A + 3) * a ** 2 + 1;
    if (a < 2) return A * a ** 3 - 5 * A * a ** 2 + 8 * A * a - 4 * A;
    return 0;
  };
  const expected = seq(6).map((o) => {
    const src = (o + 0.5) * (4 / 6) - 0.5;
    const i0 = Math.floor(src);
    const t = src - i0;
    let s = 0;
    for (let k = -1; k <= 2; k++) s += X[Math.min(Math.max(i0 + k, 0), 3)] * w(k - t);
    return s;
  });
  assertClose(values(out.y), expected, 1e-5, 'cubic');
});

test('shape errors are caught while building and name the layer and both shapes', () => {
  const g = new Graph('errors');
  const x = g.input('x', 'float32', ['B', 197, 768]);
  const w = g.constant('float32', [512, 768], new Float32Array(512 * 768));
  assert.throws(
    () => g.scope('vision', () => g.scope('layers', () => g.scope('3', () => g.scope('attn', () => matmul(x, w))))),
    { message: 'vision.layers.3.attn: MatMul: inner dimensions differ: [B, 197, 768] × [512, 768]' },
  );
  const y = g.input('y', 'float32', ['K', 197, 768]);
  assert.throws(
    () => g.scope('head', () => add(x, y)),
    /^Error: head: Add: shapes \[B, 197, 768\] and \[K, 197, 768\] do not broadcast$/,
  );
  assert.throws(() => reshape(x, [0, 5, -1]), /Reshape \[B, 197, 768\] → \[0, 5, -1\]: cannot infer -1/);
  assert.throws(() => concat([x, w], 1), /Concat on axis 1/);
  assert.throws(() => add(x, g.input('i', 'int64', [1])), /Add: dtypes differ \(float32 vs int64\)/);
  assert.throws(() => g.input('x', 'float32', [1]), /the name 'x' is already used/);
  const other = new Graph('other');
  assert.throws(() => add(x, other.input('z', 'float32', [1])), /belongs to graph 'other'/);
});

test('a graph with a symbolic batch dimension runs at batch sizes 1 and 3', async () => {
  const g = new Graph('batch');
  const x = g.input('x', 'float32', ['B', 4]);
  g.output('y', softmax(mul(x, 2)));
  for (const batch of [1, 3]) {
    const out = await runGraph(g, { x: new ort.Tensor('float32', new Float32Array(batch * 4).fill(1), [batch, 4]) });
    assert.deepEqual(out.y.dims, [batch, 4]);
    assertClose(values(out.y), new Array(batch * 4).fill(0.25), 1e-7, 'uniform softmax');
  }
});

test('multi-head attention with an additive bias against a direct computation', async () => {
  const g = new Graph('attention');
  const x = g.input('x', 'float32', ['B', 3, 4]);
  const q = splitHeads(x, 2);
  assert.deepEqual(q.shape, ['B', 2, 3, 2]);
  const bias = g.constant('float32', [3, 3], [0, -1e30, -1e30, 0, 0, -1e30, 0, 0, 0]);
  const y = mergeHeads(attention(q, q, splitHeads(mul(x, 2), 2), { scale: 0.5, bias }));
  assert.deepEqual(y.shape, ['B', 3, 4]);
  g.output('y', y);
  const X = seq(12, 0.3, -5);
  const out = await runGraph(g, { x: f32(X, [1, 3, 4]) });
  const expected: number[] = [];
  for (let t = 0; t < 3; t++) {
    for (let h = 0; h < 2; h++) {
      const at = (s: number, d: number) => X[s * 4 + h * 2 + d];
      const scores = [0, 1, 2].map((s) => (s <= t ? 0.5 * (at(t, 0) * at(s, 0) + at(t, 1) * at(s, 1)) : -Infinity));
      const max = Math.max(...scores);
      const e = scores.map((v) => Math.exp(v - max));
      const sum = e.reduce((a, b) => a + b, 0);
      for (let d = 0; d < 2; d++) expected.push([0, 1, 2].reduce((acc, s) => acc + (e[s] / sum) * 2 * at(s, d), 0));
    }
  }
  assertClose(values(out.y), expected, 1e-5, 'attention');
});
