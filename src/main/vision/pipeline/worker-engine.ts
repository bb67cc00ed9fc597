// The vision engine in the inference worker: each call is one worker request, so the local engine's models,
// feature cache and SAM caches live in the worker and the main thread only routes messages (DESIGN.md §2).
// Prediction is foreground work; prepare() is background work that waits behind it. The engine owns the worker.
import type { VisionWorker } from '../runtime/vision-worker';
import type { EngineModels, VisionEngine } from './engine';

const PLAIN_KEYS = ['clipDir', 'samDir', 'vocabDir', 'cacheDir', 'session'];

/** Only plain data crosses to the worker; a tokenizer object would not survive the copy. */
function plainModels(models: EngineModels): EngineModels {
  const extra = Object.keys(models).filter((k) => !PLAIN_KEYS.includes(k));
  if (extra.length) {
    throw new Error(
      `the worker engine takes model folders and session settings only; ${extra.join(', ')} cannot be sent to the worker`,
    );
  }
  return models;
}

export function createWorkerEngine(worker: VisionWorker): VisionEngine {
  return {
    modelNames: (models) => worker.request('engine.modelNames', { models: plainModels(models) }),
    proposals: ({ models, image, params }, { signal } = {}) =>
      worker.request('engine.proposals', { models: plainModels(models), image, params }, { signal }),
    methods: (request, { signal, onMethod } = {}) =>
      worker.request(
        'engine.methods',
        { ...request, models: plainModels(request.models) },
        { signal, onEvent: onMethod },
      ),
    refine: (request, { signal } = {}) =>
      worker.request('engine.refine', { ...request, models: plainModels(request.models) }, { signal }),
    prepare: ({ models, image }, { signal } = {}) =>
      worker.request('engine.prepare', { models: plainModels(models), image }, { signal, background: true }),
    /** Stops the worker: its models and caches go with it. */
    close: () => worker.close(),
  };
}
