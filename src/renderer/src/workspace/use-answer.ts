// The selected expression's answer and everything that writes it, with the undo state of its version history.
import { useCallback, useEffect, useState } from 'react';
import type { RefLabelApi } from '../../../shared/api';
import type { ApiClient } from '../../../shared/contract';
import type { Annotation } from '../../../shared/domain';
import { useLoad } from '../app/use-load';
import { AnswerWriter, type AnswerTask, type SaveState } from './answer-writer';
import { answerOf } from './decisions';

export interface UndoState {
  undoTo: number | null;
  redoTo: number | null;
}

const NOTHING_TO_UNDO: UndoState = { undoTo: null, redoTo: null };

function upsert(list: readonly Annotation[], changed: readonly Annotation[]): Annotation[] {
  const byId = new Map(list.map((a) => [a.id, a]));
  for (const a of changed) {
    const old = byId.get(a.id);
    if (!old || old.version <= a.version) byId.set(a.id, a);
  }
  return [...byId.values()].sort((a, b) => a.id - b.id);
}

export function useAnswer({
  client,
  imageId,
  expressionId,
  annotations,
  setAnnotations,
}: {
  client: ApiClient<RefLabelApi>;
  imageId: number;
  expressionId: number | null;
  annotations: readonly Annotation[];
  setAnnotations: (update: (list: Annotation[] | undefined) => Annotation[]) => void;
}) {
  const [saveState, setSaveState] = useState<SaveState>({ kind: 'idle' });
  const [writer] = useState(() => new AnswerWriter());
  useEffect(() => {
    writer.listen({
      settled(changed, state) {
        const mine = changed.filter((a) => a.imageId === imageId);
        if (mine.length) setAnnotations((list) => upsert(list ?? [], mine));
        setSaveState(state);
      },
      busy: () => setSaveState({ kind: 'saving' }),
    });
  });

  const answer = answerOf(annotations, expressionId);
  useEffect(() => {
    writer.observe({ imageId, expressionId }, answer);
  }, [writer, imageId, expressionId, answer]);

  const undo = useLoad(answer ? `undo/${answer.id}/${answer.version}` : null, () =>
    client.call('annotations.undoState', { annotationId: (answer as Annotation).id }),
  );

  const run = useCallback(
    (task: AnswerTask) => writer.enqueue({ imageId, expressionId }, task),
    [writer, imageId, expressionId],
  );

  return {
    answer,
    saveState,
    undo: (answer && undo.value) || NOTHING_TO_UNDO,
    /** False while the undo state of the answer's current version is still loading. */
    undoKnown: !answer || undo.value !== undefined,
    run,
    writer,
  };
}
