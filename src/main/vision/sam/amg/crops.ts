// Crop boxes for multi-crop generation and the box helpers that relate crops to the image, with
// segment-anything's conventions: crop boxes are [x0, y0, x1, y1) with exclusive ends; mask boxes are
// [x0, y0, x1, y1] with inclusive ends (the first and last foreground column and row).

import type { Size } from './frame';

export type BoxXyxy = [number, number, number, number];

export interface CropBox {
  /** [x0, y0, x1, y1) in image pixels. */
  box: BoxXyxy;
  /** 0 for the whole image, i for the 2^i × 2^i crops of layer i. */
  layer: number;
}

/**
 * The whole image, then for each layer i = 1..nLayers a 2^i × 2^i grid of overlapping crops (x outer, y inner).
 * Neighbouring crops overlap by overlapRatio × short side × 2 / 2^i pixels, as generate_crop_boxes.
 */
export function generateCropBoxes(size: Size, nLayers: number, overlapRatio: number): CropBox[] {
  const { width: w, height: h } = size;
  const shortSide = Math.min(w, h);
  const crops: CropBox[] = [{ box: [0, 0, w, h], layer: 0 }];
  const cropLength = (full: number, n: number, overlap: number) =>
    Math.trunc(Math.ceil((overlap * (n - 1) + full) / n));
  for (let layer = 1; layer <= nLayers; layer++) {
    const n = 2 ** layer;
    const overlap = Math.trunc(overlapRatio * shortSide * (2 / n));
    const cropW = cropLength(w, n, overlap);
    const cropH = cropLength(h, n, overlap);
    for (let i = 0; i < n; i++) {
      const x0 = Math.trunc((cropW - overlap) * i);
      for (let j = 0; j < n; j++) {
        const y0 = Math.trunc((cropH - overlap) * j);
        crops.push({ box: [x0, y0, Math.min(x0 + cropW, w), Math.min(y0 + cropH, h)], layer });
      }
    }
  }
  return crops;
}

export function boxArea(box: BoxXyxy): number {
  return (box[2] - box[0]) * (box[3] - box[1]);
}

/** [x0, y0, x1 − x0, y1 − y0], box_xyxy_to_xywh. For an inclusive mask box the width is one less than in pixels. */
export function xyxyToXywh(box: BoxXyxy): BoxXyxy {
  return [box[0], box[1], box[2] - box[0], box[3] - box[1]];
}

/**
 * is_box_near_crop_edge: a mask box (image coordinates) lies within atol pixels of a side of its crop that is not
 * also a side of the image. Masks cut by a crop's inner edge are left to the crops that see them whole.
 */
export function isBoxNearCropEdge(box: BoxXyxy, crop: BoxXyxy, image: Size, atol = 20): boolean {
  const imageBox: BoxXyxy = [0, 0, image.width, image.height];
  for (let k = 0; k < 4; k++) {
    const nearCrop = Math.abs(box[k] - crop[k]) <= atol;
    const nearImage = Math.abs(box[k] - imageBox[k]) <= atol;
    if (nearCrop && !nearImage) return true;
  }
  return false;
}
