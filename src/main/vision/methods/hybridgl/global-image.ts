// HybridGL's global image (METHODS.md §2.2): the proposal sharp, everything else Gaussian-blurred, as the authors
// compose it with cv2 (bitwise_and of the sharp image with the mask, plus the blurred image times 1 − mask).
// The blur is the same for every proposal of an image, so it is computed once and passed in.

import { gaussianBlur } from '../shared/gaussian-blur';
import { type RgbImage, checkRgb } from '../shared/image';
import { type ProposalMask, proposalToMask } from '../shared/proposals';

/** cv2.GaussianBlur(image, (k, k), 0), the shared background of every proposal's global image. */
export function blurredBackground(image: RgbImage, kernel = 15): RgbImage {
  return gaussianBlur(image, kernel);
}

/** Pixels inside the proposal from the image, outside from the blurred image. */
export function globalImage(image: RgbImage, blurred: RgbImage, proposal: ProposalMask): RgbImage {
  checkRgb('global image', image);
  checkRgb('global image background', blurred);
  const { width: w, height: h } = image;
  if (blurred.width !== w || blurred.height !== h || proposal.width !== w || proposal.height !== h) {
    throw new Error(
      `global image: image ${w}x${h}, background ${blurred.width}x${blurred.height}, ` +
        `proposal ${proposal.width}x${proposal.height} must match`,
    );
  }
  const m = proposalToMask(proposal).data;
  const out = blurred.data.slice();
  for (let i = 0; i < m.length; i++) {
    if (m[i] !== 0) {
      out[i * 3] = image.data[i * 3];
      out[i * 3 + 1] = image.data[i * 3 + 1];
      out[i * 3 + 2] = image.data[i * 3 + 2];
    }
  }
  return { width: w, height: h, data: out };
}
