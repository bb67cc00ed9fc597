// Shared by the masks tests: fixture loading, the fixtures' mask encodings, a seeded generator and naive
// reference implementations that the fast code is compared against.

import { readFileSync } from 'node:fs';
import type { Mask } from '../../../src/main/masks';
import { rng } from '../../helpers/random';

export function loadFixture<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../../fixtures/masks/${name}`, import.meta.url), 'utf8')) as T;
}

/** numpy.packbits of the row-major pixels, most significant bit first, as hex. */
export function maskFromBits(height: number, width: number, hex: string): Mask {
  const data = new Uint8Array(width * height);
  for (let i = 0; i < data.length; i++) {
    const byte = parseInt(hex.slice((i >> 3) * 2, (i >> 3) * 2 + 2), 16);
    data[i] = (byte >> (7 - (i & 7))) & 1;
  }
  return { width, height, data };
}

export function maskFromRects(height: number, width: number, rects: number[][]): Mask {
  const data = new Uint8Array(width * height);
  for (const [x, y, w, h] of rects) {
    for (let yy = y; yy < y + h; yy++) data.fill(1, yy * width + x, yy * width + x + w);
  }
  return { width, height, data };
}

/** Builds a mask from rows of '#' (foreground) and '.' (background). */
export function maskFromText(rows: string[]): Mask {
  const height = rows.length;
  const width = height ? rows[0].length : 0;
  const data = new Uint8Array(width * height);
  rows.forEach((r, y) => {
    for (let x = 0; x < width; x++) data[y * width + x] = r[x] === '#' ? 1 : 0;
  });
  return { width, height, data };
}

export function maskToText(m: Mask): string[] {
  const rows: string[] = [];
  for (let y = 0; y < m.height; y++) {
    let r = '';
    for (let x = 0; x < m.width; x++) r += m.data[y * m.width + x] ? '#' : '.';
    rows.push(r);
  }
  return rows;
}

/** A random mask of a few ellipses plus salt-and-pepper noise. */
export function randomMask(rand: () => number, width: number, height: number, noise = 0.02): Mask {
  const data = new Uint8Array(width * height);
  const blobs = 1 + Math.floor(rand() * 4);
  for (let b = 0; b < blobs; b++) {
    const cx = rand() * width;
    const cy = rand() * height;
    const rx = 0.5 + (rand() * width) / 2;
    const ry = 0.5 + (rand() * height) / 2;
    const xor = rand() < 0.3;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        if (((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 < 1) data[y * width + x] = xor ? data[y * width + x] ^ 1 : 1;
      }
    }
  }
  for (let i = 0; i < data.length; i++) if (rand() < noise) data[i] ^= 1;
  return { width, height, data };
}

/** Column-major run lengths the slow, obvious way. */
export function naiveRuns(m: Mask): number[] {
  const runs: number[] = [];
  let prev = 0;
  let len = 0;
  for (let x = 0; x < m.width; x++) {
    for (let y = 0; y < m.height; y++) {
      const v = m.data[y * m.width + x] ? 1 : 0;
      if (v !== prev) {
        runs.push(len);
        len = 0;
        prev = v;
      }
      len++;
    }
  }
  runs.push(len);
  return runs;
}

export function sameMask(a: Mask, b: Mask): boolean {
  if (a.width !== b.width || a.height !== b.height) return false;
  for (let i = 0; i < a.data.length; i++) if ((a.data[i] !== 0) !== (b.data[i] !== 0)) return false;
  return true;
}

export { rng };
