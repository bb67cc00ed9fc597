// The messages between the main thread and an inference worker, and the operations a worker offers. Each
// operation has a typed input and output; a new capability (a model family's forward pass, a method) is one more
// entry here and one more handler in worker-handlers.ts.
import type { Provider, SessionConfig } from './session-config';
import type { TensorData } from './tensor-data';
import type { ClipResize } from '../clip/preprocess';
import type {
  EngineImage,
  EngineModels,
  MethodOut,
  MethodsRequest,
  MethodsResult,
  ModelNames,
  ProposalOut,
  RefineOut,
  RefineRequest,
} from '../pipeline/engine';
import type { AmgParams } from '../sam/amg/params';

export interface SessionInfo {
  key: string;
  provider: Provider;
  /** Why the requested device is not the one in use (CUDA could not load), else null. */
  fallback: string | null;
  inputNames: string[];
  outputNames: string[];
  loadMs: number;
  /** Runs completed so far (in session.list). */
  runs: number;
}

export interface WorkerOps {
  /** Creates (or finds) the session named `key`; idempotent, so callers need not track what the worker holds. */
  'session.load': { input: { key: string; model: string | Uint8Array; config?: SessionConfig }; output: SessionInfo };
  'session.run': {
    input: { key: string; feeds: Record<string, TensorData>; fetches?: string[] };
    output: { outputs: Record<string, TensorData>; provider: Provider; runMs: number };
  };
  'session.release': { input: { key: string }; output: { released: boolean } };
  'session.list': { input: null; output: SessionInfo[] };
  /** Decodes and resizes an image into CLIP's normalised input (file path or encoded bytes). */
  'clip.pixels': {
    input: { image: string | Uint8Array; size: [number, number]; resize?: ClipResize };
    output: TensorData;
  };
  /** The prediction engine (../pipeline/engine.ts), run here so the main thread only routes messages. */
  'engine.modelNames': { input: { models: EngineModels }; output: ModelNames };
  'engine.proposals': {
    input: { models: EngineModels; image: EngineImage; params: AmgParams };
    output: ProposalOut[];
  };
  /** Sends one event (a MethodOut) per finished method before the result. */
  'engine.methods': { input: MethodsRequest; output: MethodsResult; event: MethodOut };
  'engine.refine': { input: RefineRequest; output: RefineOut };
  'engine.prepare': { input: { models: EngineModels; image: EngineImage }; output: boolean };
}

export type WorkerOp = keyof WorkerOps;
export type OpInput<K extends WorkerOp> = WorkerOps[K]['input'];
export type OpOutput<K extends WorkerOp> = WorkerOps[K]['output'];
/** What an operation reports while it runs (never, for most). */
export type OpEvent<K extends WorkerOp> = WorkerOps[K] extends { event: infer E } ? E : never;

export type ToWorker =
  | { kind: 'request'; id: number; op: WorkerOp; input: unknown }
  /** Stops a request between steps; onnxruntime cannot interrupt a run already inside session.run(). */
  | { kind: 'cancel'; id: number };

export interface RemoteErrorData {
  name: string;
  message: string;
  stack?: string;
}

export type FromWorker =
  | { kind: 'result'; id: number; output: unknown }
  | { kind: 'error'; id: number; error: RemoteErrorData }
  /** Something a running request reports before its result. */
  | { kind: 'event'; id: number; event: unknown };

/** A request stopped by its caller before it finished. */
export class CancelledError extends Error {
  override name = 'CancelledError';
}

/** An error thrown inside the worker, rethrown on the caller's side with the worker's message and stack. */
export class WorkerError extends Error {
  constructor(
    readonly remote: RemoteErrorData,
    readonly op: string,
  ) {
    super(remote.message);
    this.name = remote.name === 'Error' ? 'WorkerError' : remote.name;
  }
}
