// The CLIP image features of one image and its proposals, computed on first use and kept: a further expression on
// the same image (same proposals, same model) does no image work. Everything here depends on the image and the
// proposals only, never on the expression.
import { localImage, type RgbImage } from '../methods/shared/image';
import type { ProposalMask } from '../methods/shared/proposals';
import type { FeatureMatrix } from '../methods/shared/types';
import { localToClip, maskOnPatchGrid, stretchToClip } from './clip-pixels';
import type { ClipModels } from './clip-models';

export class ImageFeatures {
  private whole: Promise<Float32Array> | null = null;
  private local: Promise<FeatureMatrix> | null = null;
  private readonly global = new Map<number, Promise<FeatureMatrix>>();
  private readonly patches = new Map<number, Promise<FeatureMatrix>>();

  constructor(
    private readonly clip: ClipModels,
    private readonly image: RgbImage,
    readonly proposals: readonly ProposalMask[],
  ) {}

  /** Local features (I·M + (1 − M)·mean, cropped to the box), one row per proposal. */
  localFeatures(): Promise<FeatureMatrix> {
    this.local ??= (async () => {
      const size = this.clip.imageSize;
      const inputs: Float32Array[] = [];
      for (const p of this.proposals) inputs.push(await localToClip(localImage(this.image, p, { crop: true }), size));
      return this.clip.imageEmbeds(inputs);
    })();
    return this.local;
  }

  /** Global (token-masked) features, one row per proposal, masking from block fromBlock on. */
  globalFeatures(fromBlock: number): Promise<FeatureMatrix> {
    return memo(this.global, fromBlock, async () => {
      const grid = this.clip.grid;
      const masks = new Float32Array(this.proposals.length * grid * grid);
      this.proposals.forEach((p, k) => masks.set(maskOnPatchGrid(p, grid, grid), k * grid * grid));
      return this.clip.tokenMaskedEmbeds(await this.wholeInput(), masks, this.proposals.length, fromBlock);
    });
  }

  /** CoPatch's exit-layer patch features of the whole image. */
  patchFeatures(layer: number): Promise<FeatureMatrix> {
    return memo(this.patches, layer, async () => this.clip.patchFeatures(await this.wholeInput(), layer));
  }

  private wholeInput(): Promise<Float32Array> {
    this.whole ??= stretchToClip(this.image, this.clip.imageSize);
    return this.whole;
  }
}

function memo<T>(map: Map<number, Promise<T>>, key: number, make: () => Promise<T>): Promise<T> {
  let value = map.get(key);
  if (!value) {
    value = make();
    map.set(key, value);
    value.catch(() => map.delete(key));
  }
  return value;
}

/** Features by (image SHA-256, CLIP model, proposal set); least recently used entries leave first. */
export class FeatureCache {
  private readonly entries = new Map<string, ImageFeatures>();

  constructor(private readonly capacity = 32) {}

  get(key: string): ImageFeatures | undefined {
    const found = this.entries.get(key);
    if (found) {
      this.entries.delete(key);
      this.entries.set(key, found);
    }
    return found;
  }

  set(key: string, features: ImageFeatures): void {
    this.entries.delete(key);
    this.entries.set(key, features);
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }

  get size(): number {
    return this.entries.size;
  }
}
