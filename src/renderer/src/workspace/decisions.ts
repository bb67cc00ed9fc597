// What the workspace shows about decisions, derived from the stored annotations and candidates alone, so a reload
// shows exactly what was decided.
import type { Annotation, AnnotationStatus, Candidate } from '../../../shared/domain';

/** The annotation that answers an expression (the newest if several do); imported ground truth never does. */
export function answerOf(annotations: readonly Annotation[], expressionId: number | null): Annotation | null {
  let found: Annotation | null = null;
  for (const a of annotations) {
    if (a.provenance === 'ground-truth' || a.expressionId !== expressionId) continue;
    if (!found || a.id > found.id) found = a;
  }
  return found;
}

export type ExpressionState = AnnotationStatus | 'open';

export function expressionState(annotations: readonly Annotation[], expressionId: number): ExpressionState {
  return answerOf(annotations, expressionId)?.status ?? 'open';
}

export interface MethodColumn {
  method: string;
  /** Best first. */
  candidates: Candidate[];
}

/** One column per method in name order, each best first (the API lists them so; this keeps it true). */
export function columnsOf(candidates: readonly Candidate[]): MethodColumn[] {
  const byMethod = new Map<string, Candidate[]>();
  for (const c of candidates) {
    const list = byMethod.get(c.method) ?? [];
    list.push(c);
    byMethod.set(c.method, list);
  }
  return [...byMethod.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([method, list]) => ({ method, candidates: [...list].sort((a, b) => a.rank - b.rank) }));
}

/** Candidates in reading order of the panel: column by column, best first; what ↑/↓ step through. */
export function readingOrder(columns: readonly MethodColumn[]): Candidate[] {
  return columns.flatMap((column) => column.candidates);
}

/**
 * The candidate selected when an expression opens: the one its answer came from, else (nothing decided yet) the
 * first method's top-1, else none.
 */
export function initialCandidate(columns: readonly MethodColumn[], answer: Annotation | null): number | null {
  const order = readingOrder(columns);
  if (answer) return order.find((c) => c.id === answer.candidateId)?.id ?? null;
  return order[0]?.id ?? null;
}

/** The candidate `step` places away in reading order, stopping at the ends; the first when none is selected. */
export function stepCandidate(order: readonly Candidate[], selected: number | null, step: number): number | null {
  if (order.length === 0) return null;
  const at = order.findIndex((c) => c.id === selected);
  if (at < 0) return order[0].id;
  return order[Math.min(order.length - 1, Math.max(0, at + step))].id;
}

/** The id `step` places away in a list, stopping at the ends; the first when current is not in it. */
export function stepId(ids: readonly number[], current: number | null, step: number): number | null {
  if (ids.length === 0) return null;
  const at = ids.indexOf(current ?? -1);
  if (at < 0) return ids[0];
  return ids[Math.min(ids.length - 1, Math.max(0, at + step))];
}

/** The provenance a save must repeat; answers never are ground truth, which people do not edit here. */
export function savedProvenance(answer: Annotation): 'candidate' | 'manual' {
  if (answer.provenance === 'ground-truth')
    throw new Error(`annotation ${answer.id} is ground truth and is not edited`);
  return answer.provenance;
}
