// Undo and redo for a person's work on an annotation, kept in the annotation's version history so they survive
// restarts. An undo or redo writes an earlier state again as a new version (history is never rewritten) and marks
// that version with its own author, so the timeline can be rebuilt from the history alone: content comparison
// could not tell "undo" from "an edit that happens to restore an earlier mask".
import type { Annotation, AnnotationVersion } from '../../shared/domain';
import { getHistory, revertTo } from './annotations';
import type { Store } from '../store/types';

/** Authors of versions written by undo and redo; both count as a person's change everywhere else. */
export const UNDO_AUTHOR = 'user:undo';
export const REDO_AUTHOR = 'user:redo';

export interface UndoState {
  /** The version an undo would restore, or null when there is nothing to undo. */
  undoTo: number | null;
  /** The version a redo would restore, or null when there is nothing to redo. */
  redoTo: number | null;
}

export interface UndoResult {
  annotation: Annotation;
  undo: UndoState;
}

/**
 * Replays a history as an editor's undo stack: an ordinary version pushes a new state (dropping any redo states), an
 * undo version steps back one state, a redo version forward one. Versions in ascending order.
 */
export function undoStateOf(history: readonly Pick<AnnotationVersion, 'version' | 'author'>[]): UndoState {
  const states: number[] = [];
  let position = -1;
  for (const { version, author } of history) {
    if (author === UNDO_AUTHOR && position > 0) position--;
    else if (author === REDO_AUTHOR && position < states.length - 1) position++;
    else {
      states.length = position + 1;
      states.push(version);
      position++;
    }
  }
  return {
    undoTo: position > 0 ? states[position - 1] : null,
    redoTo: position >= 0 && position < states.length - 1 ? states[position + 1] : null,
  };
}

export async function getUndoState(store: Store, annotationId: number): Promise<UndoState> {
  return undoStateOf(await getHistory(store, annotationId));
}

async function step(store: Store, annotationId: number, direction: 'undo' | 'redo'): Promise<UndoResult> {
  const state = await getUndoState(store, annotationId);
  const target = direction === 'undo' ? state.undoTo : state.redoTo;
  if (target === null) throw new Error(`annotation ${annotationId}: nothing to ${direction}`);
  const annotation = await revertTo(store, annotationId, target, direction === 'undo' ? UNDO_AUTHOR : REDO_AUTHOR);
  return { annotation, undo: await getUndoState(store, annotationId) };
}

export function undo(store: Store, annotationId: number): Promise<UndoResult> {
  return step(store, annotationId, 'undo');
}

export function redo(store: Store, annotationId: number): Promise<UndoResult> {
  return step(store, annotationId, 'redo');
}
