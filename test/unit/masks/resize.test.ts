import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resizeBilinear, resizeNearest } from '../../../src/main/masks';
import { loadFixture, maskFromText, maskToText } from './helpers';

interface ResizeCase {
  srcHeight: number;
  srcWidth: number;
  dstHeight: number;
  dstWidth: number;
  src: number[];
  bilinear: number[];
  binary: number[];
  nearest: number[];
}
const fx = loadFixture<{ cases: ResizeCase[] }>('resize.json');

test('bilinear 2x2 → 4x4 with align_corners=False, by hand', () => {
  // Output column d samples source x = 0.5 * (d + 0.5) - 0.5 = -0.25 (clamped to 0), 0.25, 0.75, 1.25 (past the
  // last pixel, so pixel 1 alone). Same for rows.
  const out = resizeBilinear(Float32Array.from([0, 1, 2, 3]), 2, 2, 4, 4);
  // prettier-ignore
  assert.deepEqual(Array.from(out), [
    0, 0.25, 0.75, 1,
    0.5, 0.75, 1.25, 1.5,
    1.5, 1.75, 2.25, 2.5,
    2, 2.25, 2.75, 3,
  ]);
});

test('nearest takes floor(d * in / out), by hand', () => {
  // 3 → 5 columns: floor(d * 0.6) = 0, 0, 1, 1, 2.
  const m = maskFromText(['#.#', '.#.']);
  assert.deepEqual(maskToText(resizeNearest(m, 5, 2)), ['##..#', '..##.']);
  // 2 → 1 row keeps row 0.
  assert.deepEqual(maskToText(resizeNearest(m, 3, 1)), ['#.#']);
});

test('bilinear matches torch F.interpolate(align_corners=False) to float32 rounding', () => {
  // The fixture's torch (Debian's 1.13) computes source positions in float64 where current PyTorch, which this
  // code follows, uses float32; a float32 position is off by up to an ulp of the position, so the tolerance is a
  // few float32 ulps of the largest input value.
  for (const c of fx.cases) {
    const label = `${c.srcWidth}x${c.srcHeight} → ${c.dstWidth}x${c.dstHeight}`;
    const out = resizeBilinear(Float32Array.from(c.src), c.srcWidth, c.srcHeight, c.dstWidth, c.dstHeight);
    assert.equal(out.length, c.bilinear.length, label);
    const tolerance = 2e-6 * Math.max(...c.src.map(Math.abs));
    for (let i = 0; i < out.length; i++) {
      const want = Math.fround(c.bilinear[i]);
      assert.ok(Math.abs(out[i] - want) <= tolerance, `${label} at ${i}: ${out[i]} vs ${want}`);
    }
  }
});

test('nearest matches torch F.interpolate(mode=nearest) exactly', () => {
  for (const c of fx.cases) {
    const label = `${c.srcWidth}x${c.srcHeight} → ${c.dstWidth}x${c.dstHeight}`;
    const m = { width: c.srcWidth, height: c.srcHeight, data: Uint8Array.from(c.binary) };
    assert.deepEqual(Array.from(resizeNearest(m, c.dstWidth, c.dstHeight).data), c.nearest, label);
  }
});

test('rejects bad sizes', () => {
  assert.throws(() => resizeBilinear(new Float32Array(5), 2, 2, 4, 4), /map has 5 values, expected 2x2 = 4/);
  assert.throws(() => resizeBilinear(new Float32Array(4), 2, 2, 0, 4), /target must be positive integers/);
  assert.throws(() => resizeNearest(maskFromText(['#']), 2.5, 1), /target must be positive integers/);
  assert.throws(() => resizeNearest({ width: 0, height: 0, data: new Uint8Array(0) }, 2, 2), /empty mask/);
});
