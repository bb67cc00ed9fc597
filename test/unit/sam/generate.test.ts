// Whole runs of the generator on a fake decoder whose masks are rectangles, with every expected mask, score and
// count worked out by hand from the official generator's rules.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeRle } from '../../../src/main/masks';
import {
  type AmgParams,
  type CropBox,
  type DecoderForCrop,
  amgPreset,
  generateMasks,
} from '../../../src/main/vision/sam/amg';
import { type FakeMask, type FakeObject, type Rect, rectDecoder, rectsMask } from './rect-decoder';

const IMAGE = { width: 128, height: 96 };

/** Three masks of an object: the rectangles (stable), the same at logit 0.5 (stability 0), one pixel larger. */
function object(at: Rect, rects: Rect[], iou = 0.95): FakeObject {
  const grown = rects.map(([a, b, c, d]): Rect => [a - 1, b - 1, c + 1, d + 1]);
  return {
    at,
    masks: [
      { rects, iou },
      { rects, iou: 0.96, inside: 0.5 },
      { rects: grown, iou: 0.9 },
    ],
  };
}

// Off every object: the whole crop (IoU 0.5, dropped), nothing at all (stability 0 / 0), a stripe at exactly 0.88.
const BACKGROUND: FakeMask[] = [
  { rects: [[0, 0, 1000, 1000]], iou: 0.5 },
  { rects: [], iou: 0.99 },
  { rects: [[0, 40, 128, 42]], iou: 0.88 },
];

// Grid of 4 per side on 128 × 96: x 16, 48, 80, 112; y 12, 36, 60, 84. P holds (16, 12); Q holds (48, 60), (80, 60).
const P = object([4, 4, 30, 20], [[4, 4, 30, 20]]);
const Q = object([44, 56, 84, 80], [[44, 56, 84, 80]]);

const params = (overrides: Partial<AmgParams>): AmgParams =>
  amgPreset('sam-default', { pointsPerSide: 4, ...overrides });

function assertMask(segmentation: { size: [number, number]; counts: string }, rects: Rect[], what: string): void {
  const mask = decodeRle(segmentation);
  assert.deepEqual([mask.width, mask.height], [IMAGE.width, IMAGE.height], what);
  assert.deepEqual(mask.data, rectsMask(IMAGE.width, IMAGE.height, rects), what);
}

test('one crop: exactly P and Q, first grid point on ties, every filter counted', async () => {
  const result = await generateMasks(IMAGE, rectDecoder([P, Q], BACKGROUND), params({}));
  assert.equal(result.wholeImage, false);
  assert.equal(result.masks.length, 2);
  const [p, q] = result.masks;
  assertMask(p.segmentation, [[4, 4, 30, 20]], 'P');
  assert.equal(p.area, 26 * 16);
  assert.deepEqual(p.bbox, [4, 4, 25, 15]);
  assert.equal(p.predictedIou, Math.fround(0.95));
  assert.equal(p.stabilityScore, 1);
  assert.deepEqual(p.pointCoords, [[16, 12]]);
  assert.deepEqual(p.cropBox, [0, 0, 128, 96]);
  assertMask(q.segmentation, [[44, 56, 84, 80]], 'Q');
  assert.equal(q.area, 40 * 24);
  assert.deepEqual(q.bbox, [44, 56, 39, 23]);
  assert.deepEqual(q.pointCoords, [[48, 60]]);
  // 16 points × 3. IoU > 0.88: 3 per object point (3 points), the empty mask per background point (13).
  // Stability: the object masks 0 and 2. NMS: the grown mask (box IoU 375/459) and Q's second point go.
  assert.deepEqual(result.counts, {
    decoded: 48,
    predictedIou: 22,
    stability: 6,
    cropEdge: 6,
    nmsInCrop: 2,
    nmsAcrossCrops: 2,
    smallRegions: 2,
    keepLargest: 2,
  });
});

test('the IoU filter is strict (0.88 is not above 0.88) and off at 0', async () => {
  const onlyStripe: FakeMask[] = [BACKGROUND[2], BACKGROUND[1], BACKGROUND[1]];
  const strict = await generateMasks(IMAGE, rectDecoder([], onlyStripe), params({}));
  assert.equal(strict.counts.predictedIou, 16 * 2);
  assert.equal(strict.wholeImage, true);
  const off = await generateMasks(IMAGE, rectDecoder([], onlyStripe), params({ predIouThresh: 0 }));
  assert.equal(off.counts.predictedIou, 48);
  assert.equal(off.masks.length, 1);
  assertMask(off.masks[0].segmentation, [[0, 40, 128, 42]], 'stripe');
});

test('one-row masks have zero-area boxes, which box NMS never suppresses (as torchvision)', async () => {
  const row: FakeMask[] = [{ rects: [[0, 40, 128, 41]], iou: 0.9 }, BACKGROUND[1], BACKGROUND[1]];
  const result = await generateMasks(IMAGE, rectDecoder([], row), params({}));
  assert.equal(result.masks.length, 16);
  assert.deepEqual(result.masks[0].bbox, [0, 40, 127, 0]);
});

test('crops: P from its quarter wins over the whole image, Q cut by every quarter comes from the whole image', async () => {
  const seen: number[][] = [];
  const decoder = rectDecoder([P, Q], BACKGROUND);
  const spy: DecoderForCrop = (crop: CropBox) => {
    seen.push(crop.box);
    return decoder(crop);
  };
  const result = await generateMasks(
    IMAGE,
    spy,
    params({ cropNLayers: 1, cropNPointsDownscaleFactor: 2, cropOverlapRatio: 0 }),
  );
  assert.deepEqual(seen, [
    [0, 0, 128, 96],
    [0, 0, 64, 48],
    [0, 48, 64, 96],
    [64, 0, 128, 48],
    [64, 48, 128, 96],
  ]);
  assert.equal(result.masks.length, 2);
  const [p, q] = result.masks;
  assertMask(p.segmentation, [[4, 4, 30, 20]], 'P');
  assert.deepEqual(p.cropBox, [0, 0, 64, 48]);
  assert.deepEqual(p.pointCoords, [[16, 12]]);
  assertMask(q.segmentation, [[44, 56, 84, 80]], 'Q');
  assert.deepEqual(q.cropBox, [0, 0, 128, 96]);
  // Quarters hold 2 × 2 points. Stability passes P's and Q's masks 0 and 2 in the whole image, the top-left,
  // bottom-left and bottom-right quarters; the two quarters that cut Q drop it at their inner edge.
  assert.deepEqual(result.counts, {
    decoded: 96,
    predictedIou: 44,
    stability: 12,
    cropEdge: 8,
    nmsInCrop: 3,
    nmsAcrossCrops: 2,
    smallRegions: 2,
    keepLargest: 2,
  });
});

// R has a 2 × 2 hole and a 3 × 3 island far away, so its box differs from the plain R of its third mask and NMS
// keeps both; S is plain. After clean-up R equals plain R, and the unchanged one wins.
const R_RING: Rect[] = [
  [4, 4, 40, 20],
  [4, 22, 40, 30],
  [4, 20, 20, 22],
  [22, 20, 40, 22],
];
const R: FakeObject = {
  at: [4, 4, 40, 30],
  masks: [
    { rects: [...R_RING, [60, 50, 63, 53]], iou: 0.95 },
    { rects: R_RING, iou: 0.96, inside: 0.5 },
    { rects: [[4, 4, 40, 30]], iou: 0.9 },
  ],
};
const S = object([70, 56, 120, 90], [[70, 56, 120, 90]], 0.93);

test('without clean-up: R with its hole and island, S, plain R, by predicted IoU', async () => {
  const result = await generateMasks(IMAGE, rectDecoder([R, S], BACKGROUND), params({}));
  assert.equal(result.masks.length, 3);
  const [r, s, plain] = result.masks;
  assertMask(r.segmentation, [...R_RING, [60, 50, 63, 53]], 'R');
  assert.equal(r.area, 36 * 26 - 4 + 9);
  assert.deepEqual(r.bbox, [4, 4, 58, 48]);
  assertMask(s.segmentation, [[70, 56, 120, 90]], 'S');
  assertMask(plain.segmentation, [[4, 4, 40, 30]], 'plain R');
});

test('min region area: hole filled and island dropped, then the unchanged duplicate wins the second NMS', async () => {
  const result = await generateMasks(IMAGE, rectDecoder([R, S], BACKGROUND), params({ minMaskRegionArea: 20 }));
  assert.equal(result.masks.length, 2);
  const [s, plain] = result.masks;
  assertMask(s.segmentation, [[70, 56, 120, 90]], 'S');
  assert.deepEqual(s.pointCoords, [[80, 60]]);
  assertMask(plain.segmentation, [[4, 4, 40, 30]], 'plain R');
  assert.equal(plain.predictedIou, Math.fround(0.9));
  assert.deepEqual(plain.bbox, [4, 4, 35, 25]);
  assert.equal(result.counts.smallRegions, 2);
  // At 5 px the hole (4 px) is filled but the island (9 px) stays: R changes yet is no duplicate, and goes last.
  const holeOnly = await generateMasks(IMAGE, rectDecoder([R, S], BACKGROUND), params({ minMaskRegionArea: 5 }));
  assert.deepEqual(
    holeOnly.masks.map((m) => m.area),
    [50 * 34, 36 * 26, 36 * 26 + 9],
  );
  assertMask(
    holeOnly.masks[2].segmentation,
    [
      [4, 4, 40, 30],
      [60, 50, 63, 53],
    ],
    'R without its hole',
  );
  // At 4 px nothing is smaller: nothing changes and the order stays that of predicted IoU.
  const none = await generateMasks(IMAGE, rectDecoder([R, S], BACKGROUND), params({ minMaskRegionArea: 4 }));
  assert.deepEqual(
    none.masks.map((m) => m.area),
    [36 * 26 - 4 + 9, 50 * 34, 36 * 26],
  );
});

test('mask NMS keeps two L shapes that share a box; box NMS does not', async () => {
  const L1: Rect[] = [
    [10, 10, 40, 14],
    [10, 14, 14, 40],
  ];
  const L2: Rect[] = [
    [36, 14, 40, 40],
    [14, 36, 36, 40],
  ];
  const off: FakeMask = { rects: [], iou: 0.99 };
  const objects: FakeObject[] = [
    { at: [10, 10, 40, 14], masks: [{ rects: L1, iou: 0.95 }, off, off] },
    { at: [44, 30, 60, 45], masks: [{ rects: L2, iou: 0.94 }, off, off] },
  ];
  const byBox = await generateMasks(IMAGE, rectDecoder(objects, BACKGROUND), params({}));
  assert.equal(byBox.masks.length, 1);
  assertMask(byBox.masks[0].segmentation, L1, 'L1');
  const byMask = await generateMasks(IMAGE, rectDecoder(objects, BACKGROUND), params({ nmsBy: 'mask' }));
  assert.equal(byMask.masks.length, 2);
  assertMask(byMask.masks[1].segmentation, L2, 'L2');
});

test("Ref-Diff's filter: the largest masks above the area, largest first", async () => {
  const run = (count: number, minArea: number) =>
    generateMasks(IMAGE, rectDecoder([P, Q], BACKGROUND), params({ keepLargest: { count, minArea } }));
  assert.deepEqual(
    (await run(1, 100)).masks.map((m) => m.area),
    [960],
  );
  assert.deepEqual(
    (await run(5, 100)).masks.map((m) => m.area),
    [960, 416],
  );
  assert.deepEqual(
    (await run(5, 416)).masks.map((m) => m.area),
    [960],
    'strictly more than minArea',
  );
  const none = await run(5, 960);
  assert.equal(none.wholeImage, true);
  assert.equal(none.counts.keepLargest, 0);
});

test('nothing survives: the whole image is the single proposal, unless turned off', async () => {
  const result = await generateMasks(IMAGE, rectDecoder([], BACKGROUND), params({}));
  assert.equal(result.wholeImage, true);
  assert.equal(result.masks.length, 1);
  const [m] = result.masks;
  assertMask(m.segmentation, [[0, 0, 128, 96]], 'whole image');
  assert.equal(m.area, 128 * 96);
  assert.deepEqual(m.bbox, [0, 0, 127, 95]);
  assert.deepEqual(m.pointCoords, []);
  assert.equal(m.predictedIou, 0);
  const off = await generateMasks(IMAGE, rectDecoder([], BACKGROUND), params({ wholeImageFallback: false }));
  assert.deepEqual(off.masks, []);
  assert.equal(off.wholeImage, false);
});

test('the decoder gets frame coordinates in batches, with progress, and can be cancelled', async () => {
  const batches: number[][] = [];
  const inner = rectDecoder([P, Q], BACKGROUND);
  const decoder: DecoderForCrop = async (crop) => {
    const decode = await inner(crop);
    return (coords, labels) => {
      batches.push(Array.from(coords));
      assert.deepEqual(Array.from(labels), new Array(labels.length).fill(1));
      return decode(coords, labels);
    };
  };
  const progress: string[] = [];
  await generateMasks(IMAGE, decoder, params({ pointsPerBatch: 5 }), {
    onProgress: (done, total) => progress.push(`${done}/${total}`),
  });
  assert.deepEqual(
    batches.map((b) => b.length / 2),
    [5, 5, 5, 1],
  );
  // 128 × 96 resizes by 8: the first point (16, 12) is (128, 96) in the frame.
  assert.deepEqual(batches[0].slice(0, 4), [128, 96, 384, 96]);
  assert.deepEqual(progress, ['1/4', '2/4', '3/4', '4/4']);
  const abort = new AbortController();
  abort.abort();
  await assert.rejects(generateMasks(IMAGE, decoder, params({}), { signal: abort.signal }), { name: 'AbortError' });
});

test('bad decoder output and bad parameters are refused with the reason', async () => {
  const short: DecoderForCrop = () => () => ({
    lowResLogits: new Float32Array(10),
    iouPredictions: new Float32Array(48),
  });
  await assert.rejects(
    generateMasks(IMAGE, short, params({})),
    /points 0\.\.15 of crop \[0, 0, 128, 96\]: lowResLogits has 10 values, expected \[16, 3, 256, 256\]/,
  );
  const odd: DecoderForCrop = () => () => ({ lowResLogits: new Float32Array(0), iouPredictions: new Float32Array(7) });
  await assert.rejects(generateMasks(IMAGE, odd, params({})), /iouPredictions has 7 values for 16 points/);
  const decoder = rectDecoder([], BACKGROUND);
  await assert.rejects(generateMasks(IMAGE, decoder, params({ pointsPerSide: 0 })), /pointsPerSide must be a positive/);
  await assert.rejects(
    generateMasks(IMAGE, decoder, params({ boxNmsThresh: 1.5 })),
    /boxNmsThresh must be a number in/,
  );
  await assert.rejects(generateMasks({ width: 0, height: 3 }, decoder, params({})), /image size must be positive/);
});
