// Scores a dataset's methods against its imported ground truth (METHODS.md §7): every expression that names a
// ground-truth annotation, each method's first three candidates, the direction-word split by the parser.
import { resolve } from 'node:path';
import { SPLITS, type Split } from '../../shared/domain';
import {
  type EvalItem,
  type EvalResults,
  type ExpressionScore,
  evaluate,
  renderCsv,
  renderHtml,
  scoreExpression,
} from '../eval';
import { writeFileAtomic } from '../io/write-atomic';
import { parseExpression } from '../nlp';
import { NotFoundError } from '../store/errors';
import type { Store } from '../store/types';
import { getDataset } from './datasets';
import { toRle, type MaskColumns } from './rows';

export interface EvaluateInput {
  datasetId: number;
  /** The methods to score, in this order; every method with candidates in the dataset (by name) when left out. */
  methods?: readonly string[];
  /** Only expressions of these splits; all when left out. */
  splits?: readonly Split[];
}

/** top-1 and top-3 never look past the third candidate. */
const TOP_N = 3;

/**
 * A RefCOCO split is ~10k expressions: parsing and scoring them takes seconds of CPU on the thread that also serves
 * the API, so the work steps aside for other requests every few hundred expressions.
 */
const YIELD_EVERY = 256;
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

interface GroundTruthRow extends MaskColumns {
  id: number;
  text: string;
  split: Split;
}

interface CandidateMaskRow extends MaskColumns {
  expression_id: number;
  method: string;
}

const GROUND_TRUTH = `
SELECT x.id, x.text, x.split, a.mask, a.mask_h, a.mask_w
FROM images i JOIN expressions x ON x.image_id = i.id JOIN annotations a ON a.id = x.ground_truth_id
WHERE i.dataset_id = ? ORDER BY i.path, x.id`;

const CANDIDATES = `
SELECT c.expression_id, c.method, c.mask, c.mask_h, c.mask_w
FROM images i JOIN expressions x ON x.image_id = i.id JOIN candidates c ON c.expression_id = x.id
WHERE i.dataset_id = ? AND x.ground_truth_id IS NOT NULL AND c.rank <= ${TOP_N}
ORDER BY c.expression_id, c.method, c.rank`;

function chosenMethods(datasetId: number, found: readonly string[], asked: readonly string[] | undefined): string[] {
  if (asked === undefined) return [...found].sort();
  const missing = asked.filter((m) => !found.includes(m));
  if (missing.length > 0) {
    throw new Error(
      `dataset ${datasetId}: no candidates of method ${missing.map((m) => `'${m}'`).join(', ')} on expressions ` +
        `with ground truth (methods with candidates: ${found.length ? [...found].sort().join(', ') : 'none'})`,
    );
  }
  return [...new Set(asked)];
}

/**
 * mIoU, oIoU and Prec@X per method and split, with and without direction words, top-1 and best of top-3. An
 * expression a method left without candidates counts as an empty prediction (IoU 0).
 */
export async function evaluateDataset(store: Store, input: EvaluateInput): Promise<EvalResults> {
  const { datasetId } = input;
  const { truths, candidates } = await store.read(async (db) => {
    const dataset = await db.get<{ id: number }>('SELECT id FROM datasets WHERE id = ?', [datasetId]);
    if (!dataset) throw new NotFoundError(`dataset ${datasetId} not found`);
    return {
      truths: await db.all<GroundTruthRow>(GROUND_TRUTH, [datasetId]),
      candidates: await db.all<CandidateMaskRow>(CANDIDATES, [datasetId]),
    };
  });
  const wanted = input.splits ? new Set(input.splits) : null;
  const expressions = truths
    .filter((t) => wanted === null || wanted.has(t.split))
    .sort((a, b) => SPLITS.indexOf(a.split) - SPLITS.indexOf(b.split));
  const byExpression = new Map<string, MaskColumns[]>();
  for (const c of candidates) {
    const key = `${c.method}\u0000${c.expression_id}`;
    const list = byExpression.get(key) ?? [];
    list.push(c);
    byExpression.set(key, list);
  }
  const methods = chosenMethods(datasetId, [...new Set(candidates.map((c) => c.method))], input.methods);
  const hasDirection = new Map<number, boolean>();
  for (const [i, x] of expressions.entries()) {
    if (i % YIELD_EVERY === 0) await yieldToEventLoop();
    hasDirection.set(x.id, parseExpression(x.text).directions.length > 0);
  }
  const scores: ExpressionScore[] = [];
  for (const method of methods) {
    for (const [i, x] of expressions.entries()) {
      if (i % YIELD_EVERY === 0) await yieldToEventLoop();
      const item: EvalItem = {
        expressionId: x.id,
        method,
        split: x.split,
        hasDirection: hasDirection.get(x.id) as boolean,
        groundTruth: toRle(x),
        candidates: (byExpression.get(`${method}\u0000${x.id}`) ?? []).map(toRle),
      };
      scores.push(scoreExpression(item, TOP_N));
    }
  }
  return evaluate(scores);
}

export interface EvalReportInput extends EvaluateInput {
  format: 'csv' | 'html';
  /** The file to write; relative paths are taken from the working directory. */
  out: string;
}

/** Evaluates and writes the CSV or the self-contained HTML report atomically; returns the absolute path written. */
export async function writeEvalReport(store: Store, input: EvalReportInput): Promise<string> {
  const out = resolve(input.out);
  const dataset = await getDataset(store, input.datasetId);
  const results = await evaluateDataset(store, input);
  const text =
    input.format === 'csv'
      ? renderCsv(results)
      : renderHtml(results, { dataset: dataset.name, generatedAt: new Date().toISOString() });
  await writeFileAtomic(out, text);
  return out;
}
