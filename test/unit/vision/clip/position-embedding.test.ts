import { test } from 'node:test';
import assert from 'node:assert/strict';
import { interpolatePositionEmbedding } from '../../../../src/main/vision/clip/position-embedding';

/** [1 + g·g, dim] table with class row c and patch rows f(y, x) per channel. */
function table(g: number, dim: number, f: (y: number, x: number, c: number) => number): Float32Array {
  const t = new Float32Array((1 + g * g) * dim);
  for (let c = 0; c < dim; c++) t[c] = 100 + c;
  for (let y = 0; y < g; y++)
    for (let x = 0; x < g; x++) for (let c = 0; c < dim; c++) t[(1 + y * g + x) * dim + c] = f(y, x, c);
  return t;
}

test('the same grid size is an exact copy (bicubic at scale 1 has weights 0, 1, 0, 0)', () => {
  const t = table(3, 2, (y, x, c) => Math.sin(y * 3 + x + c));
  assert.deepEqual(Array.from(interpolatePositionEmbedding(t, 2, 3, 3)), Array.from(t));
});

test('every output is the Keys-kernel (a = -0.75) sum over the 4×4 clamped neighbours of its half-pixel source', () => {
  const g = 5;
  const f = (y: number, x: number, c: number) => Math.cos(1.3 * y + 0.7 * x * x + c);
  const out = interpolatePositionEmbedding(table(g, 2, f), 2, 8, 3);
  assert.deepEqual(Array.from(out.subarray(0, 2)), [100, 101]);
  const keys = (d: number) => {
    const a = -0.75;
    const t = Math.abs(d);
    if (t <= 1) return (a + 2) * t ** 3 - (a + 3) * t ** 2 + 1;
    if (t < 2) return a * t ** 3 - 5 * a * t ** 2 + 8 * a * t - 4 * a;
    return 0;
  };
  const clamp = (i: number) => Math.min(Math.max(i, 0), g - 1);
  for (let oy = 0; oy < 8; oy++) {
    for (let ox = 0; ox < 3; ox++) {
      const sy = (g / 8) * (oy + 0.5) - 0.5;
      const sx = (g / 3) * (ox + 0.5) - 0.5;
      for (let c = 0; c < 2; c++) {
        let expected = 0;
        for (let iy = Math.floor(sy) - 1; iy <= Math.floor(sy) + 2; iy++)
          for (let ix = Math.floor(sx) - 1; ix <= Math.floor(sx) + 2; ix++)
            expected += keys(sy - iy) * keys(sx - ix) * f(clamp(iy), clamp(ix), c);
        const got = out[(1 + oy * 3 + ox) * 2 + c];
        assert.ok(Math.abs(got - expected) < 1e-6, `(${oy}, ${ox}, ${c}): ${got} vs ${expected}`);
      }
    }
  }
});

test('a constant grid stays constant, borders included (the four weights sum to 1)', () => {
  const out = interpolatePositionEmbedding(
    table(4, 1, () => 0.75),
    1,
    7,
    3,
  );
  for (let i = 1; i < out.length; i++) assert.ok(Math.abs(out[i] - 0.75) < 1e-6);
});

test('a table that is not 1 + a square grid is refused', () => {
  assert.throws(() => interpolatePositionEmbedding(new Float32Array(11 * 2), 2, 4, 4), /not 1 \+ a square grid/);
});
