// A binary mask stored as the window around its foreground, placed in a larger image. Proposals cover a small
// part of the image each, so keeping only their windows saves memory and makes per-mask work cost the mask's
// size rather than the image's.

import type { Rle } from '../../../../shared/domain';
import { type Mask, createMask, encodeRle, maskFromData } from '../../../masks';
import type { BoxXyxy } from './crops';
import type { Size } from './frame';

export interface MaskWindow {
  /** Position of mask pixel (0, 0) in the image. */
  x: number;
  y: number;
  mask: Mask;
}

export function windowArea(win: MaskWindow): number {
  const d = win.mask.data;
  let n = 0;
  for (let i = 0; i < d.length; i++) n += d[i];
  return n;
}

/** Inclusive [x0, y0, x1, y1] of the foreground in image coordinates; [0, 0, 0, 0] when empty, as batched_mask_to_box. */
export function windowBox(win: MaskWindow): BoxXyxy {
  const { width: w, height: h, data } = win.mask;
  let x0 = w;
  let x1 = -1;
  let y0 = -1;
  let y1 = -1;
  for (let y = 0; y < h; y++) {
    const row = y * w;
    let first = -1;
    let last = -1;
    for (let x = 0; x < w; x++) {
      if (data[row + x]) {
        if (first < 0) first = x;
        last = x;
      }
    }
    if (first < 0) continue;
    if (y0 < 0) y0 = y;
    y1 = y;
    if (first < x0) x0 = first;
    if (last > x1) x1 = last;
  }
  if (y0 < 0) return [0, 0, 0, 0];
  return [win.x + x0, win.y + y0, win.x + x1, win.y + y1];
}

/** Foreground pixels two windows share. */
export function windowIntersection(a: MaskWindow, b: MaskWindow): number {
  const x0 = Math.max(a.x, b.x);
  const y0 = Math.max(a.y, b.y);
  const x1 = Math.min(a.x + a.mask.width, b.x + b.mask.width);
  const y1 = Math.min(a.y + a.mask.height, b.y + b.mask.height);
  let n = 0;
  for (let y = y0; y < y1; y++) {
    let ia = (y - a.y) * a.mask.width + (x0 - a.x);
    let ib = (y - b.y) * b.mask.width + (x0 - b.x);
    for (let x = x0; x < x1; x++) n += a.mask.data[ia++] & b.mask.data[ib++];
  }
  return n;
}

/** A window over `box` ([x0, y0, x1, y1) in the image) holding the mask's pixels there; the rest is background. */
export function reframeWindow(win: MaskWindow, box: BoxXyxy): MaskWindow {
  const [x0, y0, x1, y1] = box;
  const out = createMask(x1 - x0, y1 - y0);
  const { width: w, height: h, data } = win.mask;
  const fromX = Math.max(x0, win.x);
  const toX = Math.min(x1, win.x + w);
  for (let y = Math.max(y0, win.y), end = Math.min(y1, win.y + h); y < end && fromX < toX; y++) {
    const src = (y - win.y) * w - win.x;
    out.data.set(data.subarray(src + fromX, src + toX), (y - y0) * out.width + (fromX - x0));
  }
  return { x: x0, y: y0, mask: out };
}

/**
 * Encodes windows as full-image COCO RLE through one image-sized buffer: each window is painted in, encoded and
 * cleared again, so no image-sized mask is allocated per proposal.
 */
export class WindowEncoder {
  private readonly canvas: Mask;
  constructor(image: Size) {
    this.canvas = createMask(image.width, image.height);
  }
  encode(win: MaskWindow): Rle {
    const { width: W, data: canvas } = this.canvas;
    const { width: w, height: h, data } = win.mask;
    for (let y = 0; y < h; y++) canvas.set(data.subarray(y * w, y * w + w), (win.y + y) * W + win.x);
    const rle = encodeRle(maskFromData(this.canvas.width, this.canvas.height, canvas));
    for (let y = 0; y < h; y++) canvas.fill(0, (win.y + y) * W + win.x, (win.y + y) * W + win.x + w);
    return rle;
  }
}
