// Evaluation against imported ground truth (METHODS.md §7) and its CSV/HTML reports; pure functions.
export {
  type EvalMask,
  type EvalItem,
  type ScoredOverlap,
  type ExpressionScore,
  iouOf,
  scoreExpression,
} from './expression-score';
export { type MetricSummary, PRECISION_THRESHOLDS, summarize } from './metrics';
export { type Subset, type Selection, type EvalRow, type EvalResults, ALL_SPLITS, evaluate } from './evaluate';
export { renderCsv } from './csv';
export { type BarGroup, type BarChart, renderBarChart } from './chart';
export { type ReportMeta, renderHtml } from './html';
