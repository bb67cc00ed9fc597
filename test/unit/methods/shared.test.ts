import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maskToRuns } from '../../../src/main/masks';
import {
  cosine,
  cosineScores,
  linspace,
  maskToGridBilinear,
  maskToGridNearest,
  minmax,
  mix,
  normalize,
  positionalRamp,
  proposalArea,
  proposalBox,
  proposalIntersection,
  rankDescending,
  resizeMap,
  softmax,
  sumInside,
  topK,
} from '../../../src/main/vision/methods/shared';
import { rng } from '../../helpers/random';
import { assertClose, maskFromText } from './helpers';

test('minmax is (x − min) / (max − min + 1e-8)', () => {
  // min 1, max 3: (1 − 1)/2, (3 − 1)/2, (2 − 1)/2, with 1e-8 added to the range.
  assertClose(minmax([1, 3, 2]), [0, 2 / (2 + 1e-8), 1 / (2 + 1e-8)], 1e-15);
  // A constant input has range 0: everything becomes 0 / 1e-8 = 0.
  assert.deepEqual(Array.from(minmax([4, 4])), [0, 0]);
  assert.equal(minmax([]).length, 0);
});

test('softmax by hand, and stable for large inputs', () => {
  // exp(0) : exp(ln 3) = 1 : 3.
  assertClose(softmax([0, Math.log(3)]), [0.25, 0.75], 1e-15);
  assertClose(softmax([1000, 1000, 1000 + Math.log(2)]), [0.25, 0.25, 0.5], 1e-12);
});

test('ranking is by descending score, ties by lower index, NaN last', () => {
  assert.deepEqual(rankDescending([1, 3, 3, NaN, 2]), [1, 2, 4, 0, 3]);
  assert.deepEqual(topK([1, 3, 3, NaN, 2], 2), [1, 2]);
  assert.deepEqual(topK([5], 3), [0]);
  assert.throws(() => topK([1], 0), /positive integer k/);
});

test('cosine, normalisation and weighted mixing', () => {
  assert.ok(Math.abs(cosine([1, 0], [1, 1]) - Math.SQRT1_2) < 1e-15);
  assert.equal(cosine([0, 0], [1, 1]), 0);
  assertClose(normalize([3, 4]), [0.6, 0.8], 1e-7);
  assert.deepEqual(Array.from(normalize([0, 0])), [0, 0]);
  // 0.25·[4, 0] + 0.75·[0, 4] = [1, 3].
  assert.deepEqual(Array.from(mix([Float32Array.of(4, 0), Float32Array.of(0, 4)], [0.25, 0.75])), [1, 3]);
  assert.throws(() => mix([Float32Array.of(1)], [0.5, 0.5]), /1 vectors for 2 weights/);
  // 100·cos: rows [1, 0] and [0, 2] against [1, 1] give 100/√2 twice; [−1, 0] gives −100/√2.
  const s = cosineScores({ rows: 3, dim: 2, data: Float32Array.of(1, 0, 0, 2, -1, 0) }, Float32Array.of(1, 1), 100);
  assertClose(s, [100 * Math.SQRT1_2, 100 * Math.SQRT1_2, -100 * Math.SQRT1_2], 1e-12);
  assert.throws(
    () => cosineScores({ rows: 2, dim: 2, data: new Float32Array(3) }, Float32Array.of(1, 1), 1),
    /has 3 values, expected 2x2 = 4/,
  );
});

test('linspace and the positional ramps, by hand', () => {
  assert.deepEqual(Array.from(linspace(1, 0, 5)), [1, 0.75, 0.5, 0.25, 0]);
  assert.deepEqual(Array.from(linspace(3, 7, 1)), [3]);
  // left on 5 columns: 1 → 0 in steps of 0.25, same on every row.
  assert.deepEqual(Array.from(positionalRamp('left', 5, 2)!), [1, 0.75, 0.5, 0.25, 0, 1, 0.75, 0.5, 0.25, 0]);
  assert.deepEqual(Array.from(positionalRamp('right', 3, 1)!), [0, 0.5, 1]);
  // middle on 5 columns: linspace(0, 1, 2) = [0, 1] then linspace(1, 0, 3) = [1, 0.5, 0]; on 4: [0, 1] + [1, 0].
  assert.deepEqual(Array.from(positionalRamp('middle', 5, 1)!), [0, 1, 1, 0.5, 0]);
  assert.deepEqual(Array.from(positionalRamp('middle', 4, 1)!), [0, 1, 1, 0]);
  // up on 3 rows: 1, 0.5, 0 down the image; down the reverse.
  assert.deepEqual(Array.from(positionalRamp('up', 2, 3)!), [1, 1, 0.5, 0.5, 0, 0]);
  assert.deepEqual(Array.from(positionalRamp('down', 1, 3)!), [0, 0.5, 1]);
  assert.equal(positionalRamp('none', 4, 4), null);
});

test('area, box, intersection and sums over a proposal, by hand, as a Mask and as runs', () => {
  const a = maskFromText(['.##', '.#.']);
  const b = maskFromText(['..#', '##.']);
  const map = Float32Array.of(1, 2, 3, 4, 5, 6);
  for (const [pa, pb] of [
    [a, b],
    [maskToRuns(a), maskToRuns(b)],
    [a, maskToRuns(b)],
  ] as const) {
    assert.equal(proposalArea(pa), 3);
    assert.deepEqual(proposalBox(pa), [1, 0, 2, 2]);
    // a covers map values 2, 3 and 5.
    assert.equal(sumInside(map, pa), 10);
    // Both hold (2, 0) and (1, 1).
    assert.equal(proposalIntersection(pa, pb), 2);
  }
  assert.throws(() => sumInside(new Float32Array(5), a), /map has 5 values, the proposal is 3x2/);
});

test('sums over runs equal sums over the decoded mask (random masks)', () => {
  const rand = rng(3);
  for (let t = 0; t < 50; t++) {
    const w = 1 + Math.floor(rand() * 9);
    const h = 1 + Math.floor(rand() * 9);
    const data = Uint8Array.from({ length: w * h }, () => (rand() < 0.4 ? 1 : 0));
    const map = Float32Array.from({ length: w * h }, () => Math.round(rand() * 100));
    let naive = 0;
    for (let i = 0; i < data.length; i++) if (data[i]) naive += map[i];
    const mask = { width: w, height: h, data };
    assert.equal(sumInside(map, mask), naive);
    assert.equal(sumInside(map, maskToRuns(mask)), naive);
  }
});

test('mask to patch grid, bilinear (soft) and nearest, by hand', () => {
  // 3 → 2 with align_corners=False: output 0 samples source 1.5·0.5 − 0.5 = 0.25 → 0.75·px0 + 0.25·px1; output 1
  // samples 1.75 → 0.25·px1 + 0.75·px2. A lone centre pixel gets weight 0.25 · 0.25 in every cell.
  const centre = maskFromText(['...', '.#.', '...']);
  assertClose(maskToGridBilinear(centre, 2, 2), [0.0625, 0.0625, 0.0625, 0.0625], 0);
  assertClose(maskToGridBilinear(maskToRuns(centre), 2, 2), [0.0625, 0.0625, 0.0625, 0.0625], 0);
  // Nearest 4 → 2 samples floor(d·2) = 0 and 2.
  const m = maskFromText(['#...', '....', '..#.', '....']);
  assert.deepEqual(Array.from(maskToGridNearest(m, 2, 2)), [1, 0, 0, 1]);
});

test('resizeMap upsamples bilinearly and keeps a map already at size', () => {
  // 2 → 4: samples at −0.25 (clamped), 0.25, 0.75, 1.25 (clamped): [0, 0.25, 0.75, 1] along a 0..1 row.
  const up = resizeMap({ width: 2, height: 1, data: Float32Array.of(0, 1) }, 4, 1);
  assert.deepEqual(Array.from(up.data), [0, 0.25, 0.75, 1]);
  const same = { width: 2, height: 1, data: Float32Array.of(0, 1) };
  assert.equal(resizeMap(same, 2, 1), same);
});
