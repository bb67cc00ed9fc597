// What an inference worker does for each operation. Sessions stay loaded in the worker between requests, keyed by
// the caller's name for them (a compiled graph's cache key, say).
import type * as ort from 'onnxruntime-node';
import { clipPixelValues } from '../clip/preprocess';
import type { VisionEngine } from '../pipeline/engine';
import { createLocalEngine } from '../pipeline/local-engine';
import { createSession } from './create-session';
import { CancelledError, type OpEvent, type OpInput, type OpOutput, type SessionInfo, type WorkerOp } from './protocol';
import { fromOrtTensor, toOrtTensor, type TensorData } from './tensor-data';

export interface HandlerContext<E = unknown> {
  /** Aborted when the caller cancels; long handlers check it between steps. */
  signal: AbortSignal;
  /** Reports progress to the caller before the result. */
  emit: (event: E) => void;
}

export type WorkerHandlers = {
  [K in WorkerOp]: (input: OpInput<K>, ctx: HandlerContext<OpEvent<K>>) => Promise<OpOutput<K>>;
};

interface HeldSession {
  info: SessionInfo;
  session: ort.InferenceSession;
}

export function createWorkerHandlers(engine: VisionEngine = createLocalEngine()): WorkerHandlers {
  const sessions = new Map<string, HeldSession>();
  const loading = new Map<string, Promise<HeldSession>>();

  async function load(key: string, model: string | Uint8Array, config: OpInput<'session.load'>['config']) {
    const loaded = await createSession(model, config);
    const info: SessionInfo = {
      key,
      provider: loaded.provider,
      fallback: loaded.fallback,
      inputNames: [...loaded.session.inputNames],
      outputNames: [...loaded.session.outputNames],
      loadMs: loaded.loadMs,
      runs: 0,
    };
    const held = { info, session: loaded.session };
    sessions.set(key, held);
    return held;
  }

  function held(key: string): HeldSession {
    const found = sessions.get(key);
    if (!found) throw new Error(`no session '${key}' is loaded in this worker (load it with session.load first)`);
    return found;
  }

  return {
    async 'session.load'({ key, model, config }, { signal }) {
      if (signal.aborted) throw new CancelledError(`session.load '${key}' cancelled`);
      const existing = sessions.get(key);
      if (existing) return { ...existing.info };
      let pending = loading.get(key);
      if (!pending) {
        pending = load(key, model, config).finally(() => loading.delete(key));
        loading.set(key, pending);
      }
      return { ...(await pending).info };
    },

    async 'session.run'({ key, feeds, fetches }, { signal }) {
      const { session, info } = held(key);
      if (signal.aborted) throw new CancelledError(`session.run '${key}' cancelled`);
      const ortFeeds: Record<string, ort.Tensor> = {};
      for (const [name, tensor] of Object.entries(feeds)) ortFeeds[name] = toOrtTensor(tensor);
      const started = performance.now();
      const results = fetches ? await session.run(ortFeeds, fetches) : await session.run(ortFeeds);
      const runMs = performance.now() - started;
      info.runs++;
      const outputs: Record<string, TensorData> = {};
      for (const [name, tensor] of Object.entries(results)) outputs[name] = fromOrtTensor(name, tensor);
      return { outputs, provider: info.provider, runMs };
    },

    async 'session.release'({ key }) {
      const found = sessions.get(key);
      if (!found) return { released: false };
      sessions.delete(key);
      await found.session.release();
      return { released: true };
    },

    async 'session.list'() {
      return [...sessions.values()].map((s) => ({ ...s.info }));
    },

    async 'clip.pixels'({ image, size, resize }, { signal }) {
      if (signal.aborted) throw new CancelledError('clip.pixels cancelled');
      const { data, dims } = await clipPixelValues(image, size, resize);
      return { type: 'float32', dims, data };
    },

    'engine.modelNames': ({ models }) => engine.modelNames(models),
    'engine.proposals': (request, { signal }) => engine.proposals(request, { signal }),
    'engine.methods': (request, { signal, emit }) => engine.methods(request, { signal, onMethod: emit }),
    'engine.refine': (request, { signal }) => engine.refine(request, { signal }),
    'engine.prepare': (request, { signal }) => engine.prepare(request, { signal }),
  };
}
