// The CLIP image features of one image and its proposals, computed on first use and kept: a further expression on
// the same image (same proposals, same model) does no image work. Everything here depends on the image and the
// proposals only, never on the expression.
import { blurredBackground, globalImage } from '../methods/hybridgl';
import { maskToGridBilinear } from '../methods/shared/grid';
import { localImage, type RgbImage } from '../methods/shared/image';
import type { ProposalMask } from '../methods/shared/proposals';
import type { FeatureMatrix } from '../methods/shared/types';
import { localToClip, maskOnPatchGrid, stretchToClip, stretchToImageNet } from './clip-pixels';
import type { ClipModels } from './clip-models';

/** The graph-side settings of HybridGL's G2L features (its HybridGLParams of the same names). */
export interface HybridFeatureOptions {
  maskingBlock: number;
  globalFusionWeight: number;
  blurKernel: number;
}

export class ImageFeatures {
  private local: Promise<FeatureMatrix> | null = null;
  private readonly whole = new Map<number, Promise<Float32Array>>();
  private readonly global = new Map<number, Promise<FeatureMatrix>>();
  private readonly patches = new Map<number, Promise<FeatureMatrix>>();
  private readonly hybrid = new Map<string, Promise<FeatureMatrix>>();
  private readonly gem = new Map<string, Promise<FeatureMatrix>>();

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

  /**
   * HybridGL's v_k, one row per proposal (METHODS.md §2.2). The local image is the spec's I·M + (1 − M)·c over the
   * whole frame (no crop) with CLIP's normalisation, as GL-CLIP's local image. The global image, sharp inside M and
   * blurred outside, is normalised with ImageNet's mean and std, because the authors' code does so (T.Normalize with
   * torchvision's ImageNet values before the resize) although the CLIP it feeds was trained on CLIP's statistics.
   * m̃ is the mask bilinearly resized to the patch grid, as their TF.resize of the float mask.
   */
  hybridFeatures(options: HybridFeatureOptions): Promise<FeatureMatrix> {
    const { maskingBlock, globalFusionWeight, blurKernel } = options;
    return memo(this.hybrid, JSON.stringify([maskingBlock, globalFusionWeight, blurKernel]), async () => {
      const size = this.clip.imageSize;
      const grid = this.clip.grid;
      const blurred = blurredBackground(this.image, blurKernel);
      const local: Float32Array[] = [];
      const global: Float32Array[] = [];
      const masks = new Float32Array(this.proposals.length * grid * grid);
      for (const [k, p] of this.proposals.entries()) {
        local.push(await localToClip(localImage(this.image, p, { crop: false }), size));
        global.push(await stretchToImageNet(globalImage(this.image, blurred, p), size));
        masks.set(maskToGridBilinear(p, grid, grid), k * grid * grid);
      }
      return this.clip.hybridEmbeds(local, global, masks, maskingBlock, globalFusionWeight);
    });
  }

  /**
   * GEM's patch features of the whole image stretched to size × size with CLIP's normalisation (the GEM code's
   * transform: bicubic resize to 448 × 448, CLIP's mean and std); rows follow clip.gridOf(size) row-major.
   */
  gemPatchFeatures(size: number, gemBlocks: number): Promise<FeatureMatrix> {
    return memo(this.gem, JSON.stringify([size, gemBlocks]), async () =>
      this.clip.gemPatchFeatures(await this.wholeInput(size), size, gemBlocks),
    );
  }

  private wholeInput(size = this.clip.imageSize): Promise<Float32Array> {
    return memo(this.whole, size, () => stretchToClip(this.image, size));
  }
}

function memo<K, T>(map: Map<K, Promise<T>>, key: K, make: () => Promise<T>): Promise<T> {
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
