// Masks must sit exactly on their pixels at every zoom. The stage is screenshotted at fit, 1:1 and two deep zooms,
// and at the screen position of an edge pixel of an accepted mask the screen shows the mask's opaque edge colour,
// while one pixel further out it shows the image's own pixel, read from the PNG file itself.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import { createMask, encodeRle } from '../../src/main/masks';
import { writeTestImage } from '../helpers/images';
import { apiClient, importAndWait } from './api-client';
import { startHarness, type Harness } from './harness';
import { Workspace } from './page-models/workspace';

const W = 320;
const H = 240;
/** The accepted mask: the rectangle [100, 150) × [80, 120). */
const RECT = { x: 100, y: 80, w: 50, h: 40 };
/** The edge colour of an accepted answer (src/renderer/src/workspace/colors.ts, answerStyle('accepted')). */
const EDGE = [34, 197, 94];

let h: Harness;
let file: string;

before(async () => {
  h = await startHarness('alignment');
  file = join(h.dir, 'one', 'scene.png');
  await writeTestImage(file, W, H, 3);
});

after(() => h?.close());

async function screenPixel(page: Page, ws: Workspace, x: number, y: number): Promise<number[]> {
  const p = await ws.screenPoint(x + 0.5, y + 0.5);
  const png = await page.screenshot({ clip: { x: Math.floor(p.x), y: Math.floor(p.y), width: 1, height: 1 } });
  const { data } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  return [data[0], data[1], data[2]];
}

function close(a: number[], b: number[], tolerance = 4): boolean {
  return a.every((v, i) => Math.abs(v - b[i]) <= tolerance);
}

test('masks stay on their pixels at fit, 1:1 and deep zoom', async () => {
  const client = apiClient(h.server);
  try {
    const datasetId = await importAndWait(client, join(h.dir, 'one'), 'one');
    const [image] = (await client.call('images.list', { datasetId })).items;
    const mask = createMask(W, H);
    for (let y = RECT.y; y < RECT.y + RECT.h; y++) mask.data.fill(1, y * W + RECT.x, y * W + RECT.x + RECT.w);
    await client.call('annotations.save', { imageId: image.id, mask: encodeRle(mask), provenance: 'manual' });

    const { data: pixels } = await sharp(file).raw().toBuffer({ resolveWithObject: true });
    const imageAt = (x: number, y: number) => [...pixels.subarray((y * W + x) * 3, (y * W + x) * 3 + 3)];

    const { page } = await h.newPage();
    await page.goto(h.server.pageUrl);
    await page.evaluate(([d, i]) => (window.location.hash = `#/datasets/${d}/images/${i}?at=0`), [datasetId, image.id]);
    const ws = new Workspace(page);
    await ws.ready();
    await page.getByTestId('answer-info').waitFor();

    // Pixels just inside and just outside each side of the rectangle, at the middle of the side.
    const midY = RECT.y + RECT.h / 2;
    const midX = RECT.x + RECT.w / 2;
    const probes = [
      { inside: [RECT.x, midY], outside: [RECT.x - 1, midY] },
      { inside: [RECT.x + RECT.w - 1, midY], outside: [RECT.x + RECT.w, midY] },
      { inside: [midX, RECT.y], outside: [midX, RECT.y - 1] },
      { inside: [midX, RECT.y + RECT.h - 1], outside: [midX, RECT.y + RECT.h] },
    ];
    const check = async (zoom: string) => {
      // The other-masks overlay draws this mask too when no expression is selected; either way the edge is opaque.
      for (const { inside, outside } of probes) {
        const edge = await screenPixel(page, ws, inside[0], inside[1]);
        assert.ok(close(edge, EDGE), `${zoom}: pixel ${inside} shows ${edge}, not the mask edge ${EDGE}`);
        const out = await screenPixel(page, ws, outside[0], outside[1]);
        const want = imageAt(outside[0], outside[1]);
        assert.ok(close(out, want), `${zoom}: pixel ${outside} shows ${out}, not the image's ${want}`);
      }
    };

    await check('fit');
    await page.keyboard.press('1');
    await check('1:1');
    // Zoom at the rectangle's left edge with the wheel: the point under the cursor stays put.
    const left = await ws.screenPoint(RECT.x, midY);
    await page.mouse.move(left.x, left.y);
    for (let i = 0; i < 8; i++) await page.mouse.wheel(0, -100);
    await page.waitForFunction(
      () => Number(document.querySelector('[data-testid=stage]')?.getAttribute('data-viewport')?.split(' ')[0]) > 5,
    );
    await check('zoomed in');
    for (let i = 0; i < 7; i++) await page.mouse.wheel(0, -100);
    await page.waitForFunction(
      () => Number(document.querySelector('[data-testid=stage]')?.getAttribute('data-viewport')?.split(' ')[0]) > 20,
    );
    // At this zoom only the left side is on screen.
    const [leftProbe] = probes;
    const edge = await screenPixel(page, ws, leftProbe.inside[0], leftProbe.inside[1]);
    assert.ok(close(edge, EDGE), `deep zoom: pixel ${leftProbe.inside} shows ${edge}`);
    const out = await screenPixel(page, ws, leftProbe.outside[0], leftProbe.outside[1]);
    assert.ok(
      close(out, imageAt(leftProbe.outside[0], leftProbe.outside[1])),
      `deep zoom: pixel ${leftProbe.outside} shows ${out}`,
    );
  } finally {
    client.close();
  }
});
