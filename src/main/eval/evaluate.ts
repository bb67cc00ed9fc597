// Groups per-expression scores into the report's rows: per method and split (plus every split together when
// there are several), for all expressions and for those with and without a direction word, for the top-1
// candidate and for the best of the top three.

import type { ExpressionScore } from './expression-score';
import { type MetricSummary, PRECISION_THRESHOLDS, summarize } from './metrics';

export type Subset = 'all' | 'direction' | 'other';
export type Selection = 'top1' | 'top3';

/** The split name of the rows that pool every split. */
export const ALL_SPLITS = 'all';

export interface EvalRow extends MetricSummary {
  method: string;
  split: string;
  subset: Subset;
  selection: Selection;
}

export interface EvalResults {
  thresholds: number[];
  /** In order of first appearance. */
  methods: string[];
  /** In order of first appearance, then ALL_SPLITS when there is more than one. */
  splits: string[];
  /** method × split × subset × selection, in that nesting order; groups without expressions are left out. */
  rows: EvalRow[];
}

const SUBSETS: Subset[] = ['all', 'direction', 'other'];
const SELECTIONS: Selection[] = ['top1', 'top3'];

export function evaluate(scores: ExpressionScore[], thresholds: readonly number[] = PRECISION_THRESHOLDS): EvalResults {
  const seen = new Set<string>();
  for (const s of scores) {
    const key = `${s.method}\u0000${s.expressionId}`;
    if (seen.has(key)) throw new Error(`evaluation: expression ${s.expressionId} is scored twice for ${s.method}`);
    seen.add(key);
  }
  const methods = [...new Set(scores.map((s) => s.method))];
  const splits = [...new Set(scores.map((s) => s.split))];
  if (splits.includes(ALL_SPLITS)) throw new Error(`evaluation: "${ALL_SPLITS}" is reserved and cannot be a split`);
  if (splits.length > 1) splits.push(ALL_SPLITS);
  const rows: EvalRow[] = [];
  for (const method of methods) {
    for (const split of splits) {
      const group = scores.filter((s) => s.method === method && (split === ALL_SPLITS || s.split === split));
      for (const subset of SUBSETS) {
        const members = group.filter((s) => subset === 'all' || s.hasDirection === (subset === 'direction'));
        if (members.length === 0) continue;
        for (const selection of SELECTIONS) {
          const summary = summarize(
            members.map((s) => s[selection]),
            thresholds,
          );
          rows.push({ method, split, subset, selection, ...summary });
        }
      }
    }
  }
  return { thresholds: [...thresholds], methods, splits, rows };
}
