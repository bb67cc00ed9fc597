// Writes the prediction screenshots (run by hand, not by `npm test`):
//   node --import tsx test/e2e/predict-screenshots.ts [out-folder] [--photos PHOTO-SHOTS-FOLDER]
// The models are the tests' tiny random-weight CLIP and SAM, so the masks say nothing about the methods' quality:
// the shots show the controls, the run's status, the proposals overlay and SAM's prompt. With --photos, one of the
// real photos in ../shared/images is run as well; those shots, and the extra ones (a run in progress, the method
// settings), go to the folder given, never into docs/.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { startHarness } from './harness';
import { DatasetsPage } from './page-models/datasets-page';
import { ImageGrid } from './page-models/image-grid';
import { Workspace } from './page-models/workspace';
import { writeScene } from './scene';
import { writeTinyModels } from './tiny-models';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { photos: { type: 'string' } } });
const out = resolve(positionals[0] ?? join(import.meta.dirname, '../../docs/screenshots'));
const photos = resolve(import.meta.dirname, '../../../shared/images');
const photoOut = values.photos ? resolve(values.photos) : null;

async function shot(page: Page, name: string, folder = out): Promise<void> {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.screenshot({ path: join(folder, `${name}.png`) });
  console.log(`wrote ${join(folder, `${name}.png`)}`);
}

/** Opens the dataset's first image, runs the expression, and shows the proposals with a candidate selected. */
async function predictOn(
  page: Page,
  dataset: string,
  text: string,
  folder: string,
  prefix: string,
  extras: string | null,
): Promise<void> {
  await page.getByTestId('nav-datasets').click();
  await new DatasetsPage(page).open(dataset);
  await new ImageGrid(page).openWithKeyboard();
  const ws = new Workspace(page);
  await ws.ready();
  await ws.predict(text);
  await page.locator('[data-testid=predict-step][data-state=running]').first().waitFor();
  if (extras) await shot(page, `${prefix}predict-running`, extras);
  await ws.runSettled();
  await ws.candidates().first().waitFor();
  await page.getByTestId('proposals-toggle').click();
  await ws.candidates().nth(1).hover();
  await shot(page, `${prefix}predict`, folder);
  await page.getByTestId('proposals-toggle').click();
  await page.mouse.move(0, 0);

  await ws.tool('sam');
  const size = await page.getByTestId('stage').evaluate((el) => el.getAttribute('data-image-size'));
  const [w, h] = (size ?? '320 240').split(' ').map(Number);
  await ws.clickAt(w * 0.25, h * 0.58);
  await page.locator('[data-testid=sam-status][data-busy=false]').waitFor();
  await ws.clickAt(w * 0.3, h * 0.5);
  await page.locator('[data-testid=sam-status][data-busy=false]').waitFor();
  await ws.clickAt(w * 0.6, h * 0.5, { modifiers: ['Alt'] });
  await page.locator('[data-testid=sam-status][data-busy=false]').waitFor();
  await ws.answerIs('accepted');
  await shot(page, `${prefix}sam-refine`, folder);
  await page.keyboard.press('Escape');
  await ws.tool('pan');
}

const modelsRoot = await mkdtemp(join(tmpdir(), 'reflabel-shots-models-'));
await writeTinyModels(modelsRoot);
const h = await startHarness('predict-shots', { modelsRoot });
try {
  await mkdir(out, { recursive: true });
  for (let i = 0; i < 3; i++) await writeScene(join(h.dir, 'shapes', `scene-${i}.png`), 640, 480, i);
  const { page } = await h.newPage();
  await page.goto(h.server.pageUrl);
  await page.evaluate(() => localStorage.setItem('reflabel.theme', 'dark'));
  await page.reload();
  const datasets = new DatasetsPage(page);
  await datasets.importFolder(join(h.dir, 'shapes'), 'shapes');
  if (photoOut) await mkdir(photoOut, { recursive: true });
  await predictOn(page, 'shapes', 'the red ball on the left', out, '', photoOut);
  if (photoOut) {
    await page.getByTestId('method-settings-open').click();
    await page.getByTestId('method-settings').waitFor();
    await shot(page, 'method-settings', photoOut);
    await page.keyboard.press('Escape');
  }

  if (photoOut && existsSync(join(photos, 'bears.jpg'))) {
    await page.getByTestId('nav-datasets').click();
    await datasets.importFolder(photos, 'photos');
    await predictOn(page, 'photos', 'the bear on the left', photoOut, 'photo-', photoOut);
  }
} finally {
  await h.close();
  await rm(modelsRoot, { recursive: true, force: true });
}
