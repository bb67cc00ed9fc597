// One CLIP checkpoint's compiled graphs as onnxruntime sessions in this process, each compiled and opened the
// first time a method needs it. The inputs and outputs follow the variant contract in ../clip/variant.ts.
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { CLIP_CONFIG_FILE } from '../clip/compile';
import { type ClipConfig, readClipConfig } from '../clip/config';
import { ensureClipGraph } from '../clip/ensure-compiled';
import { type ClipVariant, variantKey } from '../clip/variant';
import type { ClipTokenizer } from '../clip-tokenizer/tokenizer';
import type { FeatureMatrix } from '../methods/shared/types';
import { createSession, type LoadedSession } from '../runtime/create-session';
import type { SessionConfig } from '../runtime/session-config';

/** Images per clip.image call: bounds memory on images with many proposals. */
const IMAGE_BATCH = 16;

export class ClipModels {
  private readonly sessions = new Map<string, Promise<LoadedSession>>();

  private constructor(
    readonly dir: string,
    readonly config: ClipConfig,
    private readonly session: SessionConfig,
  ) {}

  static async load(dir: string, session: SessionConfig = {}): Promise<ClipModels> {
    return new ClipModels(dir, await readClipConfig(join(dir, CLIP_CONFIG_FILE)), session);
  }

  get imageSize(): number {
    return this.config.vision.imageSize;
  }

  /** Patches per side of the model input. */
  get grid(): number {
    return Math.floor(this.config.vision.imageSize / this.config.vision.patchSize);
  }

  get dim(): number {
    return this.config.projectionDim;
  }

  /** Raw (unnormalised) text_embeds, one per text. */
  async textFeatures(tokenizer: ClipTokenizer, texts: readonly string[]): Promise<Float32Array[]> {
    const context = this.config.text.maxPositionEmbeddings;
    const batch = tokenizer.encodeBatch(texts, { contextLength: context });
    const vocab = this.config.text.vocabSize;
    for (const id of batch.inputIds) {
      if (id >= BigInt(vocab)) throw new Error(`${this.dir}: token id ${id} is outside the vocabulary of ${vocab}`);
    }
    const out = await this.run(
      { variant: 'clip.text' },
      { input_ids: new ort.Tensor('int64', batch.inputIds, batch.shape) },
    );
    const embeds = out.text_embeds.data as Float32Array;
    return texts.map((_, i) => embeds.slice(i * this.dim, (i + 1) * this.dim));
  }

  /** image_embeds of each [3, S, S] input. */
  async imageEmbeds(inputs: readonly Float32Array[]): Promise<FeatureMatrix> {
    const s = this.imageSize;
    const plane = 3 * s * s;
    const data = new Float32Array(inputs.length * this.dim);
    for (let start = 0; start < inputs.length; start += IMAGE_BATCH) {
      const chunk = inputs.slice(start, start + IMAGE_BATCH);
      const pixels = new Float32Array(chunk.length * plane);
      chunk.forEach((input, i) => pixels.set(input, i * plane));
      const out = await this.run(
        { variant: 'clip.image' },
        { pixel_values: new ort.Tensor('float32', pixels, [chunk.length, 3, s, s]) },
      );
      data.set(out.image_embeds.data as Float32Array, start * this.dim);
    }
    return { rows: inputs.length, dim: this.dim, data };
  }

  /** GL-CLIP's global feature per mask: patch tokens × mask from block fromBlock on; masks is [K, N]. */
  async tokenMaskedEmbeds(
    whole: Float32Array,
    masks: Float32Array,
    k: number,
    fromBlock: number,
  ): Promise<FeatureMatrix> {
    const s = this.imageSize;
    const n = this.grid * this.grid;
    if (k === 0) return { rows: 0, dim: this.dim, data: new Float32Array(0) };
    const out = await this.run(
      { variant: 'clip.image.token-mask', fromBlock },
      {
        pixel_values: new ort.Tensor('float32', whole, [1, 3, s, s]),
        token_mask: new ort.Tensor('float32', masks, [k, n]),
      },
    );
    return { rows: k, dim: this.dim, data: out.image_embeds.data as Float32Array };
  }

  /** CoPatch's E_p^l: one projected, negated patch feature per patch of the whole image, row-major. */
  async patchFeatures(whole: Float32Array, layer: number): Promise<FeatureMatrix> {
    const s = this.imageSize;
    const out = await this.run(
      { variant: 'clip.image', patchTaps: [layer] },
      { pixel_values: new ort.Tensor('float32', whole, [1, 3, s, s]) },
    );
    const n = this.grid * this.grid;
    return { rows: n, dim: this.dim, data: out[`patch_embeds_${layer}`].data as Float32Array };
  }

  /** The execution providers the loaded graphs actually run on (CUDA falls back to the CPU when it cannot load). */
  async providers(): Promise<string[]> {
    const loaded = await Promise.all(this.sessions.values());
    return [...new Set(loaded.map((s) => s.provider))];
  }

  async release(): Promise<void> {
    const sessions = [...this.sessions.values()];
    this.sessions.clear();
    for (const s of sessions) await (await s).session.release();
  }

  private async run(variant: ClipVariant, feeds: Record<string, ort.Tensor>): Promise<Record<string, ort.Tensor>> {
    const key = variantKey(variant);
    let session = this.sessions.get(key);
    if (!session) {
      session = ensureClipGraph({ weightsDir: this.dir, variant }).then((path) => createSession(path, this.session));
      this.sessions.set(key, session);
      session.catch(() => this.sessions.delete(key));
    }
    return (await session).session.run(feeds);
  }
}
