// Per-expression overlap of a method's candidates with the ground truth (METHODS.md §7), on COCO runs without
// decoding: runsOverlap walks both run lists once and gives intersection and union together.

import { type AnyRle, type Overlap, type Runs, runsFromRle, runsOverlap } from '../masks';

export type EvalMask = Runs | AnyRle;

export interface EvalItem {
  expressionId: number;
  method: string;
  split: string;
  /** Whether the expression has a direction word (IteRPrimE's "Position" group); the parser decides. */
  hasDirection: boolean;
  groundTruth: EvalMask;
  /** The method's candidates, best first; empty when it produced none (an empty prediction). */
  candidates: EvalMask[];
}

export interface ScoredOverlap extends Overlap {
  /** |P ∩ G| / |P ∪ G|; 0 when the union is empty (both masks empty), as the authors' Compute_IoU does. */
  iou: number;
  /** Which candidate (0-based rank) this is; -1 when there was no candidate. */
  rank: number;
}

export interface ExpressionScore {
  expressionId: number;
  method: string;
  split: string;
  hasDirection: boolean;
  /** The first candidate. */
  top1: ScoredOverlap;
  /** The best IoU among the first three candidates (the earliest on a tie), with its own intersection and union. */
  top3: ScoredOverlap;
}

function toRuns(m: EvalMask, what: string): Runs {
  if ((m as Runs).counts instanceof Uint32Array) return m as Runs;
  try {
    return runsFromRle(m as AnyRle);
  } catch (e) {
    throw new Error(`${what}: ${(e as Error).message}`, { cause: e });
  }
}

export function iouOf(o: Overlap): number {
  return o.union === 0 ? 0 : o.intersection / o.union;
}

/** IoU of the first candidate and the best of the first `topN` (default 3). */
export function scoreExpression(item: EvalItem, topN = 3): ExpressionScore {
  const label = `expression ${item.expressionId} (${item.method})`;
  const gt = toRuns(item.groundTruth, `${label} ground truth`);
  const scored: ScoredOverlap[] = item.candidates.slice(0, Math.max(1, topN)).map((c, rank) => {
    const runs = toRuns(c, `${label} candidate ${rank}`);
    if (runs.width !== gt.width || runs.height !== gt.height) {
      throw new Error(
        `${label}: candidate ${rank} is ${runs.width}x${runs.height}, the ground truth ${gt.width}x${gt.height}`,
      );
    }
    const o = runsOverlap(runs, gt);
    return { ...o, iou: iouOf(o), rank };
  });
  if (scored.length === 0) {
    let area = 0;
    for (let j = 1; j < gt.counts.length; j += 2) area += gt.counts[j];
    const none: ScoredOverlap = { intersection: 0, union: area, iou: 0, rank: -1 };
    scored.push(none);
  }
  let best = scored[0];
  for (const s of scored) if (s.iou > best.iou) best = s;
  return {
    expressionId: item.expressionId,
    method: item.method,
    split: item.split,
    hasDirection: item.hasDirection,
    top1: scored[0],
    top3: best,
  };
}
