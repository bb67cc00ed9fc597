// Writes an expression's answer (its annotation): accept, reject, every brush stroke, undo and redo. Writes run one
// after another, so a second stroke never races the save of the first, and each task sees the annotation as the
// previous task left it. React hears about the results once the queue is empty, so a slow save never replaces a
// mask the user has painted on since.
import type { Annotation } from '../../../shared/domain';
import { errorMessage } from '../app/use-load';

export type SaveState =
  { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved'; version: number } | { kind: 'error'; message: string };

export interface WriterListener {
  /** The queue emptied: every answer it changed, and how it went. */
  settled(changed: Annotation[], state: SaveState): void;
  busy(): void;
}

export interface AnswerTarget {
  imageId: number;
  expressionId: number | null;
}

/** Given the target's current answer (null: none yet), writes and returns the new one (null: nothing changed). */
export type AnswerTask = (current: Annotation | null) => Promise<Annotation | null>;

function keyOf(target: AnswerTarget): string {
  return `${target.imageId}/${target.expressionId ?? 'none'}`;
}

export class AnswerWriter {
  private tail: Promise<void> = Promise.resolve();
  private pending = 0;
  /** The newest answer this writer knows per target, ahead of React state while writes are queued. */
  private readonly known = new Map<string, Annotation>();
  private results = new Map<number, Annotation>();
  private lastError: string | null = null;
  private listener: WriterListener = { settled: () => undefined, busy: () => undefined };

  /** Who hears about saves; the workspace replaces it on every render so it always holds current state setters. */
  listen(listener: WriterListener): void {
    this.listener = listener;
  }

  get busy(): boolean {
    return this.pending > 0;
  }

  /** What React shows for a target; newer than anything queued only when it changed elsewhere. */
  observe(target: AnswerTarget, answer: Annotation | null): void {
    const key = keyOf(target);
    const known = this.known.get(key);
    if (answer && (!known || known.id !== answer.id || answer.version > known.version)) this.known.set(key, answer);
  }

  enqueue(target: AnswerTarget, task: AnswerTask): Promise<void> {
    const key = keyOf(target);
    if (this.pending++ === 0) this.listener.busy();
    const run = async () => {
      try {
        const result = await task(this.known.get(key) ?? null);
        if (result) {
          this.known.set(key, result);
          this.results.set(result.id, result);
        }
      } catch (error) {
        this.lastError = errorMessage(error);
      } finally {
        if (--this.pending === 0) this.settle();
      }
    };
    this.tail = this.tail.then(run);
    return this.tail;
  }

  private settle(): void {
    const changed = [...this.results.values()];
    this.results = new Map();
    const error = this.lastError;
    this.lastError = null;
    const last = changed[changed.length - 1];
    const state: SaveState = error
      ? { kind: 'error', message: error }
      : last
        ? { kind: 'saved', version: last.version }
        : { kind: 'idle' };
    this.listener.settled(changed, state);
  }
}
