// Decodes only a window of an RLE: per-object work (polygon export, thumbnails) then costs the object's size,
// not the whole image's.
import type { Mask } from './mask';
import type { Runs } from './rle';

/** The pixels of runs inside the window [x0, x0 + w) × [y0, y0 + h), as a w × h mask; the window may overhang. */
export function runsToMaskWindow(runs: Runs, x0: number, y0: number, w: number, h: number): Mask {
  const { height: H, counts } = runs;
  const data = new Uint8Array(w * h);
  let pos = 0;
  for (let r = 0; r < counts.length; r++) {
    const len = counts[r];
    if (r & 1 && len > 0) {
      const end = pos + len;
      const firstColumn = Math.max(Math.floor(pos / H), x0);
      const lastColumn = Math.min(Math.floor((end - 1) / H), x0 + w - 1);
      for (let x = firstColumn; x <= lastColumn; x++) {
        const from = Math.max(pos - x * H, 0, y0);
        const to = Math.min(end - x * H, H, y0 + h);
        for (let y = from; y < to; y++) data[(y - y0) * w + (x - x0)] = 1;
      }
    }
    pos += len;
  }
  return { width: w, height: h, data };
}
