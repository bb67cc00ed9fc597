// UI figures with 100,000 images in the store, in browser mode with Debian's Chromium: time to first paint of the
// image grid and of an image (640×480 and 12 MP), a deep jump in the grid, frame times while scrolling, and how
// long the server takes to answer a screenful of thumbnail requests. Times are from the page's navigation start.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { writeTestImage } from '../test/helpers/images';
import { startHarness } from '../test/e2e/harness';
import { imageName, seedLargeDataset } from '../test/e2e/large-dataset';
import { apiClient } from '../test/e2e/api-client';

const COUNT = 100_000;
const MIDDLE = 50_000;
const HUGE = MIDDLE + 2;

function figure(name: string, value: number, digits = 1): void {
  console.log(`${name} ${value.toFixed(digits)}`);
}

/** Milliseconds from navigation start to the frame after `ready` first holds. */
async function paintedAfterNavigation(page: Page, url: string, selector: string): Promise<number> {
  await page.goto('about:blank');
  await page.goto(url);
  await page.waitForFunction((s) => !!document.querySelector(s), selector, { polling: 'raf', timeout: 60_000 });
  return page.evaluate(() => new Promise<number>((r) => requestAnimationFrame(() => r(performance.now()))));
}

const h = await startHarness('bench-ui');
const client = apiClient(h.server);
try {
  const large = await seedLargeDataset(h.context.store, h.dir, COUNT, [MIDDLE]);
  await writeTestImage(join(large.root, imageName(HUGE)), 4032, 3024, 7);
  figure('ui.store_insert_100k_images_ms', large.insertMs);
  const ids = (await client.call('images.list', { datasetId: large.datasetId, offset: MIDDLE, limit: 3 })).items;

  const { page } = await h.newPage();
  const base = h.server.pageUrl;
  // The first visit moves the token into the session; later visits use the bare origin.
  await page.goto(base);
  const origin = h.server.url;
  const gridReady = '[data-testid=grid-tile][data-index="0"][data-image-id]';
  const gridRuns: number[] = [];
  for (let i = 0; i < 3; i++)
    gridRuns.push(await paintedAfterNavigation(page, `${origin}/#/datasets/${large.datasetId}`, gridReady));
  figure('ui.grid_first_paint_ms', Math.min(...gridRuns));

  const jump = await page.evaluate(async (index) => {
    const box = document.querySelector('[data-testid=image-grid]') as HTMLElement;
    const tile = document.querySelector('[data-testid=grid-tile]') as HTMLElement;
    const columns = Math.round(box.clientWidth / tile.offsetWidth);
    const start = performance.now();
    box.scrollTop = Math.floor(index / columns) * tile.offsetHeight;
    while (!document.querySelector(`[data-testid=grid-tile][data-index="${index}"][data-image-id]`))
      await new Promise(requestAnimationFrame);
    return performance.now() - start;
  }, MIDDLE);
  figure('ui.grid_jump_to_middle_ms', jump);

  const frames = await page.evaluate(async () => {
    const box = document.querySelector('[data-testid=image-grid]') as HTMLElement;
    const gaps: number[] = [];
    let last = performance.now();
    for (let i = 0; i < 240; i++) {
      box.scrollTop += 1500;
      await new Promise(requestAnimationFrame);
      const now = performance.now();
      gaps.push(now - last);
      last = now;
    }
    gaps.sort((a, b) => a - b);
    return { p95: gaps[Math.floor(gaps.length * 0.95)], max: gaps[gaps.length - 1] };
  });
  figure('ui.grid_scroll_frame_p95_ms', frames.p95);
  figure('ui.grid_scroll_frame_max_ms', frames.max);

  const imageReady = '[data-testid=stage][data-image-ready=true]';
  const at = (i: number) => `${origin}/#/datasets/${large.datasetId}/images/${ids[i].id}?at=${MIDDLE + i}`;
  const imageRuns: number[] = [];
  for (let i = 0; i < 3; i++) imageRuns.push(await paintedAfterNavigation(page, at(0), imageReady));
  figure('ui.image_first_paint_ms', Math.min(...imageRuns));
  const hugeRuns: number[] = [];
  for (let i = 0; i < 3; i++) hugeRuns.push(await paintedAfterNavigation(page, at(2), imageReady));
  figure('ui.image_12mp_first_paint_ms', Math.min(...hugeRuns));

  // A screenful of thumbnails asks for ~60 files at once; each request resolves the dataset's root on the server.
  const files = await page.evaluate(async (datasetId) => {
    const start = performance.now();
    await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        fetch(`/files/${datasetId}/img-${String(i).padStart(6, '0')}.jpg`).then((r) => r.arrayBuffer()),
      ),
    );
    return performance.now() - start;
  }, large.datasetId);
  figure('ui.files_60_requests_ms', files);
} finally {
  client.close();
  await h.close();
}
