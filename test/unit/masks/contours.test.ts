import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  countDifferentPixels,
  fillHoles,
  maskToCocoPolygons,
  rasterizePolygons,
  traceContours,
} from '../../../src/main/masks';
import { maskFromText, randomMask, rng, sameMask } from './helpers';

/** Shoelace area of a flat ring. */
function ringArea(r: number[]): number {
  let s = 0;
  for (let i = 0; i < r.length; i += 2) {
    const j = (i + 2) % r.length;
    s += r[i] * r[j + 1] - r[j] * r[i + 1];
  }
  return s / 2;
}

test('a rectangle gives its four pixel corners, clockwise on screen', () => {
  const m = maskFromText(['......', '.###..', '.###..', '......']);
  assert.deepEqual(traceContours(m), [{ outer: [1, 1, 4, 1, 4, 3, 1, 3], holes: [], area: 6 }]);
});

test('a single pixel is a unit square and an L shape keeps its six corners', () => {
  assert.deepEqual(traceContours(maskFromText(['...', '.#.'])), [
    { outer: [1, 1, 2, 1, 2, 2, 1, 2], holes: [], area: 1 },
  ]);
  const l = maskFromText(['#..', '#..', '###']);
  assert.deepEqual(traceContours(l)[0].outer, [0, 0, 1, 0, 1, 2, 3, 2, 3, 3, 0, 3]);
});

test('holes are traced counter-clockwise and attached to the part around them', () => {
  const m = maskFromText(['#####....', '#...#.###', '#.#.#.#.#', '#...#.###', '#####....']);
  const parts = traceContours(m);
  assert.equal(parts.length, 3);
  // Raster order of first pixel: the big ring (0,0), the small ring (6,1), the island (2,2) inside the big ring.
  assert.deepEqual(parts[0].outer, [0, 0, 5, 0, 5, 5, 0, 5]);
  assert.deepEqual(parts[0].holes, [[1, 4, 4, 4, 4, 1, 1, 1]]);
  assert.equal(parts[0].area, 16);
  assert.deepEqual(parts[1].outer, [6, 1, 9, 1, 9, 4, 6, 4]);
  assert.deepEqual(parts[1].holes, [[7, 3, 8, 3, 8, 2, 7, 2]]);
  assert.deepEqual(parts[2], { outer: [2, 2, 3, 2, 3, 3, 2, 3], holes: [], area: 1 });
});

test('pixels touching at a corner are one part whose outline passes the corner twice', () => {
  const m = maskFromText(['#.', '.#']);
  const parts = traceContours(m);
  assert.equal(parts.length, 1);
  assert.deepEqual(parts[0].outer, [0, 0, 1, 0, 1, 1, 2, 1, 2, 2, 1, 2, 1, 1, 0, 1]);
  assert.deepEqual(maskToCocoPolygons(m).report, { lostHoles: 0, lostParts: 0, lostPixels: 0 });
  // The hole of a ring closed only through a corner is still a hole (background is 4-connected).
  const ring = maskFromText(['.#.', '#.#', '.#.']);
  const rp = traceContours(ring);
  assert.equal(rp.length, 1);
  assert.equal(rp[0].holes.length, 1);
});

test('a rectangle round-trips exactly through COCO polygons and the pycocotools rasteriser', () => {
  const m = maskFromText(['......', '.###..', '.###..', '......']);
  const { polygons, report } = maskToCocoPolygons(m);
  assert.deepEqual(polygons, [[1, 1, 4, 1, 4, 3, 1, 3]]);
  assert.deepEqual(report, { lostHoles: 0, lostParts: 0, lostPixels: 0 });
  assert.ok(sameMask(rasterizePolygons(polygons, 4, 6), m));
});

test('random masks: every part round-trips; only hole pixels are lost', () => {
  const rand = rng(17);
  for (let i = 0; i < 150; i++) {
    const w = 1 + Math.floor(rand() * 40);
    const h = 1 + Math.floor(rand() * 40);
    const m = randomMask(rand, w, h, rand() * 0.3);
    const parts = traceContours(m);
    const filled = fillHoles(m);
    for (const p of parts) {
      // The outline encloses the part's pixels plus its holes; each hole ring encloses background.
      const holeArea = p.holes.reduce((s, r) => s - ringArea(r), 0);
      assert.ok(ringArea(p.outer) > 0);
      assert.ok(p.holes.every((r) => ringArea(r) < 0));
      assert.ok(ringArea(p.outer) - holeArea >= p.area);
    }
    const { polygons, report } = maskToCocoPolygons(m);
    const back = rasterizePolygons(polygons, h, w);
    assert.ok(sameMask(back, filled), `${w}x${h} #${i}`);
    assert.equal(report.lostPixels, countDifferentPixels(m, filled));
    assert.equal(
      report.lostHoles,
      parts.reduce((s, p) => s + p.holes.length, 0),
    );
    assert.equal(report.lostParts, 0);
    assert.equal(polygons.length, parts.length);
  }
});

test('simplification trades vertices for pixels and drops parts that collapse', () => {
  const rand = rng(4);
  const m = randomMask(rand, 60, 50, 0.01);
  const exact = maskToCocoPolygons(m);
  const rough = maskToCocoPolygons(m, { tolerance: 1.5 });
  const vertices = (p: number[][]) => p.reduce((s, r) => s + r.length, 0);
  assert.ok(vertices(rough.polygons) < vertices(exact.polygons) / 2);
  assert.ok(rough.report.lostParts > 0, 'single noise pixels collapse below 3 vertices');
  assert.equal(rough.polygons.length + rough.report.lostParts, exact.polygons.length);
  assert.equal(rough.report.lostPixels, countDifferentPixels(m, rasterizePolygons(rough.polygons, 50, 60)));
  // A unit square: its two off-diagonal corners lie 0.71 px from the diagonal, so tolerance 1 leaves 2 vertices.
  const dot = maskToCocoPolygons(maskFromText(['#']), { tolerance: 1 });
  assert.deepEqual(dot, { polygons: [], report: { lostHoles: 0, lostParts: 1, lostPixels: 1 } });
  assert.throws(() => maskToCocoPolygons(m, { tolerance: -1 }), /tolerance must be >= 0/);
});

test('an empty mask has no parts and nothing to lose', () => {
  const m = maskFromText(['....', '....']);
  assert.deepEqual(traceContours(m), []);
  assert.deepEqual(maskToCocoPolygons(m), { polygons: [], report: { lostHoles: 0, lostParts: 0, lostPixels: 0 } });
});
