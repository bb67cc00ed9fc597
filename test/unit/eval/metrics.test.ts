import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type Mask, encodeRle, maskToRuns, runsToUncompressedRle } from '../../../src/main/masks';
import {
  ALL_SPLITS,
  type EvalItem,
  PRECISION_THRESHOLDS,
  evaluate,
  scoreExpression,
  summarize,
} from '../../../src/main/eval';
import { rng } from '../../helpers/random';

const W = 10;
const H = 10;

/** A W×H mask with the rectangles [x, y, w, h] set. */
function rects(...list: [number, number, number, number][]): Mask {
  const data = new Uint8Array(W * H);
  for (const [x, y, w, h] of list) for (let yy = y; yy < y + h; yy++) data.fill(1, yy * W + x, yy * W + x + w);
  return { width: W, height: H, data };
}

function item(expressionId: number, gt: Mask, candidates: Mask[], extra: Partial<EvalItem> = {}): EvalItem {
  return {
    expressionId,
    method: 'm',
    split: 'val',
    hasDirection: false,
    groundTruth: encodeRle(gt),
    candidates: candidates.map(encodeRle),
    ...extra,
  };
}

// The 3-expression toy set where mIoU and oIoU differ:
//   E1: G = P = a 5×2 block:                        I = 10, U = 10, IoU 1
//   E2: G = a 5×10 block (50 px), P = half (25 px):  I = 25, U = 50, IoU .5
//   E3: G and P are disjoint 2×2 blocks:             I = 0,  U = 8,  IoU 0
// mIoU = (1 + .5 + 0) / 3 = .5; oIoU = (10 + 25 + 0) / (10 + 50 + 8) = 35/68 = .514706.
// Prec@0.5 counts IoU > .5 strictly: only E1, 1/3 (E2 sits exactly on .5); Prec@0.9 also 1/3.
const TOY = [
  item(1, rects([0, 0, 5, 2]), [rects([0, 0, 5, 2])]),
  item(2, rects([5, 0, 5, 10]), [rects([5, 0, 5, 5])]),
  item(3, rects([0, 8, 2, 2]), [rects([3, 8, 2, 2])]),
];

test('mIoU vs oIoU on a 3-expression toy set, by hand', () => {
  const scores = TOY.map((t) => scoreExpression(t));
  assert.deepEqual(
    scores.map((s) => [s.top1.intersection, s.top1.union, s.top1.iou]),
    [
      [10, 10, 1],
      [25, 50, 0.5],
      [0, 8, 0],
    ],
  );
  const s = summarize(scores.map((x) => x.top1));
  assert.equal(s.count, 3);
  assert.equal(s.mIoU, 0.5);
  assert.equal(s.oIoU, 35 / 68);
  assert.deepEqual(s.precision, [1 / 3, 1 / 3, 1 / 3, 1 / 3, 1 / 3]);
});

test('Prec@X counts IoU strictly above X: exact ratios on each boundary', () => {
  // IoU = 1/2, 3/5, 7/10, 4/5, 9/10 exactly: each is counted at the thresholds below it, never at its own.
  const overlaps = [
    { intersection: 1, union: 2 },
    { intersection: 3, union: 5 },
    { intersection: 7, union: 10 },
    { intersection: 4, union: 5 },
    { intersection: 9, union: 10 },
  ];
  assert.deepEqual(PRECISION_THRESHOLDS, [0.5, 0.6, 0.7, 0.8, 0.9]);
  // Above .5: 3/5, 7/10, 4/5, 9/10 (4); above .6: 3; above .7: 2; above .8: 1; above .9: none.
  assert.deepEqual(summarize(overlaps).precision, [4 / 5, 3 / 5, 2 / 5, 1 / 5, 0]);
  // One pixel more of intersection crosses the boundary.
  assert.deepEqual(summarize([{ intersection: 51, union: 100 }]).precision, [1, 0, 0, 0, 0]);
  assert.deepEqual(summarize([]), { count: 0, mIoU: 0, oIoU: 0, precision: [0, 0, 0, 0, 0] });
});

test('top-3 takes the best IoU of the first three candidates, with its own I and U', () => {
  const gt = rects([0, 0, 4, 4]);
  const s = scoreExpression(
    item(7, gt, [
      rects([6, 6, 2, 2]), // IoU 0
      rects([0, 0, 4, 2]), // 8/16 = .5
      rects([0, 0, 4, 3]), // 12/16 = .75
      rects([0, 0, 4, 4]), // IoU 1, but fourth
    ]),
  );
  assert.deepEqual(s.top1, { intersection: 0, union: 20, iou: 0, rank: 0 });
  assert.deepEqual(s.top3, { intersection: 12, union: 16, iou: 0.75, rank: 2 });
  // Ties keep the earlier candidate; no candidate at all is an empty prediction: I = 0, U = |G|.
  assert.equal(scoreExpression(item(8, gt, [gt, gt])).top3.rank, 0);
  assert.deepEqual(scoreExpression(item(9, gt, [])).top1, { intersection: 0, union: 16, iou: 0, rank: -1 });
  // Both masks empty: IoU 0, as the authors' Compute_IoU.
  assert.equal(scoreExpression(item(10, rects(), [rects()])).top1.iou, 0);
});

test('masks may be compressed RLE, uncompressed RLE or runs; sizes must match', () => {
  const gt = rects([1, 1, 3, 3]);
  const p = rects([2, 2, 3, 3]);
  // 2×2 shared of 9 + 9 − 4 = 14.
  for (const [g, c] of [
    [encodeRle(gt), encodeRle(p)],
    [runsToUncompressedRle(maskToRuns(gt)), maskToRuns(p)],
  ] as const) {
    const s = scoreExpression({ ...item(1, gt, []), groundTruth: g, candidates: [c] });
    assert.equal(s.top1.iou, 4 / 14);
  }
  const small = { width: 5, height: 5, data: new Uint8Array(25) };
  assert.throws(
    () => scoreExpression(item(3, gt, [small])),
    /expression 3 \(m\): candidate 0 is 5x5, the ground truth 10x10/,
  );
  assert.throws(
    () => scoreExpression({ ...item(4, gt, []), groundTruth: { size: [10, 10], counts: [5] } }),
    /expression 4 \(m\) ground truth: RLE counts sum to 5 pixels/,
  );
});

test('runs-based IoU equals a pixel count on random masks', () => {
  const rand = rng(5);
  for (let t = 0; t < 40; t++) {
    const gt = { width: W, height: H, data: Uint8Array.from({ length: W * H }, () => (rand() < 0.3 ? 1 : 0)) };
    const p = { width: W, height: H, data: Uint8Array.from({ length: W * H }, () => (rand() < 0.3 ? 1 : 0)) };
    let i = 0;
    let u = 0;
    for (let k = 0; k < W * H; k++) {
      if (gt.data[k] && p.data[k]) i++;
      if (gt.data[k] || p.data[k]) u++;
    }
    const s = scoreExpression(item(t, gt, [p]));
    assert.deepEqual([s.top1.intersection, s.top1.union], [i, u]);
  }
});

test('rows per method, split (+ all splits), direction/other and top-1/top-3', () => {
  const items = [
    item(1, rects([0, 0, 5, 2]), [rects([0, 0, 5, 2])], { hasDirection: true }),
    item(2, rects([5, 0, 5, 10]), [rects([5, 0, 5, 5])], { split: 'testA' }),
    item(3, rects([0, 8, 2, 2]), [rects([3, 8, 2, 2]), rects([0, 8, 2, 2])], { hasDirection: true }),
    item(1, rects([0, 0, 5, 2]), [], { method: 'other-method' }),
  ];
  const r = evaluate(items.map((t) => scoreExpression(t)));
  assert.deepEqual(r.methods, ['m', 'other-method']);
  assert.deepEqual(r.splits, ['val', 'testA', ALL_SPLITS]);
  const row = (method: string, split: string, subset: string, selection: string) =>
    r.rows.find((x) => x.method === method && x.split === split && x.subset === subset && x.selection === selection);
  // val holds expressions 1 (IoU 1) and 3 (top-1 IoU 0, top-3 IoU 1), both with direction words.
  assert.equal(row('m', 'val', 'all', 'top1')!.mIoU, 0.5);
  assert.equal(row('m', 'val', 'all', 'top3')!.mIoU, 1);
  assert.equal(row('m', 'val', 'direction', 'top1')!.count, 2);
  assert.equal(row('m', 'val', 'other', 'top1'), undefined);
  // All splits: IoU 1, .5, 0 → mIoU .5; oIoU 35/68 as in the toy set; direction 2 and other 1.
  assert.equal(row('m', ALL_SPLITS, 'all', 'top1')!.oIoU, 35 / 68);
  assert.equal(row('m', ALL_SPLITS, 'other', 'top1')!.mIoU, 0.5);
  // Top-3 on all splits: IoU 1, .5, 1 → mIoU 2.5/3; oIoU (10 + 25 + 4) / (10 + 50 + 4).
  assert.equal(row('m', ALL_SPLITS, 'all', 'top3')!.mIoU, 2.5 / 3);
  assert.equal(row('m', ALL_SPLITS, 'all', 'top3')!.oIoU, 39 / 64);
  // other-method made no candidate for its one val expression: IoU 0. It has pooled rows too, since the data set
  // has two splits.
  assert.equal(row('other-method', 'val', 'all', 'top1')!.mIoU, 0);
  assert.equal(row('other-method', ALL_SPLITS, 'all', 'top1')!.count, 1);
  // The pooled mIoU is the count-weighted mean of the direction and other subsets.
  for (const m of r.methods) {
    for (const split of r.splits) {
      const all = row(m, split, 'all', 'top1');
      if (!all) continue;
      const d = row(m, split, 'direction', 'top1');
      const o = row(m, split, 'other', 'top1');
      const weighted = ((d?.mIoU ?? 0) * (d?.count ?? 0) + (o?.mIoU ?? 0) * (o?.count ?? 0)) / all.count;
      assert.ok(Math.abs(weighted - all.mIoU) < 1e-12, `${m} ${split}`);
    }
  }
});

test('a single split has no pooled rows; duplicates and a split named "all" are refused', () => {
  const r = evaluate(TOY.map((t) => scoreExpression(t)));
  assert.deepEqual(r.splits, ['val']);
  assert.deepEqual(
    r.rows.map((x) => `${x.subset}/${x.selection}`),
    ['all/top1', 'all/top3', 'other/top1', 'other/top3'],
  );
  const s = scoreExpression(TOY[0]);
  assert.throws(() => evaluate([s, s]), /expression 1 is scored twice for m/);
  assert.throws(() => evaluate([{ ...s, split: 'all' }]), /"all" is reserved/);
});
