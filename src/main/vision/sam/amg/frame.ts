// SAM's input frame: the image resized so its long side is 1024 (ResizeLongestSide) and padded bottom-right to
// 1024×1024. The decoder's low-resolution masks are 256×256 over that padded frame, one cell per 4×4 frame pixels.

export const SAM_FRAME = 1024;
export const SAM_LOW_RES = 256;
/** Frame pixels per low-resolution cell along each axis. */
export const LOW_RES_CELL = SAM_FRAME / SAM_LOW_RES;

export interface Size {
  width: number;
  height: number;
}

export function checkSize(size: Size, what: string): void {
  const { width, height } = size;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new Error(`${what} must be positive integers, got ${width}x${height}`);
  }
}

/** Size of the image inside the frame: ResizeLongestSide.get_preprocess_shape, rounding each side half up. */
export function resizedShape(size: Size, longSide = SAM_FRAME): Size {
  checkSize(size, 'image size');
  const scale = longSide / Math.max(size.width, size.height);
  return {
    width: Math.trunc(size.width * scale + 0.5),
    height: Math.trunc(size.height * scale + 0.5),
  };
}

/**
 * Image pixel coordinates (flat x, y pairs) → frame coordinates, as ResizeLongestSide.apply_coords: each axis is
 * scaled by its own rounded ratio (resized / original), not by one common 1024 / long side.
 */
export function toFrame(points: ArrayLike<number>, size: Size): Float64Array {
  const r = resizedShape(size);
  const sx = r.width / size.width;
  const sy = r.height / size.height;
  const out = new Float64Array(points.length);
  for (let i = 0; i < points.length; i += 2) {
    out[i] = points[i] * sx;
    out[i + 1] = points[i + 1] * sy;
  }
  return out;
}

/** Frame coordinates → image pixel coordinates; the inverse of toFrame. */
export function fromFrame(points: ArrayLike<number>, size: Size): Float64Array {
  const r = resizedShape(size);
  const sx = r.width / size.width;
  const sy = r.height / size.height;
  const out = new Float64Array(points.length);
  for (let i = 0; i < points.length; i += 2) {
    out[i] = points[i] / sx;
    out[i + 1] = points[i + 1] / sy;
  }
  return out;
}

/**
 * Low-resolution cells that cover the resized image (the rest cover padding): ceil(resized / 4) per axis, a
 * partly covered last cell included.
 */
export function lowResValid(size: Size): Size {
  const r = resizedShape(size);
  return { width: Math.ceil(r.width / LOW_RES_CELL), height: Math.ceil(r.height / LOW_RES_CELL) };
}
