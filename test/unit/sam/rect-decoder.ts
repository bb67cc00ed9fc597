// A fake SAM decoder for hand-computed tests: masks painted as unions of image-space rectangles, chosen by the
// rectangle the prompt point falls in. A low-resolution cell is "inside" when its centre, mapped back to image
// pixels, is. With a 64 or 128 px long side (16 or 8 frame pixels per image pixel) every image pixel reads only
// its own cells, so the upsampled mask is exactly the rectangles and expected masks can be written down by hand.

import type { CropBox, DecoderForCrop, DecoderOutput } from '../../../src/main/vision/sam/amg';
import { resizedShape } from '../../../src/main/vision/sam/amg';

/** [x0, y0, x1, y1) in image pixels. */
export type Rect = [number, number, number, number];

export interface FakeMask {
  rects: Rect[];
  iou: number;
  /** Logit inside the rectangles (default 8) and outside (default −8). */
  inside?: number;
  outside?: number;
}

export interface FakeObject {
  /** Points inside this rectangle get this object's three masks. */
  at: Rect;
  masks: FakeMask[];
}

const CELLS = 256 * 256;

export function rectDecoder(objects: FakeObject[], background: FakeMask[]): DecoderForCrop {
  return (crop: CropBox) => {
    const [x0, y0, x1, y1] = crop.box;
    const r = resizedShape({ width: x1 - x0, height: y1 - y0 });
    const sx = r.width / (x1 - x0);
    const sy = r.height / (y1 - y0);
    const paint = (m: FakeMask): Float32Array => {
      const out = new Float32Array(CELLS).fill(m.outside ?? -8);
      for (let cy = 0; cy < 256; cy++) {
        const y = ((cy + 0.5) * 4) / sy + y0;
        for (let cx = 0; cx < 256; cx++) {
          const x = ((cx + 0.5) * 4) / sx + x0;
          if (m.rects.some(([a, b, c, d]) => x >= a && x < c && y >= b && y < d)) out[cy * 256 + cx] = m.inside ?? 8;
        }
      }
      return out;
    };
    const painted = objects.map((o) => o.masks.map(paint));
    const paintedBackground = background.map(paint);
    return (coords: Float32Array): DecoderOutput => {
      const n = coords.length / 2;
      const k = background.length;
      const lowResLogits = new Float32Array(n * k * CELLS);
      const iouPredictions = new Float32Array(n * k);
      for (let i = 0; i < n; i++) {
        const x = coords[i * 2] / sx + x0;
        const y = coords[i * 2 + 1] / sy + y0;
        const hit = objects.findIndex(({ at: [a, b, c, d] }) => x >= a && x < c && y >= b && y < d);
        const masks = hit < 0 ? background : objects[hit].masks;
        const logits = hit < 0 ? paintedBackground : painted[hit];
        masks.forEach((m, j) => {
          lowResLogits.set(logits[j], (i * k + j) * CELLS);
          iouPredictions[i * k + j] = m.iou;
        });
      }
      return { lowResLogits, iouPredictions };
    };
  };
}

/** A row-major mask of the union of rectangles. */
export function rectsMask(width: number, height: number, rects: Rect[]): Uint8Array {
  const data = new Uint8Array(width * height);
  for (const [a, b, c, d] of rects) for (let y = b; y < d; y++) data.fill(1, y * width + a, y * width + c);
  return data;
}
