import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type Mask, connectedComponents, fillHoles, removeSmallRegions } from '../../../src/main/masks';
import { loadFixture, maskFromBits, maskFromText, maskToText, randomMask, rng, sameMask } from './helpers';

interface ComponentsCase {
  height: number;
  width: number;
  bits: string;
  labels4: number[];
  labels8: number[];
  /** [area, left, top, width, height] per label, in label order. */
  stats4: number[][];
  stats8: number[][];
  removeSmallRegions: { mode: 'holes' | 'islands'; minArea: number; changed: boolean; bits: string }[];
}
const cv = loadFixture<{ cases: ComponentsCase[] }>('components.json');
const filled = loadFixture<{ height: number; width: number; bits: string; filled: string }[]>('fill_holes.json');

/** Flood fill from each unlabelled pixel in raster order: labels in raster order of first pixel. */
function naiveLabels(m: Mask, conn: 4 | 8): Int32Array {
  const { width: w, height: h, data } = m;
  const labels = new Int32Array(w * h);
  const steps =
    conn === 4
      ? [
          [1, 0],
          [-1, 0],
          [0, 1],
          [0, -1],
        ]
      : [
          [1, 0],
          [-1, 0],
          [0, 1],
          [0, -1],
          [1, 1],
          [1, -1],
          [-1, 1],
          [-1, -1],
        ];
  let next = 0;
  for (let i = 0; i < w * h; i++) {
    if (!data[i] || labels[i]) continue;
    labels[i] = ++next;
    const stack = [i];
    while (stack.length) {
      const p = stack.pop() as number;
      const x = p % w;
      const y = (p - x) / w;
      for (const [dx, dy] of steps) {
        const nx = x + dx;
        const ny = y + dy;
        if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
        const q = ny * w + nx;
        if (data[q] && !labels[q]) {
          labels[q] = next;
          stack.push(q);
        }
      }
    }
  }
  return labels;
}

test('4- and 8-connectivity differ on diagonal neighbours, by hand', () => {
  const m = maskFromText(['#..#', '.#.#', '....', '##..']);
  const four = connectedComponents(m, 4);
  const eight = connectedComponents(m, 8);
  assert.deepEqual(Array.from(four.labels), [1, 0, 0, 2, 0, 3, 0, 2, 0, 0, 0, 0, 4, 4, 0, 0]);
  assert.deepEqual(Array.from(eight.labels), [1, 0, 0, 2, 0, 1, 0, 2, 0, 0, 0, 0, 3, 3, 0, 0]);
  assert.deepEqual(eight.components, [
    { label: 1, area: 2, bbox: [0, 0, 2, 2] },
    { label: 2, area: 2, bbox: [3, 0, 1, 2] },
    { label: 3, area: 2, bbox: [0, 3, 2, 1] },
  ]);
});

test('a U shape joins into one component once its arms meet at the bottom', () => {
  const m = maskFromText(['#.#.#', '#.#.#', '#####']);
  const { labels, components } = connectedComponents(m, 4);
  assert.equal(components.length, 1);
  assert.deepEqual(components[0], { label: 1, area: 11, bbox: [0, 0, 5, 3] });
  assert.ok(Array.from(labels).every((v, i) => v === (m.data[i] ? 1 : 0)));
});

test('labels, areas and boxes match OpenCV connectedComponentsWithStats', () => {
  for (const [n, c] of cv.cases.entries()) {
    const m = maskFromBits(c.height, c.width, c.bits);
    for (const conn of [4, 8] as const) {
      const { labels, components } = connectedComponents(m, conn);
      assert.deepEqual(Array.from(labels), conn === 4 ? c.labels4 : c.labels8, `case ${n}, ${conn}-connected`);
      const stats = conn === 4 ? c.stats4 : c.stats8;
      assert.deepEqual(
        components.map((k) => [k.area, ...k.bbox]),
        stats,
        `case ${n}, ${conn}-connected`,
      );
    }
  }
});

test('labels agree with a naive flood fill on random masks', () => {
  const rand = rng(8);
  for (let i = 0; i < 60; i++) {
    const m = randomMask(rand, 1 + Math.floor(rand() * 40), 1 + Math.floor(rand() * 40), rand() * 0.4);
    for (const conn of [4, 8] as const) {
      assert.deepEqual(connectedComponents(m, conn).labels, naiveLabels(m, conn));
    }
  }
});

test('removeSmallRegions matches segment-anything on OpenCV', () => {
  for (const [n, c] of cv.cases.entries()) {
    const m = maskFromBits(c.height, c.width, c.bits);
    for (const r of c.removeSmallRegions) {
      const label = `case ${n} ${r.mode} < ${r.minArea}`;
      const out = removeSmallRegions(m, r.minArea, r.mode);
      assert.equal(out.changed, r.changed, label);
      assert.ok(sameMask(out.mask, maskFromBits(c.height, c.width, r.bits)), label);
    }
  }
});

test('removeSmallRegions semantics, by hand', () => {
  const m = maskFromText(['#....', '..###', '..#.#', '..###']);
  // 'holes' fills background regions smaller than minArea: the enclosed pixel (3,2). The other background region
  // (10 pixels) stays.
  assert.deepEqual(maskToText(removeSmallRegions(m, 2, 'holes').mask), ['#....', '..###', '..###', '..###']);
  // 'islands' drops the lone pixel at (0,0) and keeps the 8-pixel ring.
  assert.deepEqual(maskToText(removeSmallRegions(m, 2, 'islands').mask), ['.....', '..###', '..#.#', '..###']);
  // When every island is small, the largest survives.
  assert.deepEqual(maskToText(removeSmallRegions(m, 100, 'islands').mask), ['.....', '..###', '..#.#', '..###']);
  // Background regions touching the border are filled too when small (segment-anything does not exclude them).
  const notch = maskFromText(['##.##', '#####']);
  assert.deepEqual(maskToText(removeSmallRegions(notch, 2, 'holes').mask), ['#####', '#####']);
  const untouched = removeSmallRegions(m, 1, 'islands');
  assert.equal(untouched.changed, false);
  assert.equal(untouched.mask, m);
});

test('fillHoles matches scipy binary_fill_holes', () => {
  for (const [n, c] of filled.entries()) {
    const m = maskFromBits(c.height, c.width, c.bits);
    assert.ok(sameMask(fillHoles(m), maskFromBits(c.height, c.width, c.filled)), `case ${n}`);
  }
});

test('fillHoles takes background as 4-connected, by hand', () => {
  // The right ring's inner pixel (5,1) meets the outside background (4,2) only at a corner, so it is a hole too.
  const m = maskFromText(['###.###.', '#.#.#.#.', '###..##.', '........']);
  assert.deepEqual(maskToText(fillHoles(m)), ['###.###.', '###.###.', '###..##.', '........']);
  const open = maskFromText(['###', '#..', '###']);
  assert.deepEqual(maskToText(fillHoles(open)), ['###', '#..', '###']);
});
