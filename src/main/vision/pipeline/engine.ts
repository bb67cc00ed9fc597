// What the prediction service asks of the vision side, as plain data: SAM proposals for an image, the methods over
// them for an expression, click-to-refine, and background encoding. Two implementations share this contract: the
// local engine (this thread; the CLI and tests) and the worker engine (the app: the same local engine inside the
// inference worker), so the service never knows where the models run.
import type { Rle } from '../../../shared/domain';
import type { SessionConfig } from '../runtime/session-config';
import type { AmgParams } from '../sam/amg/params';
import type { PipelineMethod, PipelineParams } from './run-methods';

/** Where the models are; plain strings, so the request can cross to a worker. */
export interface EngineModels {
  /** A Hugging Face CLIP folder: config.json, model.safetensors (and vocab.json + merges.txt without vocabDir). */
  clipDir: string;
  /** A Hugging Face SAM folder: config.json, model.safetensors. */
  samDir: string;
  /** A folder with the CLIP tokenizer's vocab.json and merges.txt, when clipDir has none. */
  vocabDir?: string;
  /** Where per-image SAM embeddings are kept on disk; no disk cache without it. */
  cacheDir?: string;
  /** How the sessions run (device, threads); plain data too. */
  session?: SessionConfig;
}

/** An image on disk and its content hash, which keys every per-image cache. */
export interface EngineImage {
  path: string;
  sha256: string;
}

export interface ModelNames {
  /** Names the SAM weights in stored proposal sets: new weights get new proposals. */
  sam: string;
  /** Names the CLIP weights in image-feature cache keys. */
  clip: string;
  /** The CLIP vision tower as papers name it ('ViT-B/16'): picks per-backbone presets. */
  clipBackbone: string;
}

export interface ProposalOut {
  mask: Rle;
  score: number;
}

export interface StorableHeatMap {
  /** CoPatch's CoMap, or HybridGL's GEM spatial-coherence map. */
  kind: 'comap' | 'gem';
  width: number;
  height: number;
  /** Row-major, clamped to [0, 1]. */
  values: number[];
}

export interface MethodOut {
  method: PipelineMethod;
  /** The parameters the method ran with. */
  params: Record<string, unknown>;
  /** Best first. */
  candidates: { proposalIndex: number; score: number }[];
  /** The map the method scored with, ready to store. */
  heatMap: StorableHeatMap | null;
  /** Wall time of the method: its text features, any image features not yet cached, and the method. */
  ms: number;
}

export interface MethodsRequest<M extends EngineModels = EngineModels> {
  models: M;
  image: EngineImage;
  /** Names the proposal set the features are computed over (its stored id). */
  proposalSetId: number;
  /** True when the proposals were just (re)computed, so any features cached for the set are stale. */
  fresh: boolean;
  proposals: Rle[];
  text: string;
  methods: readonly PipelineMethod[];
  params: PipelineParams;
}

export interface MethodsResult {
  /** Whether the image's CLIP features were already cached. */
  featuresCached: boolean;
  methods: MethodOut[];
  /** The execution providers the CLIP graphs ran on. */
  providers: string[];
}

export interface RefineRequest<M extends EngineModels = EngineModels> {
  models: M;
  image: EngineImage;
  points: { x: number; y: number; positive: boolean }[];
  box?: { x0: number; y0: number; x1: number; y1: number };
  /** An earlier refinement of the same image whose low-res logits go back in as mask_input. */
  previous?: string;
}

export interface RefineOut {
  refinementId: string;
  mask: Rle;
  score: number;
  area: number;
}

export interface EngineCallOptions {
  signal?: AbortSignal;
}

/** M: how the caller names its models; the local engine also takes objects (a tokenizer) a worker cannot. */
export interface VisionEngine<M extends EngineModels = EngineModels> {
  modelNames(models: M): Promise<ModelNames>;
  /** SAM's automatic masks for the image, unfiltered beyond AMG's own filters. */
  proposals(
    request: { models: M; image: EngineImage; params: AmgParams },
    options?: EngineCallOptions,
  ): Promise<ProposalOut[]>;
  /** Each method in order; onMethod hears each one as it finishes. */
  methods(
    request: MethodsRequest<M>,
    options?: EngineCallOptions & { onMethod?: (out: MethodOut) => void },
  ): Promise<MethodsResult>;
  refine(request: RefineRequest<M>, options?: EngineCallOptions): Promise<RefineOut>;
  /**
   * Computes and caches the image's SAM embedding; false when it was already cached. Background work: in the worker
   * it waits behind every foreground request.
   */
  prepare(request: { models: M; image: EngineImage }, options?: EngineCallOptions): Promise<boolean>;
  close(): Promise<void>;
}
