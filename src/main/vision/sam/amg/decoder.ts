// What automatic mask generation needs from SAM: a mask decoder per crop. The encoder and decoder graphs live
// elsewhere; this interface is all the generator sees, so it runs (and is tested) on any function that produces
// logits.

import type { CropBox } from './crops';

export interface DecoderOutput {
  /**
   * [N, M, 256, 256] mask logits over the padded 1024×1024 frame, M masks per point: the three multimask outputs
   * (mask tokens 1–3 of SAM's decoder) for the generator's single-point prompts.
   */
  lowResLogits: Float32Array;
  /** [N, M] predicted IoU of each mask. */
  iouPredictions: Float32Array;
}

/**
 * Decodes N prompts on one crop's image embedding. pointCoords is [N, 1, 2] (x, y) in that crop's 1024 frame
 * (ResizeLongestSide coordinates), pointLabels [N, 1] (all 1, foreground). The arrays are not reused by the caller.
 */
export type SamDecode = (
  pointCoords: Float32Array,
  pointLabels: Float32Array,
) => Promise<DecoderOutput> | DecoderOutput;

/** Called once per crop box, in order, before its points are decoded; this is where the crop is encoded. */
export type DecoderForCrop = (crop: CropBox) => Promise<SamDecode> | SamDecode;
