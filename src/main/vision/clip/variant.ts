// The graphs compiled from one CLIP checkpoint. Names and I/O are a contract with the methods and the CLI:
//
// clip.text                input_ids int64 [B, T]                 → text_embeds [B, P], last_hidden_state [B, T, Wt]
// clip.image               pixel_values [B, 3, H, W]              → image_embeds [B, P],
//                                                                   hidden_state_L [B, 1+N, W] per tap L (1-based),
//                                                                   patch_embeds_L [B, N, P] per patch tap (CoPatch)
// clip.image.token-mask    pixel_values [1, 3, H, W], token_mask [K, N]
//                                                                 → image_embeds [K, P]   (GL-CLIP global feature)
// clip.image.mask-cls      pixel_values [1, 3, H, W], patch_masks [K, N]
//                                                                 → mask_embeds [K, P], image_embeds [1, P] (Ref-Diff soft;
//                                                                   image_embeds is the class token read at the same block)
// clip.image.hybrid        local_pixel_values [K, 3, H, W], global_pixel_values [K, 3, H, W], token_mask [K, N]
//                                                                 → image_embeds [K, P]   (HybridGL G2L; token_mask is
//                                                                   the soft m̃ that scales ĝ, its > 0 the CLS mask)
// clip.image.gem           pixel_values [B, 3, H, W]              → gem_patch_embeds [B, N, P], image_embeds [B, P]
//
// T = max_position_embeddings (77), P = projection_dim, N = patches of the H×W input; embeddings are not normalised.

export type ImageSize = number | readonly [number, number];

interface ImageVariantBase {
  /** Input size in pixels (square when a number); defaults to the checkpoint's image_size. */
  imageSize?: ImageSize;
}

export interface TextVariant {
  variant: 'clip.text';
}

export interface ImageVariant extends ImageVariantBase {
  variant: 'clip.image';
  /** Encoder layers (1-based) whose output is exposed as hidden_state_L. */
  taps?: readonly number[];
  /** CoPatch exit layers l (1-based): patch_embeds_l = visual_projection(post_layernorm(−patch tokens of layer l)). */
  patchTaps?: readonly number[];
}

export interface TokenMaskVariant extends ImageVariantBase {
  variant: 'clip.image.token-mask';
  /** 0-based index of the first block whose input patch tokens are multiplied by the mask (GL-CLIP: 9). */
  fromBlock: number;
}

export interface MaskClsVariant extends ImageVariantBase {
  variant: 'clip.image.mask-cls';
  /** Which block's mask tokens are read: the last (Ref-Diff code) or the one before it (paper). */
  layer?: 'final' | 'penultimate';
}

export interface HybridVariant extends ImageVariantBase {
  variant: 'clip.image.hybrid';
  /** 0-based index of the first fused block (HybridGL masking_block: 9). */
  fromBlock: number;
  /** w in local ← Block(local + w·ĝ); 2 (the authors' code) when absent. */
  globalWeight?: number;
}

export interface GemVariant extends ImageVariantBase {
  variant: 'clip.image.gem';
  /** How many final blocks get the self-self attention path (HybridGL: 6). */
  gemBlocks: number;
}

export type ClipVariant = TextVariant | ImageVariant | TokenMaskVariant | MaskClsVariant | HybridVariant | GemVariant;

export type ClipVariantName = ClipVariant['variant'];

export const CLIP_VARIANTS: readonly ClipVariantName[] = [
  'clip.text',
  'clip.image',
  'clip.image.token-mask',
  'clip.image.mask-cls',
  'clip.image.hybrid',
  'clip.image.gem',
];

/** Checks the variant's numbers against the vision tower depth; throws a message naming the option. */
export function checkVariant(v: ClipVariant, visionLayers: number): void {
  const layerList = (name: string, list: readonly number[] | undefined) => {
    for (const l of list ?? []) {
      if (!Number.isInteger(l) || l < 1 || l > visionLayers) {
        throw new Error(`${v.variant}: ${name} ${l} is not a layer in 1..${visionLayers}`);
      }
    }
  };
  const block = (name: string, value: number, min: number, max: number) => {
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new Error(`${v.variant}: ${name} ${value} is not in ${min}..${max}`);
    }
  };
  switch (v.variant) {
    case 'clip.text':
      return;
    case 'clip.image':
      layerList('tap', v.taps);
      layerList('patch tap', v.patchTaps);
      return;
    case 'clip.image.token-mask':
      block('fromBlock', v.fromBlock, 0, visionLayers - 1);
      return;
    case 'clip.image.hybrid':
      block('fromBlock', v.fromBlock, 0, visionLayers - 1);
      if (v.globalWeight !== undefined && !Number.isFinite(v.globalWeight)) {
        throw new Error(`${v.variant}: globalWeight ${v.globalWeight} is not a finite number`);
      }
      return;
    case 'clip.image.mask-cls':
      if (v.layer === 'penultimate' && visionLayers < 2) throw new Error(`${v.variant}: no penultimate layer`);
      return;
    case 'clip.image.gem':
      block('gemBlocks', v.gemBlocks, 1, visionLayers);
      return;
  }
}

/** A short stable name for file names and cache keys, e.g. 'clip.image.t8-10.p8.448' */
export function variantKey(v: ClipVariant): string {
  const size = 'imageSize' in v && v.imageSize !== undefined ? [sizeKey(v.imageSize)] : [];
  switch (v.variant) {
    case 'clip.text':
      return v.variant;
    case 'clip.image': {
      const parts: string[] = [v.variant];
      if (v.taps?.length) parts.push(`t${v.taps.join('-')}`);
      if (v.patchTaps?.length) parts.push(`p${v.patchTaps.join('-')}`);
      return [...parts, ...size].join('.');
    }
    case 'clip.image.token-mask':
      return [v.variant, `b${v.fromBlock}`, ...size].join('.');
    case 'clip.image.hybrid': {
      const weight = v.globalWeight === undefined || v.globalWeight === 2 ? [] : [`w${v.globalWeight}`];
      return [v.variant, `b${v.fromBlock}`, ...weight, ...size].join('.');
    }
    case 'clip.image.mask-cls':
      return [v.variant, v.layer ?? 'final', ...size].join('.');
    case 'clip.image.gem':
      return [v.variant, `g${v.gemBlocks}`, ...size].join('.');
  }
}

function sizeKey(size: ImageSize): string {
  return typeof size === 'number' ? String(size) : `${size[0]}x${size[1]}`;
}
