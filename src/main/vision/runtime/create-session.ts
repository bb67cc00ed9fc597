// Creates an onnxruntime-node session on the requested device. onnxruntime-node does not fall back by itself: asking
// for CUDA where its provider library is missing (no GPU build installed, no driver) makes session creation throw,
// so the session is created again on the CPU and the reason is kept for the UI and the benchmarks to show.
import * as ort from 'onnxruntime-node';
import { ortSessionOptions, type Provider, type SessionConfig } from './session-config';

export interface LoadedSession {
  session: ort.InferenceSession;
  /** The provider the session runs on. */
  provider: Provider;
  /** Why CUDA was asked for and not used; null when the requested device is in use. */
  fallback: string | null;
  loadMs: number;
}

/** `model` is a path to an .onnx file (external data next to it) or the model's bytes. */
export async function createSession(model: string | Uint8Array, config: SessionConfig = {}): Promise<LoadedSession> {
  const started = performance.now();
  const what = typeof model === 'string' ? model : `a ${model.byteLength}-byte model`;
  if (config.device === 'cuda') {
    try {
      const session = await create(model, ortSessionOptions(config, 'cuda'), what);
      return { session, provider: 'cuda', fallback: null, loadMs: performance.now() - started };
    } catch (err) {
      const cause = (err as Error).cause instanceof Error ? ((err as Error).cause as Error) : (err as Error);
      const reason = `CUDA unavailable (${cause.message.split('\n')[0]}); running on the CPU`;
      const session = await create(model, ortSessionOptions(config, 'cpu'), what);
      return { session, provider: 'cpu', fallback: reason, loadMs: performance.now() - started };
    }
  }
  const session = await create(model, ortSessionOptions(config, 'cpu'), what);
  return { session, provider: 'cpu', fallback: null, loadMs: performance.now() - started };
}

async function create(
  model: string | Uint8Array,
  options: ort.InferenceSession.SessionOptions,
  what: string,
): Promise<ort.InferenceSession> {
  try {
    return typeof model === 'string'
      ? await ort.InferenceSession.create(model, options)
      : await ort.InferenceSession.create(model, options);
  } catch (err) {
    throw new Error(`${what}: cannot create an onnxruntime session: ${(err as Error).message}`, { cause: err });
  }
}
