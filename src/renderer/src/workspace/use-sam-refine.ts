// SAM click-to-refine: the points and box placed on the stage for the current edit, and one sam.refine call per
// change, each chaining the previous refinement's logits. Calls never overlap: a change made while one is out is
// sent, with everything placed by then, as soon as it returns. A prompt belongs to its edit (image and
// expression): another edit starts from nothing, and a late answer for an old one is dropped.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { RefLabelApi } from '../../../shared/api';
import type { Rle } from '../../../shared/domain';
import type { ApiClient } from '../../../shared/contract';
import { errorMessage } from '../app/use-load';
import { addGesture, EMPTY_PROMPT, isEmptyPrompt, refineInput, type SamGesture, type SamPrompt } from './sam-prompt';

export interface SamRefine {
  prompt: SamPrompt;
  busy: boolean;
  error: string | null;
  /** The last mask's predicted IoU and the server's time for it. */
  last: { score: number; ms: number } | null;
  add(gesture: SamGesture): void;
  /** Drops the points and box; false when there were none. */
  clear(): boolean;
}

interface Shown {
  key: string;
  prompt: SamPrompt;
  error: string | null;
  last: { score: number; ms: number } | null;
}

/** What one edit has sent so far. */
interface Edit {
  key: string;
  prompt: SamPrompt;
  /** The last refinement's id, fed back as `previous`. */
  previous: string | null;
  /** A change not yet sent. */
  dirty: boolean;
}

const fresh = (key: string): Edit => ({ key, prompt: EMPTY_PROMPT, previous: null, dirty: false });

export function useSamRefine(
  client: ApiClient<RefLabelApi>,
  imageId: number,
  editKey: string,
  onMask: (mask: Rle) => void,
): SamRefine {
  const [shown, setShown] = useState<Shown>({ key: editKey, prompt: EMPTY_PROMPT, error: null, last: null });
  const [busy, setBusy] = useState(false);
  const edit = useRef<Edit>(fresh(editKey));
  const inFlight = useRef(false);
  const live = useRef({ imageId, editKey, onMask });
  useEffect(() => {
    live.current = { imageId, editKey, onMask };
  });

  const send = useCallback(async () => {
    if (inFlight.current) return;
    inFlight.current = true;
    setBusy(true);
    try {
      for (let mine = edit.current; mine.dirty && !isEmptyPrompt(mine.prompt); mine = edit.current) {
        mine.dirty = false;
        try {
          const result = await client.call('sam.refine', refineInput(live.current.imageId, mine.prompt, mine.previous));
          if (edit.current !== mine || live.current.editKey !== mine.key) continue;
          mine.previous = result.refinementId;
          setShown((s) => ({ ...s, error: null, last: { score: result.score, ms: result.ms } }));
          live.current.onMask(result.mask);
        } catch (e) {
          if (edit.current === mine) setShown((s) => ({ ...s, error: errorMessage(e) }));
        }
      }
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  }, [client]);

  const add = useCallback(
    (gesture: SamGesture) => {
      const key = live.current.editKey;
      const current = edit.current.key === key ? edit.current : fresh(key);
      const prompt = addGesture(current.prompt, gesture);
      edit.current = { ...current, prompt, dirty: true };
      setShown((s) => ({ key, prompt, error: s.key === key ? s.error : null, last: s.key === key ? s.last : null }));
      void send();
    },
    [send],
  );

  const clear = useCallback(() => {
    const key = live.current.editKey;
    if (edit.current.key !== key || isEmptyPrompt(edit.current.prompt)) return false;
    edit.current = fresh(key);
    setShown({ key, prompt: EMPTY_PROMPT, error: null, last: null });
    return true;
  }, []);

  const mine = shown.key === editKey;
  return {
    prompt: mine ? shown.prompt : EMPTY_PROMPT,
    busy,
    error: mine ? shown.error : null,
    last: mine ? shown.last : null,
    add,
    clear,
  };
}
