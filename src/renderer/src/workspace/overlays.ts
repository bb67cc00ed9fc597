// Bitmap overlays for the stage: masks decoded from RLE into canvases the size of the image, drawn by Konva.Image
// on a non-listening layer. Candidate previews are cached (a few, since each is width × height × 4 bytes).
import { decodeRle } from '../../../main/masks';
import type { Rle } from '../../../shared/domain';
import type { Heatmap } from './HeatmapControls';
import { heatmapRgba, overlaySize } from './heatmap-raster';
import { paintMask, type MaskStyle } from './mask-raster';

export function canvasOf(width: number, height: number): [HTMLCanvasElement, CanvasRenderingContext2D] {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  return [canvas, canvas.getContext('2d') as CanvasRenderingContext2D];
}

/** Several masks painted in order into one canvas (later ones on top); null when there is nothing to draw. */
export function compositeCanvas(
  width: number,
  height: number,
  layers: readonly { mask: Rle; style: MaskStyle }[],
): HTMLCanvasElement | null {
  if (layers.length === 0 || width === 0 || height === 0) return null;
  const [canvas, context] = canvasOf(width, height);
  const pixels = context.createImageData(width, height);
  for (const layer of layers) paintMask(pixels.data, decodeRle(layer.mask), layer.style);
  context.putImageData(pixels, 0, 0);
  return canvas;
}

/** A heat map's grid, upsampled and coloured, in a canvas the stage stretches over the image. */
export function heatmapCanvas(heatmap: Heatmap, imageWidth: number, imageHeight: number): HTMLCanvasElement {
  const { width, height } = overlaySize(imageWidth, imageHeight);
  const [canvas, context] = canvasOf(width, height);
  const pixels = context.createImageData(width, height);
  pixels.data.set(heatmapRgba(heatmap.values, heatmap.width, heatmap.height, width, height));
  context.putImageData(pixels, 0, 0);
  return canvas;
}

export class CanvasCache {
  private readonly entries = new Map<string, HTMLCanvasElement>();
  private readonly capacity: number;

  constructor(capacity: number) {
    this.capacity = capacity;
  }

  get(key: string, make: () => HTMLCanvasElement): HTMLCanvasElement {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const made = make();
    this.entries.set(key, made);
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    return made;
  }
}
