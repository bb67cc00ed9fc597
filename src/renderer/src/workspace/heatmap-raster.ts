// Heat maps into pixels: the method's small grid upsampled bilinearly to the overlay's size, then coloured with a
// blue → cyan → green → yellow → red ramp (low to high), fully opaque; the layer's opacity does the blending.
import type { Rgb } from './mask-raster';

/**
 * Bilinear resampling of a gw × gh row-major grid to ow × oh, sampling at pixel centres with edges clamped (as
 * PyTorch's interpolate with align_corners=False): output pixel (x, y) reads the grid at
 * ((x + ½)·gw/ow − ½, (y + ½)·gh/oh − ½).
 */
export function upsampleBilinear(
  grid: ArrayLike<number>,
  gw: number,
  gh: number,
  ow: number,
  oh: number,
): Float32Array {
  if (grid.length !== gw * gh) throw new Error(`heat map: ${grid.length} values for a ${gw} × ${gh} grid`);
  const out = new Float32Array(ow * oh);
  const axis = (n: number, from: number) => {
    const lo = new Int32Array(n);
    const hi = new Int32Array(n);
    const t = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const s = Math.min(from - 1, Math.max(0, ((i + 0.5) * from) / n - 0.5));
      lo[i] = Math.floor(s);
      hi[i] = Math.min(from - 1, lo[i] + 1);
      t[i] = s - lo[i];
    }
    return { lo, hi, t };
  };
  const xs = axis(ow, gw);
  const ys = axis(oh, gh);
  for (let y = 0; y < oh; y++) {
    const r0 = ys.lo[y] * gw;
    const r1 = ys.hi[y] * gw;
    const ty = ys.t[y];
    for (let x = 0; x < ow; x++) {
      const x0 = xs.lo[x];
      const x1 = xs.hi[x];
      const tx = xs.t[x];
      const top = grid[r0 + x0] + (grid[r0 + x1] - grid[r0 + x0]) * tx;
      const bottom = grid[r1 + x0] + (grid[r1 + x1] - grid[r1 + x0]) * tx;
      out[y * ow + x] = top + (bottom - top) * ty;
    }
  }
  return out;
}

const RAMP: readonly Rgb[] = [
  [0, 0, 255],
  [0, 255, 255],
  [0, 255, 0],
  [255, 255, 0],
  [255, 0, 0],
];

/** The ramp's colour for v in [0, 1] (clamped), linear between its five stops. */
export function heatColor(v: number): Rgb {
  const s = Math.min(1, Math.max(0, v)) * (RAMP.length - 1);
  const i = Math.min(RAMP.length - 2, Math.floor(s));
  const t = s - i;
  const [a, b] = [RAMP[i], RAMP[i + 1]];
  return [
    Math.round(a[0] + (b[0] - a[0]) * t),
    Math.round(a[1] + (b[1] - a[1]) * t),
    Math.round(a[2] + (b[2] - a[2]) * t),
  ];
}

/** RGBA pixels (ow × oh × 4) of the coloured, upsampled grid. */
export function heatmapRgba(
  grid: ArrayLike<number>,
  gw: number,
  gh: number,
  ow: number,
  oh: number,
): Uint8ClampedArray {
  const values = upsampleBilinear(grid, gw, gh, ow, oh);
  const rgba = new Uint8ClampedArray(ow * oh * 4);
  for (let i = 0; i < values.length; i++) {
    const [r, g, b] = heatColor(values[i]);
    rgba[i * 4] = r;
    rgba[i * 4 + 1] = g;
    rgba[i * 4 + 2] = b;
    rgba[i * 4 + 3] = 255;
  }
  return rgba;
}

/**
 * The overlay's size for an image: the image's own, shrunk to at most `maxSide` on the long side (a smooth ramp
 * gains nothing from more pixels, and a full-size canvas of a large photo costs tens of megabytes).
 */
export function overlaySize(width: number, height: number, maxSide = 1024): { width: number; height: number } {
  const scale = Math.min(1, maxSide / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/**
 * A key that changes when a heat map's content does: the workspace re-reads heat maps while it waits for a method,
 * and an unchanged one must not be coloured again.
 */
export function heatmapKey(h: { id: number; width: number; height: number; values: readonly number[] }): string {
  let sum = 0;
  for (let i = 0; i < h.values.length; i++) sum = (sum + h.values[i] * (i + 1)) % 1e9;
  return `${h.id}:${h.width}x${h.height}:${sum}`;
}
