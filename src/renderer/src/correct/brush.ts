// Brush and eraser strokes on a row-major mask. A pixel belongs to a stroke segment when its centre lies within
// `radius` of the segment (a capsule), so fast strokes leave no gaps between mouse events.
import type { Mask } from '../../../main/masks';

/** Pixel rectangle [x0, x1) × [y0, y1). */
export interface PixelRect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export function unionRect(a: PixelRect | null, b: PixelRect | null): PixelRect | null {
  if (!a) return b;
  if (!b) return a;
  return { x0: Math.min(a.x0, b.x0), y0: Math.min(a.y0, b.y0), x1: Math.max(a.x1, b.x1), y1: Math.max(a.y1, b.y1) };
}

/**
 * Sets every pixel whose centre is within `radius` of the segment (ax, ay)–(bx, by) to `value`, in image
 * coordinates (pixel (x, y) has its centre at x + 0.5, y + 0.5). Returns the rectangle that may have changed, or
 * null when the capsule misses the image.
 */
export function paintSegment(
  mask: Mask,
  ax: number,
  ay: number,
  bx: number,
  by: number,
  radius: number,
  value: 0 | 1,
): PixelRect | null {
  const { width: w, height: h, data } = mask;
  const x0 = Math.max(0, Math.floor(Math.min(ax, bx) - radius));
  const y0 = Math.max(0, Math.floor(Math.min(ay, by) - radius));
  const x1 = Math.min(w, Math.ceil(Math.max(ax, bx) + radius) + 1);
  const y1 = Math.min(h, Math.ceil(Math.max(ay, by) + radius) + 1);
  if (x0 >= x1 || y0 >= y1) return null;
  const dx = bx - ax;
  const dy = by - ay;
  const lengthSq = dx * dx + dy * dy;
  const r2 = radius * radius;
  for (let y = y0; y < y1; y++) {
    const py = y + 0.5;
    for (let x = x0; x < x1; x++) {
      const px = x + 0.5;
      // Closest point of the segment to the pixel centre.
      const t = lengthSq === 0 ? 0 : Math.min(1, Math.max(0, ((px - ax) * dx + (py - ay) * dy) / lengthSq));
      const ex = px - (ax + t * dx);
      const ey = py - (ay + t * dy);
      if (ex * ex + ey * ey <= r2) data[y * w + x] = value;
    }
  }
  return { x0, y0, x1, y1 };
}

/** Sets `target` to target ∪ shape (mode 'add') or target \ shape ('subtract'); both masks the same size. */
export function combineInto(target: Mask, shape: Mask, mode: 'add' | 'subtract'): void {
  if (target.width !== shape.width || target.height !== shape.height) {
    throw new Error(
      `combining masks of different sizes: ${target.width}x${target.height} and ${shape.width}x${shape.height}`,
    );
  }
  const t = target.data;
  const s = shape.data;
  if (mode === 'add') for (let i = 0; i < t.length; i++) t[i] = t[i] | s[i] ? 1 : 0;
  else for (let i = 0; i < t.length; i++) if (s[i]) t[i] = 0;
}
