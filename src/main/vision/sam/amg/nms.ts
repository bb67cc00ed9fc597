// Greedy non-maximum suppression with torchvision's nms semantics: candidates in order of decreasing score (ties
// keep their input order, as torchvision's stable sort does), each kept one suppresses every later candidate whose
// IoU with it is strictly greater than the threshold. The kept indices come back in that score order, which is
// the order the official generator's records take after each NMS.

import type { BoxXyxy } from './crops';

/** Indices sorted by decreasing score, ties in input order. */
export function byDecreasingScore(scores: ArrayLike<number>): number[] {
  const order = Array.from({ length: scores.length }, (_, i) => i);
  return order.sort((a, b) => scores[b] - scores[a] || a - b);
}

/**
 * IoU of two boxes as torchvision computes it for float boxes: areas (x1 − x0)(y1 − y0) without the +1 of pixel
 * boxes, the ratio rounded to float32. Degenerate boxes give 0 / 0 = NaN, which suppresses nothing.
 */
export function boxIou(a: BoxXyxy, b: BoxXyxy): number {
  const w = Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0]));
  const h = Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
  const inter = w * h;
  const areaA = (a[2] - a[0]) * (a[3] - a[1]);
  const areaB = (b[2] - b[0]) * (b[3] - b[1]);
  return Math.fround(inter / (areaA + areaB - inter));
}

/** Greedy NMS over any pairwise IoU. */
export function nms(scores: ArrayLike<number>, iouOf: (i: number, j: number) => number, threshold: number): number[] {
  const order = byDecreasingScore(scores);
  const suppressed = new Uint8Array(scores.length);
  const keep: number[] = [];
  for (let a = 0; a < order.length; a++) {
    const i = order[a];
    if (suppressed[i]) continue;
    keep.push(i);
    for (let b = a + 1; b < order.length; b++) {
      const j = order[b];
      if (!suppressed[j] && iouOf(i, j) > threshold) suppressed[j] = 1;
    }
  }
  return keep;
}

/** torchvision.ops.nms (and batched_nms with one category) on xyxy boxes. */
export function boxNms(boxes: BoxXyxy[], scores: ArrayLike<number>, threshold: number): number[] {
  if (boxes.length !== scores.length) throw new Error(`NMS got ${boxes.length} boxes and ${scores.length} scores`);
  return nms(scores, (i, j) => boxIou(boxes[i], boxes[j]), threshold);
}
