// The mask being corrected, held outside React: brush strokes change its bytes and repaint only the touched part of
// its canvas, so a stroke never re-renders a component. The canvas is drawn by the stage's edit layer.
import {
  createMask,
  decodeRle,
  encodeRle,
  fillHoles,
  rasterizePolygons,
  removeSmallRegions,
  type Mask,
} from '../../../main/masks';
import type { Rle } from '../../../shared/domain';
import { paintMask, type MaskStyle } from '../workspace/mask-raster';
import { combineInto, paintSegment, unionRect, type PixelRect } from './brush';

/** Which stored answer the session shows, so a save coming back with the same mask does not reload it. */
export interface Mirror {
  expressionId: number | null;
  /** RLE counts of the mask last loaded or sent to be saved; null for none. */
  counts: string | null;
  /** Painted on before any answer existed; the base it started from is `base` (a candidate id, or null). */
  local: boolean;
  base: number | null;
}

export class EditSession {
  private mirrored: Mirror | null = null;
  readonly width: number;
  readonly height: number;
  readonly canvas: HTMLCanvasElement;
  mask: Mask;
  private readonly context: CanvasRenderingContext2D;
  private readonly pixels: ImageData;
  private style: MaskStyle;
  private strokeRect: PixelRect | null = null;

  constructor(width: number, height: number, style: MaskStyle) {
    this.width = width;
    this.height = height;
    this.style = style;
    this.mask = createMask(width, height);
    this.canvas = document.createElement('canvas');
    this.canvas.width = width;
    this.canvas.height = height;
    this.context = this.canvas.getContext('2d') as CanvasRenderingContext2D;
    this.pixels = this.context.createImageData(width, height);
  }

  /** Replaces the mask (null: empty) and repaints everything. */
  load(rle: Rle | null): void {
    if (rle && (rle.size[0] !== this.height || rle.size[1] !== this.width)) {
      throw new Error(`mask is ${rle.size[0]}x${rle.size[1]} but the image is ${this.height}x${this.width}`);
    }
    this.mask = rle ? decodeRle(rle) : createMask(this.width, this.height);
    this.repaint(null);
  }

  get mirror(): Mirror | null {
    return this.mirrored;
  }

  /** Shows a stored answer's mask (null: no answer) for an expression. */
  follow(expressionId: number | null, mask: Rle | null): void {
    this.load(mask);
    this.mirrored = { expressionId, counts: mask?.counts ?? null, local: false, base: null };
  }

  /** Starts painting before any answer exists, from a candidate's mask (or from nothing). */
  startLocal(expressionId: number | null, base: { id: number; mask: Rle } | null): void {
    this.load(base?.mask ?? null);
    this.mirrored = { expressionId, counts: null, local: true, base: base?.id ?? null };
  }

  /** Records the mask just sent to be saved, so the saved answer coming back is not loaded over newer strokes. */
  sent(counts: string): void {
    if (this.mirrored) this.mirrored.counts = counts;
  }

  setStyle(style: MaskStyle): void {
    this.style = style;
    this.repaint(null);
  }

  isEmpty(): boolean {
    return !this.mask.data.some((v) => v !== 0);
  }

  toRle(): Rle {
    return encodeRle(this.mask);
  }

  /** Paints (value 1) or erases (0) a capsule from a to b, in image coordinates. */
  stroke(ax: number, ay: number, bx: number, by: number, radius: number, value: 0 | 1): void {
    const rect = paintSegment(this.mask, ax, ay, bx, by, radius, value);
    if (!rect) return;
    this.strokeRect = unionRect(this.strokeRect, rect);
    this.repaint(rect);
  }

  /** Ends a stroke; true when it touched the image. */
  endStroke(): boolean {
    const touched = this.strokeRect !== null;
    this.strokeRect = null;
    return touched;
  }

  /** Adds or subtracts a polygon given as [x0, y0, x1, y1, …] in image coordinates. */
  applyPolygon(points: readonly number[], mode: 'add' | 'subtract'): void {
    combineInto(this.mask, rasterizePolygons([points], this.height, this.width), mode);
    this.repaint(null);
  }

  fillHoles(): boolean {
    return this.replaceIfChanged(fillHoles(this.mask));
  }

  /** Removes foreground regions smaller than minArea pixels (keeping the largest when all are small). */
  removeIslands(minArea: number): boolean {
    const { mask, changed } = removeSmallRegions(this.mask, minArea, 'islands');
    return changed && this.replaceIfChanged(mask);
  }

  private replaceIfChanged(next: Mask): boolean {
    const a = this.mask.data;
    const b = next.data;
    let same = true;
    for (let i = 0; i < a.length && same; i++) if ((a[i] !== 0) !== (b[i] !== 0)) same = false;
    if (same) return false;
    this.mask = next;
    this.repaint(null);
    return true;
  }

  private repaint(rect: PixelRect | null): void {
    // Edges of neighbouring pixels change with a stroke, so the repainted area grows by one pixel.
    const area = rect
      ? {
          x0: Math.max(0, rect.x0 - 1),
          y0: Math.max(0, rect.y0 - 1),
          x1: Math.min(this.width, rect.x1 + 1),
          y1: Math.min(this.height, rect.y1 + 1),
        }
      : { x0: 0, y0: 0, x1: this.width, y1: this.height };
    paintMask(this.pixels.data, this.mask, this.style, { rect: area, clear: true });
    this.context.putImageData(this.pixels, 0, 0, area.x0, area.y0, area.x1 - area.x0, area.y1 - area.y0);
  }
}
