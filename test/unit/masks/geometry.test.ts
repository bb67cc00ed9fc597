import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  area,
  bbox,
  decodeRle,
  encodeRle,
  iou,
  iouMatrix,
  mergeMasks,
  mergeRles,
  mergeRuns,
  maskToRuns,
  decompressRle,
} from '../../../src/main/masks';
import { loadFixture, maskFromBits, maskFromText, maskToText, randomMask, rng, sameMask } from './helpers';

interface GeometryFixture {
  height: number;
  width: number;
  masks: string[];
  iscrowd: boolean[];
  iou: number[][];
  iouCrowd: number[][];
  merges: { inputs: number[]; intersect: boolean; counts: string }[];
}
const fx = loadFixture<GeometryFixture>('geometry.json');
const fxMasks = fx.masks.map((b) => maskFromBits(fx.height, fx.width, b));

const A = maskFromText(['##..', '##..', '....']);
const B = maskFromText(['.##.', '.##.', '.##.']);

test('area, bbox and IoU of two small masks, by hand', () => {
  assert.equal(area(A), 4);
  assert.equal(area(B), 6);
  assert.deepEqual(bbox(A), [0, 0, 2, 2]);
  assert.deepEqual(bbox(B), [1, 0, 2, 3]);
  // Intersection: column 1, rows 0..1 = 2 pixels; union 4 + 6 - 2 = 8.
  assert.equal(iou(A, B), 2 / 8);
  assert.equal(iou(encodeRle(A), encodeRle(B)), 2 / 8);
  assert.equal(iou(A, encodeRle(B)), 2 / 8);
  // Against a crowd region the denominator is the detection's area.
  assert.equal(iou(A, B, true), 2 / 4);
  assert.equal(iou(B, A, true), 2 / 6);
  assert.equal(iou(encodeRle(A), decompressRle(encodeRle(B)), true), 2 / 4);
});

test('merge unites or intersects, by hand', () => {
  assert.deepEqual(maskToText(mergeMasks([A, B])), ['###.', '###.', '.##.']);
  assert.deepEqual(maskToText(mergeMasks([A, B], true)), ['.#..', '.#..', '....']);
  assert.deepEqual(maskToText(decodeRle(mergeRles([encodeRle(A), encodeRle(B)]))), ['###.', '###.', '.##.']);
  assert.deepEqual(maskToText(decodeRle(mergeRles([encodeRle(A), encodeRle(B)], true))), ['.#..', '.#..', '....']);
});

test('IoU matches pycocotools for every pair, crowd or not', () => {
  const rles = fxMasks.map(encodeRle);
  assert.deepEqual(iouMatrix(rles, rles), fx.iou);
  assert.deepEqual(iouMatrix(fxMasks, rles, fx.iscrowd), fx.iouCrowd);
  for (let d = 0; d < fxMasks.length; d++) {
    for (let g = 0; g < fxMasks.length; g++) {
      assert.equal(iou(fxMasks[d], fxMasks[g]), fx.iou[d][g], `${d} vs ${g}`);
      assert.equal(iou(fxMasks[d], fxMasks[g], fx.iscrowd[g]), fx.iouCrowd[d][g], `${d} vs ${g} crowd`);
    }
  }
});

test('merge matches pycocotools, union and intersection', () => {
  for (const m of fx.merges) {
    const label = `${m.intersect ? 'intersect' : 'union'} of ${m.inputs.join(',')}`;
    const rles = m.inputs.map((i) => encodeRle(fxMasks[i]));
    assert.equal(mergeRles(rles, m.intersect).counts, m.counts, label);
    const pixels = mergeMasks(
      m.inputs.map((i) => fxMasks[i]),
      m.intersect,
    );
    assert.ok(sameMask(pixels, decodeRle({ size: [fx.height, fx.width], counts: m.counts })), label);
  }
});

test('run-based and pixel-based results agree on random masks', () => {
  const rand = rng(21);
  for (let i = 0; i < 100; i++) {
    const w = 1 + Math.floor(rand() * 30);
    const h = 1 + Math.floor(rand() * 30);
    const a = randomMask(rand, w, h, rand() * 0.1);
    const b = randomMask(rand, w, h, rand() * 0.1);
    const ra = encodeRle(a);
    const rb = encodeRle(b);
    assert.equal(iou(ra, rb), iou(a, b));
    assert.equal(iou(ra, rb, true), iou(a, b, true));
    assert.equal(area(ra), area(a));
    assert.deepEqual(bbox(ra), bbox(a));
    for (const intersect of [false, true]) {
      assert.deepEqual(mergeRles([ra, rb], intersect), encodeRle(mergeMasks([a, b], intersect)));
    }
  }
});

test('edge cases: empty masks, a single input to merge', () => {
  const empty = maskFromText(['....', '....']);
  assert.equal(iou(empty, empty), 0);
  assert.equal(iou(empty, empty, true), 0);
  assert.deepEqual(bbox(empty), [0, 0, 0, 0]);
  const one = maskToRuns(A);
  assert.deepEqual(mergeRuns([one]), one);
  assert.deepEqual(iouMatrix([], [A]), []);
});

test('rejects masks of different sizes and bad arguments', () => {
  const small = maskFromText(['#']);
  assert.throws(() => iou(A, small), /sizes differ \(4x3 vs 1x1\)/);
  assert.throws(() => iou(encodeRle(A), encodeRle(small)), /RLE sizes differ \(3x4 vs 1x1\)/);
  assert.throws(() => mergeRles([encodeRle(A), encodeRle(small)]), /merge: mask 1 is 1x1, mask 0 is 3x4/);
  assert.throws(() => mergeMasks([A, small]), /merge of mask 1: mask sizes differ/);
  assert.throws(() => mergeRles([]), /at least one mask/);
  assert.throws(() => iouMatrix([A], [A, B], [true]), /iscrowd has 1 entries for 2 ground-truth masks/);
});
