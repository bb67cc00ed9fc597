// The binary mask every other module in this folder works on. Row-major, one byte per pixel, because canvases,
// image decoders and the renderer's ImageData are row-major; COCO's column-major order exists only inside RLE.

export interface Mask {
  width: number;
  height: number;
  /** width * height bytes, row-major, 0 = background, 1 = foreground. */
  data: Uint8Array;
}

function checkSize(width: number, height: number): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 0 || height < 0) {
    throw new Error(`mask size must be non-negative integers, got ${width}x${height}`);
  }
}

/** An all-background mask. */
export function createMask(width: number, height: number): Mask {
  checkSize(width, height);
  return { width, height, data: new Uint8Array(width * height) };
}

/** Wraps existing row-major bytes (not copied); any non-zero byte counts as foreground where this library reads it. */
export function maskFromData(width: number, height: number, data: Uint8Array): Mask {
  checkSize(width, height);
  if (data.length !== width * height) {
    throw new Error(`mask data has ${data.length} bytes, expected ${width}x${height} = ${width * height}`);
  }
  return { width, height, data };
}

export function cloneMask(mask: Mask): Mask {
  return { width: mask.width, height: mask.height, data: mask.data.slice() };
}

/** Foreground becomes background and back; any non-zero byte counts as foreground. */
export function invertMask(mask: Mask): Mask {
  const src = mask.data;
  const out = new Uint8Array(src.length);
  for (let i = 0; i < src.length; i++) out[i] = src[i] === 0 ? 1 : 0;
  return { width: mask.width, height: mask.height, data: out };
}

export function assertSameSize(a: Mask, b: Mask, what: string): void {
  if (a.width !== b.width || a.height !== b.height) {
    throw new Error(`${what}: mask sizes differ (${a.width}x${a.height} vs ${b.width}x${b.height})`);
  }
}

/** Number of pixels whose foreground/background state differs between two masks of the same size. */
export function countDifferentPixels(a: Mask, b: Mask): number {
  assertSameSize(a, b, 'countDifferentPixels');
  const da = a.data;
  const db = b.data;
  let n = 0;
  for (let i = 0; i < da.length; i++) if ((da[i] === 0) !== (db[i] === 0)) n++;
  return n;
}
