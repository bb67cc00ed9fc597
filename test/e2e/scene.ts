// Generated test scenes: a textured background with a few flat shapes, written as a real PNG by sharp, together
// with each shape's exact mask. Candidates made from these masks must sit exactly on the shapes' pixels at every
// zoom, which is what the screenshots and the alignment test look at.
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import sharp from 'sharp';
import { createMask, encodeRle, rasterizePolygons, type Mask } from '../../src/main/masks';
import type { Rle } from '../../src/shared/domain';

export interface SceneShape {
  name: string;
  mask: Rle;
}

export interface Scene {
  width: number;
  height: number;
  shapes: SceneShape[];
}

type Rgb = [number, number, number];

function disc(width: number, height: number, cx: number, cy: number, r: number): Mask {
  const mask = createMask(width, height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      if ((x + 0.5 - cx) ** 2 + (y + 0.5 - cy) ** 2 <= r * r) mask.data[y * width + x] = 1;
  return mask;
}

/** Grows (k > 0) or shrinks (k < 0) a mask by |k| pixels (a square neighbourhood): an imperfect candidate. */
export function morph(mask: Mask, k: number): Mask {
  const { width: w, height: h, data } = mask;
  const out = createMask(w, h);
  const grow = k > 0;
  const r = Math.abs(k);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let hit = !grow;
      for (let dy = -r; dy <= r && hit !== grow; dy++) {
        for (let dx = -r; dx <= r; dx++) {
          const xx = Math.min(w - 1, Math.max(0, x + dx));
          const yy = Math.min(h - 1, Math.max(0, y + dy));
          const v = data[yy * w + xx] === 1;
          if (grow && v) {
            hit = true;
            break;
          }
          if (!grow && !v) {
            hit = false;
            break;
          }
        }
      }
      out.data[y * w + x] = hit ? 1 : 0;
    }
  }
  return out;
}

export interface SceneMasks {
  scene: Scene;
  /** The shapes' masks as row-major masks, by name, for making imperfect candidates. */
  masks: Map<string, Mask>;
}

/** Writes a width × height PNG with a ball, a box and a tent on a textured ground; returns their masks. */
export async function writeScene(path: string, width: number, height: number, seed = 0): Promise<SceneMasks> {
  const u = (f: number) => Math.round(f * width);
  const v = (f: number) => Math.round(f * height);
  const shapes: { name: string; mask: Mask; color: Rgb }[] = [
    { name: 'ball', mask: disc(width, height, u(0.24), v(0.58), Math.min(width, height) * 0.16), color: [222, 84, 60] },
    {
      name: 'box',
      mask: rasterizePolygons([[u(0.45), v(0.3), u(0.7), v(0.3), u(0.7), v(0.78), u(0.45), v(0.78)]], height, width),
      color: [70, 120, 210],
    },
    {
      name: 'tent',
      mask: rasterizePolygons([[u(0.74), v(0.8), u(0.84), v(0.22), u(0.96), v(0.8)]], height, width),
      color: [236, 196, 64],
    },
  ];
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      // Ground: a gradient with a fine checker so single pixels are visible when zoomed in.
      const checker = ((x >> 2) + (y >> 2) + seed) & 1 ? 10 : 0;
      let rgb: Rgb = [40 + (y * 60) / height + checker, 70 + (x * 50) / width + checker, 60 + checker];
      for (const s of shapes)
        if (s.mask.data[i]) rgb = [s.color[0] - checker, s.color[1] - checker, s.color[2] - checker];
      pixels[i * 3] = rgb[0];
      pixels[i * 3 + 1] = rgb[1];
      pixels[i * 3 + 2] = rgb[2];
    }
  }
  await mkdir(dirname(path), { recursive: true });
  await sharp(pixels, { raw: { width, height, channels: 3 } })
    .png()
    .toFile(path);
  return {
    scene: { width, height, shapes: shapes.map((s) => ({ name: s.name, mask: encodeRle(s.mask) })) },
    masks: new Map(shapes.map((s) => [s.name, s.mask])),
  };
}
