// Running the methods from the workspace: the chosen methods and proposal preset (remembered), the presets and
// models the server would use, and the current run's per-method status from 'predictions.progress' events. Each
// stored method is announced to `onStored` at once, so its candidates show before the whole run ends.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { RefLabelApi } from '../../../shared/api';
import type { ApiClient, OpOutput } from '../../../shared/contract';
import { errorMessage, useLoad } from '../app/use-load';
import {
  METHODS_KEY,
  parseMethods,
  parsePreset,
  PRESET_KEY,
  type PredictionMethod,
  type ProposalPreset,
} from './predict-prefs';
import { overrideCount, type Overrides } from './predict-overrides';
import { applyProgress, failRun, finishRun, startRun, type PredictRun } from './predict-run';

function stored(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function remember(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Private windows may refuse storage; the choice then lasts for this page only.
  }
}

export interface Predictions {
  methods: PredictionMethod[];
  setMethods(methods: PredictionMethod[]): void;
  preset: ProposalPreset;
  setPreset(preset: ProposalPreset): void;
  /** Parameter overrides sent with each run (this session only). */
  overrides: Overrides;
  setOverrides(overrides: Overrides): void;
  presets: PresetsValue | undefined;
  presetsError: string | null;
  /** Reads the presets and models again (after the Models dialog, say). */
  reloadPresets(): void;
  /** What keeps the methods from running here, e.g. no SAM model installed; null when they can run. */
  missing: string | null;
  run: PredictRun | null;
  busy: boolean;
  /** Runs the chosen methods for an expression of the image; resolves when the run settles. */
  start(expressionId: number): Promise<void>;
}

export type PresetsValue = OpOutput<RefLabelApi, 'predictions.presets'>;

export function missingModels(models: { clip: string | null; sam: string | null } | undefined): string | null {
  if (!models) return null;
  const absent = [models.clip === null && 'CLIP', models.sam === null && 'SAM'].filter(Boolean);
  return absent.length ? `No ${absent.join(' or ')} model is installed` : null;
}

export function usePredictions(
  client: ApiClient<RefLabelApi>,
  imageId: number,
  onStored: (expressionId: number) => void,
): Predictions {
  const [methods, setMethodsState] = useState(() => parseMethods(stored(METHODS_KEY)));
  const [preset, setPresetState] = useState(() => parsePreset(stored(PRESET_KEY)));
  const presets = useLoad('predictions.presets', () => client.call('predictions.presets', null));
  // Models are installed from the command line or another window: coming back to this one looks again.
  const reloadPresets = presets.reload;
  useEffect(() => {
    window.addEventListener('focus', reloadPresets);
    return () => window.removeEventListener('focus', reloadPresets);
  }, [reloadPresets]);
  const [run, setRun] = useState<PredictRun | null>(null);
  const [overrides, setOverrides] = useState<Overrides>({});
  const onStoredRef = useRef(onStored);
  useEffect(() => {
    onStoredRef.current = onStored;
  });

  const setMethods = useCallback((next: PredictionMethod[]) => {
    setMethodsState(next);
    remember(METHODS_KEY, JSON.stringify(next));
  }, []);
  const setPreset = useCallback((next: ProposalPreset) => {
    setPresetState(next);
    remember(PRESET_KEY, next);
  }, []);

  useEffect(() => {
    const subscription = client.on('predictions.progress', (event) => {
      setRun((current) => (current ? applyProgress(current, event) : current));
      if (event.imageId === imageId && (event.phase === 'method' || event.phase === 'done'))
        onStoredRef.current(event.expressionId);
    });
    return () => subscription.unsubscribe();
  }, [client, imageId]);

  const busy = run?.state === 'running' && run.imageId === imageId;
  const start = useCallback(
    async (expressionId: number) => {
      const chosen = methods;
      setRun(startRun(imageId, expressionId, chosen));
      try {
        const result = await client.call('predictions.run', {
          imageId,
          expressionId,
          methods: chosen,
          preset,
          ...(overrideCount(overrides) > 0 ? { params: overrides } : {}),
        });
        setRun((current) => (current?.expressionId === expressionId ? finishRun(current, result) : current));
        onStoredRef.current(expressionId);
      } catch (error) {
        setRun((current) => (current?.expressionId === expressionId ? failRun(current, errorMessage(error)) : current));
      }
    },
    [client, imageId, methods, preset, overrides],
  );

  return {
    methods,
    setMethods,
    preset,
    setPreset,
    overrides,
    setOverrides,
    presets: presets.value,
    presetsError: presets.error,
    reloadPresets: presets.reload,
    missing: missingModels(presets.value?.models),
    // A run belongs to its image: another image shows none (the run's candidates stay stored).
    run: run?.imageId === imageId ? run : null,
    busy,
    start,
  };
}
