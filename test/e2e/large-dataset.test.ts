// 100,000 images in the store: the grid opens, scrolls deep and back by scrollbar and keyboard without the page
// freezing, keeps only a screenful of tiles in the DOM, and opens an image from the middle.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startHarness, type Harness } from './harness';
import { imageName, seedLargeDataset, type LargeDataset } from './large-dataset';
import { ImageGrid } from './page-models/image-grid';
import { Workspace } from './page-models/workspace';

const COUNT = 100_000;
const MIDDLE = 50_000;

let h: Harness;
let large: LargeDataset;

before(async () => {
  h = await startHarness('large');
  large = await seedLargeDataset(h.context.store, h.dir, COUNT, [0, MIDDLE]);
});

after(() => h?.close());

test('a 100,000-image dataset scrolls and opens an image without freezing', async () => {
  const { page, problems } = await h.newPage();
  await page.goto(h.server.pageUrl);
  await page.evaluate((id) => (window.location.hash = `#/datasets/${id}`), large.datasetId);
  const grid = new ImageGrid(page);
  assert.equal(await grid.total(), COUNT);
  assert.equal(await grid.tile(0).getAttribute('aria-label'), imageName(0));

  // Scroll the whole way down and up again in steps, one per frame, and time the frames meanwhile.
  const frames = await page.evaluate(async () => {
    const box = document.querySelector('[data-testid=image-grid]') as HTMLElement;
    const gaps: number[] = [];
    let last = performance.now();
    const steps = 60;
    for (let i = 0; i <= 2 * steps; i++) {
      const f = i <= steps ? i / steps : 2 - i / steps;
      box.scrollTop = f * (box.scrollHeight - box.clientHeight);
      await new Promise(requestAnimationFrame);
      const now = performance.now();
      gaps.push(now - last);
      last = now;
    }
    return { max: Math.max(...gaps), tiles: document.querySelectorAll('[data-testid=grid-tile]').length };
  });
  assert.ok(frames.max < 1000, `the longest frame while scrolling took ${frames.max.toFixed(0)} ms`);
  assert.ok(frames.tiles < 300, `${frames.tiles} tiles in the DOM: the grid is not virtualised`);

  // Jump to the middle with the scrollbar: the tiles there load their page.
  await page.evaluate((index) => {
    const box = document.querySelector('[data-testid=image-grid]') as HTMLElement;
    const tile = document.querySelector('[data-testid=grid-tile]') as HTMLElement;
    const columns = Math.round(box.clientWidth / tile.offsetWidth);
    box.scrollTop = Math.floor(index / columns) * tile.offsetHeight;
  }, MIDDLE);
  await grid.tile(MIDDLE).waitFor();
  assert.equal(await grid.tile(MIDDLE).getAttribute('aria-label'), imageName(MIDDLE));

  // The keyboard reaches the last image and back to the first.
  await grid.grid.focus();
  await page.keyboard.press('End');
  await grid.tile(COUNT - 1).waitFor();
  assert.equal(await grid.tile(COUNT - 1).getAttribute('aria-selected'), 'true');
  assert.equal(await grid.tile(COUNT - 1).getAttribute('aria-label'), imageName(COUNT - 1));
  await page.keyboard.press('Home');
  await grid.tile(0).waitFor();

  // Open the middle image (on disk), then step to its neighbour (not on disk): the page says so and carries on.
  await page.evaluate((index) => {
    const box = document.querySelector('[data-testid=image-grid]') as HTMLElement;
    const tile = document.querySelector('[data-testid=grid-tile]') as HTMLElement;
    const columns = Math.round(box.clientWidth / tile.offsetWidth);
    box.scrollTop = Math.floor(index / columns) * tile.offsetHeight;
  }, MIDDLE);
  await grid.tile(MIDDLE).dblclick();
  const ws = new Workspace(page);
  await ws.ready();
  assert.equal(await page.getByTestId('image-path').innerText(), imageName(MIDDLE));
  await page.keyboard.press('ArrowRight');
  await page
    .getByTestId('image-path')
    .filter({ hasText: imageName(MIDDLE + 1) })
    .waitFor();
  await page.getByText('the image file could not be loaded').waitFor();
  await page.keyboard.press('ArrowLeft');
  await page
    .getByTestId('image-path')
    .filter({ hasText: imageName(MIDDLE) })
    .waitFor();
  await ws.ready();

  // Missing files are expected here (404s for the other previews); nothing else may go wrong.
  assert.deepEqual(
    problems.filter((p) => !/Failed to load resource/.test(p)),
    [],
  );
});
