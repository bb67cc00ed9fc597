import { test } from 'node:test';
import assert from 'node:assert/strict';
import { polygonsToRle, polygonsToRuns, rasterizePolygons, runsToRle } from '../../../src/main/masks';
import { loadFixture, maskFromBits, maskToText, sameMask } from './helpers';

interface PolygonCase {
  name: string;
  height: number;
  width: number;
  polygons: number[][];
  single: string[];
  counts: string;
  bits: string;
}
const cases = loadFixture<PolygonCase[]>('polygons.json');

test('a rectangle on pixel borders covers exactly the pixels inside it', () => {
  // Pixel (x, y) covers [x, x+1) x [y, y+1); the rectangle from (2,1) to (5,3) covers columns 2..4, rows 1..2.
  const m = rasterizePolygons([[2, 1, 5, 1, 5, 3, 2, 3]], 5, 7);
  assert.deepEqual(maskToText(m), ['.......', '..###..', '..###..', '.......', '.......']);
});

test('a rectangle through pixel centres, worked through rleFrPoly by hand', () => {
  // Scaled by 5 and rounded, the corners are (8, 8) and (23, 18). Column x is sampled between 5x+2 and 5x+3, and
  // only 12, 17 and 22 lie on the top edge's 8..22, so columns 2..4. The top edge toggles at row
  // ceil((8 + 0.5) / 5 - 0.5) = ceil(1.2) = 2, the bottom edge at ceil(3.2) = 4: rows 2..3.
  const m = rasterizePolygons([[1.5, 1.5, 4.5, 1.5, 4.5, 3.5, 1.5, 3.5]], 5, 7);
  assert.deepEqual(maskToText(m), ['.......', '.......', '..###..', '..###..', '.......']);
});

test('overlapping polygons of one object are united, not toggled', () => {
  const m = rasterizePolygons(
    [
      [0, 0, 3, 0, 3, 2, 0, 2],
      [2, 1, 5, 1, 5, 3, 2, 3],
    ],
    4,
    6,
  );
  assert.deepEqual(maskToText(m), ['###...', '#####.', '..###.', '......']);
});

test('matches pycocotools frPyObjects for each polygon and merge for the object', () => {
  assert.ok(cases.length > 40);
  for (const c of cases) {
    c.polygons.forEach((p, i) => {
      assert.equal(runsToRle(polygonsToRuns([p], c.height, c.width)).counts, c.single[i], `${c.name} polygon ${i}`);
    });
    assert.deepEqual(
      polygonsToRle(c.polygons, c.height, c.width),
      { size: [c.height, c.width], counts: c.counts },
      c.name,
    );
    assert.ok(
      sameMask(rasterizePolygons(c.polygons, c.height, c.width), maskFromBits(c.height, c.width, c.bits)),
      c.name,
    );
  }
});

test('many polygons in one object give the union', () => {
  // 400 unit squares on a grid: the union is a checkerboard-like pattern known in advance.
  const polys: number[][] = [];
  for (let y = 0; y < 20; y++) for (let x = y % 2; x < 40; x += 2) polys.push([x, y, x + 1, y, x + 1, y + 1, x, y + 1]);
  const m = rasterizePolygons(polys, 20, 40);
  for (let y = 0; y < 20; y++) for (let x = 0; x < 40; x++) assert.equal(m.data[y * 40 + x], (x + y) % 2 === 0 ? 1 : 0);
});

test('no polygons give an empty mask', () => {
  assert.deepEqual(polygonsToRle([], 3, 4), { size: [3, 4], counts: '<' });
});

test('rejects polygons that cannot be rasterised, naming the polygon', () => {
  assert.throws(() => rasterizePolygons([[0, 0, 5, 5]], 10, 10), /polygon 0 has 2 points; at least 3 are needed/);
  assert.throws(
    () =>
      rasterizePolygons(
        [
          [0, 0, 5, 0, 5, 5],
          [1, 1, 2, 2],
        ],
        10,
        10,
      ),
    /polygon 1 has 2 points; at least 3 are needed/,
  );
  assert.throws(
    () => rasterizePolygons([[0, 0, 5, 0, 5, 5, 1]], 10, 10),
    /polygon 0 has an odd number of coordinates \(7\)/,
  );
  assert.throws(() => rasterizePolygons([[0, 0, 5, NaN, 5, 5]], 10, 10), /non-numeric coordinate at position 3/);
  assert.throws(() => rasterizePolygons([[0, 0, 5e7, 0, 5, 5]], 10, 10), /coordinate 50000000 at position 2, beyond/);
  assert.throws(() => rasterizePolygons([[0, 0, 5, 0, 5, 5]], -1, 10), /image size/);
});
