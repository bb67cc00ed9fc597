// Small-region clean-up of a mask window against the masks library's removeSmallRegions run on the whole image
// (holes, then islands), including the case the window cannot decide and hands to the whole image.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type Mask, removeSmallRegions } from '../../../src/main/masks';
import type { MaskWindow } from '../../../src/main/vision/sam/amg/mask-window';
import { cleanSmallRegions } from '../../../src/main/vision/sam/amg/regions';
import { rng } from '../../helpers/random';

function place(win: MaskWindow, width: number, height: number): Uint8Array {
  const out = new Uint8Array(width * height);
  const { width: w, height: h, data } = win.mask;
  for (let y = 0; y < h; y++) out.set(data.subarray(y * w, y * w + w), (win.y + y) * width + win.x);
  return out;
}

function wholeImage(full: Mask, minArea: number): { data: Uint8Array; changed: boolean } {
  const holes = removeSmallRegions(full, minArea, 'holes');
  const islands = removeSmallRegions(holes.mask, minArea, 'islands');
  return { data: islands.mask.data, changed: holes.changed || islands.changed };
}

test('a window cleans exactly as the whole image does', () => {
  const rand = rng(21);
  const W = 90;
  const H = 70;
  for (let t = 0; t < 150; t++) {
    const w = 1 + Math.floor(rand() * 40);
    const h = 1 + Math.floor(rand() * 40);
    // Windows often touch the image sides, where the margin is cut short.
    const x = rand() < 0.3 ? 0 : rand() < 0.3 ? W - w : Math.floor(rand() * (W - w));
    const y = rand() < 0.3 ? 0 : rand() < 0.3 ? H - h : Math.floor(rand() * (H - h));
    const data = new Uint8Array(w * h);
    const density = 0.3 + rand() * 0.6;
    for (let i = 0; i < data.length; i++) data[i] = rand() < density ? 1 : 0;
    const win: MaskWindow = { x, y, mask: { width: w, height: h, data } };
    const minArea = [1, 3, 10, 50, 200][t % 5];
    const want = wholeImage({ width: W, height: H, data: place(win, W, H) }, minArea);
    const got = cleanSmallRegions(win, { width: W, height: H }, minArea);
    assert.deepEqual(place(got.window, W, H), want.data, `case ${t}`);
    assert.equal(got.changed, want.changed, `case ${t} changed`);
  }
});

test('hole filled, island removed, by hand', () => {
  // 20 × 12 image; mask rows 2..9, columns 3..14 with a 2×2 hole and a lone pixel at (18, 10).
  const W = 20;
  const H = 12;
  const data = new Uint8Array(13 * 9);
  for (let y = 0; y < 8; y++) data.fill(1, y * 13, y * 13 + 12);
  data[3 * 13 + 5] = data[3 * 13 + 6] = data[4 * 13 + 5] = data[4 * 13 + 6] = 0;
  const win: MaskWindow = { x: 3, y: 2, mask: { width: 13, height: 9, data } };
  const withIsland = place(win, W, H);
  withIsland[10 * W + 18] = 1;
  const got = cleanSmallRegions(
    { x: 0, y: 0, mask: { width: W, height: H, data: withIsland } },
    { width: W, height: H },
    5,
  );
  const want = new Uint8Array(W * H);
  for (let y = 2; y < 10; y++) want.fill(1, y * W + 3, y * W + 15);
  assert.deepEqual(place(got.window, W, H), want);
  assert.equal(got.changed, true);
  const untouched = cleanSmallRegions(
    { x: 0, y: 0, mask: { width: W, height: H, data: want } },
    { width: W, height: H },
    5,
  );
  assert.equal(untouched.changed, false);
});

test('background squeezed against the image side is judged over the whole image', () => {
  // Full-width band on rows 1..10 of a 50 × 40 image: row 0 (50 px) is a background region smaller than 100 that
  // touches the band's margin; segment-anything fills it as a hole.
  const W = 50;
  const H = 40;
  const band = new Uint8Array(W * 10).fill(1);
  const win: MaskWindow = { x: 0, y: 1, mask: { width: W, height: 10, data: band } };
  const got = cleanSmallRegions(win, { width: W, height: H }, 100);
  const want = new Uint8Array(W * H);
  want.fill(1, 0, 11 * W);
  assert.deepEqual(place(got.window, W, H), want);
  assert.equal(got.changed, true);
});

test('an empty mask stays empty unless the whole image is a small hole', () => {
  const empty: MaskWindow = { x: 0, y: 0, mask: { width: 0, height: 0, data: new Uint8Array(0) } };
  const big = cleanSmallRegions(empty, { width: 30, height: 20 }, 100);
  assert.equal(big.changed, false);
  assert.ok(place(big.window, 30, 20).every((v) => v === 0));
  const tiny = cleanSmallRegions(empty, { width: 5, height: 4 }, 100);
  assert.equal(tiny.changed, true);
  assert.ok(place(tiny.window, 5, 4).every((v) => v === 1));
});
