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
    return this.gridOf(this.config.vision.imageSize);
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

  /**
   * HybridGL's v_k (G2L fusion): local and global [3, S, S] inputs per proposal and masks [K, N], the soft patch
   * weights m̃ of each proposal; fused from block fromBlock on with local ← Block(local + globalWeight·ĝ).
   */
  async hybridEmbeds(
    local: readonly Float32Array[],
    global: readonly Float32Array[],
    masks: Float32Array,
    fromBlock: number,
    globalWeight: number,
  ): Promise<FeatureMatrix> {
    const s = this.imageSize;
    const plane = 3 * s * s;
    const n = this.grid * this.grid;
    const k = local.length;
    if (global.length !== k || masks.length !== k * n) {
      throw new Error(`clip.image.hybrid: ${k} local, ${global.length} global inputs, ${masks.length / n} masks`);
    }
    const data = new Float32Array(k * this.dim);
    for (let start = 0; start < k; start += IMAGE_BATCH) {
      const count = Math.min(IMAGE_BATCH, k - start);
      const localPixels = new Float32Array(count * plane);
      const globalPixels = new Float32Array(count * plane);
      for (let i = 0; i < count; i++) {
        localPixels.set(local[start + i], i * plane);
        globalPixels.set(global[start + i], i * plane);
      }
      const out = await this.run(
        { variant: 'clip.image.hybrid', fromBlock, globalWeight },
        {
          local_pixel_values: new ort.Tensor('float32', localPixels, [count, 3, s, s]),
          global_pixel_values: new ort.Tensor('float32', globalPixels, [count, 3, s, s]),
          token_mask: new ort.Tensor('float32', masks.slice(start * n, (start + count) * n), [count, n]),
        },
      );
      data.set(out.image_embeds.data as Float32Array, start * this.dim);
    }
    return { rows: k, dim: this.dim, data };
  }

  /** Patches per side of a size × size input. */
  gridOf(size: number): number {
    return Math.floor(size / this.config.vision.patchSize);
  }

  /**
   * GEM's projected patch features (gem_patch_embeds) of the whole image at size × size, with the self-self path in
   * the last gemBlocks blocks: one row per patch of the gridOf(size)² grid, row-major.
   */
  async gemPatchFeatures(whole: Float32Array, size: number, gemBlocks: number): Promise<FeatureMatrix> {
    const out = await this.run(
      { variant: 'clip.image.gem', gemBlocks, imageSize: size },
      { pixel_values: new ort.Tensor('float32', whole, [1, 3, size, size]) },
    );
    const grid = this.gridOf(size);
    return { rows: grid * grid, dim: this.dim, data: out.gem_patch_embeds.data as Float32Array };
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
