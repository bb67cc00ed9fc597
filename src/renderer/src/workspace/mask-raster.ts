// Masks into RGBA pixels for canvases: a translucent fill with an opaque edge, so a mask reads clearly over any
// photo and its boundary shows exactly which pixels it holds.
import type { Mask, Runs } from '../../../main/masks';
import type { PixelRect } from '../correct/brush';

export type Rgb = readonly [number, number, number];

export interface MaskStyle {
  color: Rgb;
  /** 0–255. */
  fillAlpha: number;
  edgeAlpha: number;
}

/**
 * Writes the mask's pixels inside `rect` (all of it by default) into `rgba` (width × height × 4): foreground gets
 * the style's colour (edge pixels, those with a 4-neighbour outside the mask or on the image border, the edge alpha),
 * background becomes transparent when `clear` is set and is left alone otherwise.
 */
export function paintMask(
  rgba: Uint8ClampedArray,
  mask: Mask,
  style: MaskStyle,
  options: { rect?: PixelRect; clear?: boolean } = {},
): void {
  const { width: w, height: h, data } = mask;
  const { x0, y0, x1, y1 } = options.rect ?? { x0: 0, y0: 0, x1: w, y1: h };
  const [r, g, b] = style.color;
  for (let y = Math.max(0, y0); y < Math.min(h, y1); y++) {
    for (let x = Math.max(0, x0); x < Math.min(w, x1); x++) {
      const i = y * w + x;
      const o = i * 4;
      if (data[i] === 0) {
        if (options.clear) rgba[o + 3] = 0;
        continue;
      }
      const edge =
        x === 0 ||
        y === 0 ||
        x === w - 1 ||
        y === h - 1 ||
        !data[i - 1] ||
        !data[i + 1] ||
        !data[i - w] ||
        !data[i + w];
      rgba[o] = r;
      rgba[o + 1] = g;
      rgba[o + 2] = b;
      rgba[o + 3] = edge ? style.edgeAlpha : style.fillAlpha;
    }
  }
}

/**
 * Nearest-neighbour samples of a mask straight from its runs into a tw × th row-major mask (thumbnails): pixel
 * (tx, ty) takes source pixel (⌊(tx + ½)·W/tw⌋, ⌊(ty + ½)·H/th⌋). Costs the runs plus the thumbnail, never W × H.
 */
export function sampleRuns(runs: Runs, tw: number, th: number): Uint8Array {
  const { width: W, height: H, counts } = runs;
  const out = new Uint8Array(tw * th);
  if (W === 0 || H === 0 || tw === 0 || th === 0) return out;
  const srcX = new Int32Array(tw);
  for (let tx = 0; tx < tw; tx++) srcX[tx] = Math.min(W - 1, Math.floor(((tx + 0.5) * W) / tw));
  const srcY = new Int32Array(th);
  for (let ty = 0; ty < th; ty++) srcY[ty] = Math.min(H - 1, Math.floor(((ty + 0.5) * H) / th));
  // For each source row y, the first thumbnail row sampling at or below it; rows [firstTy[a], firstTy[b]) sample
  // source rows [a, b).
  const firstTy = new Int32Array(H + 1);
  for (let y = 0, ty = 0; y <= H; y++) {
    while (ty < th && srcY[ty] < y) ty++;
    firstTy[y] = ty;
  }
  let pos = 0;
  let tx = 0;
  for (let k = 0; k < counts.length; k++) {
    const len = counts[k];
    if (k & 1 && len > 0) {
      const end = pos + len;
      while (tx < tw && (srcX[tx] + 1) * H <= pos) tx++;
      for (let t = tx; t < tw && srcX[t] * H < end; t++) {
        const columnStart = srcX[t] * H;
        const from = Math.max(pos, columnStart) - columnStart;
        const to = Math.min(end, columnStart + H) - columnStart;
        for (let ty = firstTy[from]; ty < firstTy[to]; ty++) out[ty * tw + t] = 1;
      }
    }
    pos += len;
  }
  return out;
}
