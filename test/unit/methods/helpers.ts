// Shared by the methods tests: masks drawn as text, fixtures, float comparison.

import { readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import type { Mask } from '../../../src/main/masks';

/** Rows of '#' (foreground) and '.' (background). */
export function maskFromText(rows: string[]): Mask {
  const height = rows.length;
  const width = rows[0].length;
  const data = new Uint8Array(width * height);
  rows.forEach((r, y) => {
    for (let x = 0; x < width; x++) data[y * width + x] = r[x] === '#' ? 1 : 0;
  });
  return { width, height, data };
}

export function loadFixture<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../../fixtures/methods/${name}`, import.meta.url), 'utf8')) as T;
}

export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what = ''): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    assert.ok(
      Math.abs(actual[i] - expected[i]) <= tol,
      `${what}[${i}]: ${actual[i]} vs ${expected[i]} (tolerance ${tol})`,
    );
  }
}

/** A unit vector at the angle whose cosine with [1, 0] is c. */
export function unitWithCos(c: number): number[] {
  return [c, Math.sqrt(1 - c * c)];
}
