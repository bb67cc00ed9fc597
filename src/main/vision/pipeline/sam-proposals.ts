// SAM for the prediction engine: the encoder and decoder graphs compiled beside the weights under a key of
// (weights hash, variant, builder version), as CLIP's are, a predictor in this process, image embeddings cached by
// the image's hash (memory, then disk), automatic mask generation and click-to-refine sessions.
import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Rle } from '../../../shared/domain';
import { encodeRle } from '../../masks';
import { compiledGraphPath } from '../../models/compiled-graphs';
import { sha256File } from '../../models/file-hash';
import { ByteLru } from '../cache/byte-lru';
import {
  type ImageLoader,
  SamEmbeddingCache,
  type SamEmbeddingCacheOptions,
  type SamEmbeddingStats,
} from '../cache/sam-embeddings';
import type { RgbImage } from '../methods/shared/image';
import type { AmgResult, AmgRunOptions } from '../sam/amg/generate';
import type { AmgParams } from '../sam/amg/params';
import { SAM_BUILDER_VERSION, SAM_WEIGHTS_FILE, type SamVariant, compileSam } from '../sam/model/compile';
import { type SamEmbedding, SamPredictor } from '../sam/predictor/predictor';
import type { SessionConfig } from '../runtime/session-config';

export interface SamProposalsOptions extends Omit<SamEmbeddingCacheOptions, 'cacheDir'> {
  /** Where embeddings are kept on disk (under sam-embeddings/); absent: in memory only. */
  cacheDir?: string;
  /** Memory for the low-resolution logits of recent refinements (256 KiB each); default 32 MiB. */
  refinementBytes?: number;
}

export interface RefinePoint {
  /** Image pixels. */
  x: number;
  y: number;
  /** A click on the object (true) or off it (false). */
  positive: boolean;
}

export interface RefineRequest {
  imageSha: string;
  /** Decodes the image; called only when its embedding is not cached. */
  image: ImageLoader;
  points: readonly RefinePoint[];
  /** Corners in image pixels. */
  box?: { x0: number; y0: number; x1: number; y1: number };
  /** The refinementId of the result this one refines: its mask is fed back to the decoder. */
  previous?: string;
}

export interface Refinement {
  /** Pass as `previous` to refine this mask further. */
  refinementId: string;
  /** At image resolution. */
  mask: Rle;
  /** The decoder's predicted IoU. */
  score: number;
  /** Pixels in the mask. */
  area: number;
}

interface KeptRefinement {
  imageSha: string;
  lowResLogits: Float32Array;
}

const DEFAULT_REFINEMENT_BYTES = 32 * 2 ** 20;

export class SamProposals {
  private predictor: Promise<SamPredictor> | null = null;
  private readonly embeddings: SamEmbeddingCache;
  private readonly refinements: ByteLru<string, KeptRefinement>;

  private constructor(
    readonly dir: string,
    /** The weights' SHA-256: names the model in proposal sets, so new weights get new proposals. */
    readonly weightsSha256: string,
    private readonly session: SessionConfig,
    options: SamProposalsOptions,
  ) {
    this.embeddings = new SamEmbeddingCache(
      { model: this.modelName, builder: SAM_BUILDER_VERSION },
      // The folder changes with the encoder build too: a fixed graph must not serve its predecessor's embeddings.
      `${this.modelName.replace(/[^A-Za-z0-9._-]/g, '_')}.b${SAM_BUILDER_VERSION}`,
      async (image) => (await this.open()).encode(image),
      options,
    );
    this.refinements = new ByteLru(
      options.refinementBytes ?? DEFAULT_REFINEMENT_BYTES,
      (r) => r.lowResLogits.byteLength,
    );
  }

  static async load(
    dir: string,
    session: SessionConfig = {},
    options: SamProposalsOptions = {},
  ): Promise<SamProposals> {
    return new SamProposals(dir, await sha256File(join(dir, SAM_WEIGHTS_FILE)), session, options);
  }

  /** The model name stored with proposal sets: 'sam:' and 16 hex digits of the weights' hash. */
  get modelName(): string {
    return `sam:${this.weightsSha256.slice(0, 16)}`;
  }

  /** Encoder runs on whole images so far (crops of AMG's crop layers are not counted). */
  get encodes(): number {
    return this.embeddings.stats.encodes;
  }

  get cacheStats(): SamEmbeddingStats {
    return this.embeddings.stats;
  }

  /** The embedding of the image with this SHA-256 (of its file): from memory, from disk, or encoded once. */
  embedding(imageSha: string, image: ImageLoader): Promise<SamEmbedding> {
    return this.embeddings.get(imageSha, image);
  }

  /** Makes sure the image's embedding is cached; false when it already was (nothing was encoded). */
  prepare(imageSha: string, image: ImageLoader): Promise<boolean> {
    return this.embeddings.prepare(imageSha, image);
  }

  /** Whether the embedding is in memory or in a complete disk file. */
  isCached(imageSha: string): Promise<boolean> {
    return this.embeddings.has(imageSha);
  }

  /** Automatic mask generation; with the image's hash, the whole-image embedding comes from the cache. */
  async generate(
    image: RgbImage,
    params: AmgParams,
    imageSha?: string,
    options: AmgRunOptions = {},
  ): Promise<AmgResult> {
    const embedding = imageSha ? await this.embedding(imageSha, () => Promise.resolve(image)) : undefined;
    return (await this.open()).proposals(image, params, { ...options, embedding });
  }

  /** One step of click-to-refine: points and a box, and the previous step's mask when `previous` names one. */
  async refine(request: RefineRequest): Promise<Refinement> {
    let maskInput: Float32Array | undefined;
    if (request.previous !== undefined) {
      const previous = this.refinements.get(request.previous);
      if (!previous) {
        throw new Error(
          `SAM refine: refinement '${request.previous}' is unknown or has expired; start a new refinement ` +
            '(without previous)',
        );
      }
      if (previous.imageSha !== request.imageSha) {
        throw new Error(
          `SAM refine: refinement '${request.previous}' belongs to image ${previous.imageSha}, not ${request.imageSha}`,
        );
      }
      maskInput = previous.lowResLogits;
    }
    const { box } = request;
    const embedding = await this.embedding(request.imageSha, request.image);
    const result = await (
      await this.open()
    ).refine(embedding, {
      points: request.points.map((p) => ({ x: p.x, y: p.y, label: p.positive ? 1 : 0 })),
      box: box && [box.x0, box.y0, box.x1, box.y1],
      maskInput,
    });
    const refinementId = randomUUID();
    this.refinements.set(refinementId, { imageSha: request.imageSha, lowResLogits: result.lowResLogits });
    return {
      refinementId,
      mask: encodeRle({ width: result.width, height: result.height, data: result.mask }),
      score: result.iouPrediction,
      area: result.area,
    };
  }

  async release(): Promise<void> {
    const predictor = this.predictor;
    this.predictor = null;
    if (predictor) await (await predictor).release();
  }

  private open(): Promise<SamPredictor> {
    if (!this.predictor) {
      const opening = this.openPredictor();
      this.predictor = opening;
      opening.catch(() => {
        if (this.predictor === opening) this.predictor = null;
      });
    }
    return this.predictor;
  }

  private async openPredictor(): Promise<SamPredictor> {
    const [encoderPath, decoderPath] = [await this.graph('sam.encoder'), await this.graph('sam.decoder')];
    return SamPredictor.load({ encoderPath, decoderPath, session: this.session });
  }

  private async graph(variant: SamVariant): Promise<string> {
    const path = compiledGraphPath({
      family: 'sam',
      variant,
      builderVersion: SAM_BUILDER_VERSION,
      weights: [{ file: join(this.dir, SAM_WEIGHTS_FILE), sha256: this.weightsSha256 }],
    });
    if (!(await stat(path).catch(() => null))) await compileSam({ weightsDir: this.dir, variant, out: path });
    return path;
  }
}
