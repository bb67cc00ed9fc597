// postprocess_small_regions for one mask: fill background regions smaller than minArea, then drop foreground
// regions smaller than minArea, with the masks library's removeSmallRegions (segment-anything's semantics, which
// judge regions over the whole image). Working on the whole image for every proposal would cost the image's size
// per proposal, so the mask's window is grown by a background margin and cleaned there; the result is the
// whole-image result whenever no background region reaching the margin was judged small, and that is checked.

import { type Mask, removeSmallRegions } from '../../../masks';
import type { BoxXyxy } from './crops';
import type { Size } from './frame';
import { type MaskWindow, reframeWindow, windowArea, windowBox } from './mask-window';

export interface CleanedMask {
  window: MaskWindow;
  /** False when neither step changed anything (the official generator's "unchanged" score of 1). */
  changed: boolean;
}

/**
 * Why the grown window is exact: foreground regions all lie inside it, so islands are judged the same. A
 * background region that does not reach the margin cannot leave the window other than through the image border,
 * so it has the same pixels as in the whole image. One that reaches the margin has at least as many pixels in the
 * whole image, so if the window judges it large the whole image does too; if the window judges it small, its
 * margin pixels get filled, which is the case handed to the whole image. The margin makes each side strip at least
 * minArea pixels where the image leaves room, so that case needs a region squeezed against the image border.
 */
export function cleanSmallRegions(win: MaskWindow, image: Size, minArea: number): CleanedMask {
  // An empty mask's one background region is the whole image; only the whole image can judge it.
  if (windowArea(win) === 0) return cleanWhole(win, image, minArea);
  const box = windowBox(win);
  const [bx0, by0, bx1, by1] = box;
  const margin = Math.ceil(minArea / Math.min(bx1 - bx0 + 1, by1 - by0 + 1));
  const grownBox: BoxXyxy = [
    Math.max(0, bx0 - margin),
    Math.max(0, by0 - margin),
    Math.min(image.width, bx1 + 1 + margin),
    Math.min(image.height, by1 + 1 + margin),
  ];
  const grown = reframeWindow(win, grownBox);
  const holes = removeSmallRegions(grown.mask, minArea, 'holes');
  if (holes.changed && marginTouched(holes.mask, box, grownBox)) return cleanWhole(win, image, minArea);
  const islands = removeSmallRegions(holes.mask, minArea, 'islands');
  return { window: { x: grown.x, y: grown.y, mask: islands.mask }, changed: holes.changed || islands.changed };
}

/** Whether any pixel of the margin (the grown window outside the original foreground box) is foreground. */
function marginTouched(mask: Mask, box: BoxXyxy, grown: BoxXyxy): boolean {
  const { width: w, height: h, data } = mask;
  const ix0 = box[0] - grown[0];
  const iy0 = box[1] - grown[1];
  const ix1 = box[2] + 1 - grown[0];
  const iy1 = box[3] + 1 - grown[1];
  for (let y = 0; y < h; y++) {
    const row = y * w;
    const inside = y >= iy0 && y < iy1;
    for (let x = 0; x < w; x++) {
      if (inside && x === ix0) x = ix1;
      if (x < w && data[row + x]) return true;
    }
  }
  return false;
}

function cleanWhole(win: MaskWindow, image: Size, minArea: number): CleanedMask {
  const whole = reframeWindow(win, [0, 0, image.width, image.height]);
  const holes = removeSmallRegions(whole.mask, minArea, 'holes');
  const islands = removeSmallRegions(holes.mask, minArea, 'islands');
  return { window: { x: 0, y: 0, mask: islands.mask }, changed: holes.changed || islands.changed };
}
