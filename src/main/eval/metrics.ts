// The summary metrics of METHODS.md §7 over a set of per-expression overlaps.

import type { Overlap } from '../masks';
import { iouOf } from './expression-score';

/** Prec@X thresholds: the share of expressions with IoU strictly above X. */
export const PRECISION_THRESHOLDS: readonly number[] = [0.5, 0.6, 0.7, 0.8, 0.9];

export interface MetricSummary {
  count: number;
  /** Mean of per-expression IoU. */
  mIoU: number;
  /** Σ|P ∩ G| / Σ|P ∪ G|. */
  oIoU: number;
  /** Prec@X per threshold, in the order of the thresholds. */
  precision: number[];
}

/** mIoU, oIoU and Prec@X as fractions in 0..1; all 0 for an empty set. */
export function summarize(overlaps: Overlap[], thresholds: readonly number[] = PRECISION_THRESHOLDS): MetricSummary {
  let sumIou = 0;
  let sumI = 0;
  let sumU = 0;
  const above = thresholds.map(() => 0);
  for (const o of overlaps) {
    const iou = iouOf(o);
    sumIou += iou;
    sumI += o.intersection;
    sumU += o.union;
    // I/U is correctly rounded, as is the literal X, so IoU = X exactly (e.g. 1/2 at 0.5) is never counted.
    thresholds.forEach((x, t) => {
      if (iou > x) above[t]++;
    });
  }
  const n = overlaps.length;
  return {
    count: n,
    mIoU: n === 0 ? 0 : sumIou / n,
    oIoU: sumU === 0 ? 0 : sumI / sumU,
    precision: above.map((a) => (n === 0 ? 0 : a / n)),
  };
}
