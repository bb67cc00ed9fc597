// The annotator's whole flow, shared by the browser-mode test and the Electron spec: create a dataset from a folder
// of generated images, type expressions, see candidates stored through the API, accept one, correct another with the
// brush and undo/redo, reject a third, reload and find every decision, then export COCO and read the file back.
// `client` is the test's own door to the same database (HTTP in browser mode, the services directly for Electron).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { createMask, decodeRle, encodeRle, type Mask } from '../../../src/main/masks';
import type { RefLabelApi } from '../../../src/shared/api';
import type { ApiClient } from '../../../src/shared/contract';
import type { Annotation, Rle } from '../../../src/shared/domain';
import { writeTestImage } from '../../helpers/images';
import { DatasetsPage } from '../page-models/datasets-page';
import { ImageGrid } from '../page-models/image-grid';
import { Workspace } from '../page-models/workspace';

const W = 320;
const H = 240;

function rect(x: number, y: number, w: number, h: number): Rle {
  const mask = createMask(W, H);
  for (let row = y; row < y + h; row++) mask.data.fill(1, row * W + x, row * W + x + w);
  return encodeRle(mask);
}

const at = (mask: Mask, x: number, y: number) => mask.data[y * W + x];

/** Writes the flow's images; call before the page imports them. */
export async function writeFlowImages(dir: string): Promise<void> {
  for (let i = 0; i < 4; i++) await writeTestImage(join(dir, 'photos', `scene-${i}.png`), W, H, i);
}

export async function runAnnotateFlow(page: Page, dir: string, client: ApiClient<RefLabelApi>): Promise<void> {
  async function answerFor(imageId: number, expressionId: number): Promise<Annotation> {
    const list = await client.call('annotations.list', { imageId });
    const found = list.filter((a) => a.expressionId === expressionId);
    assert.equal(found.length, 1, `one annotation answers expression ${expressionId}`);
    return found[0];
  }

  const datasets = new DatasetsPage(page);

  // Create the dataset from the folder; the import runs as a job and reports when done.
  assert.match(await datasets.importFolder(join(dir, 'photos'), 'scenes'), /Imported 4 images/);
  assert.deepEqual(await datasets.counts('scenes'), [4, 0, 0, 0, 0]);
  await datasets.open('scenes');

  const grid = new ImageGrid(page);
  assert.equal(await grid.total(), 4);
  await grid.tile(3).waitFor();
  await grid.openWithKeyboard(['ArrowRight', 'ArrowLeft']);
  const ws = new Workspace(page);
  await ws.ready();
  const [dataset] = await client.call('datasets.list');
  const image = (await client.call('images.list', { datasetId: dataset.id, limit: 1 })).items[0];
  assert.equal(await page.getByTestId('image-path').innerText(), image.path);

  // 1. Type an expression; candidates stored through the API show up, one column per method.
  await ws.addExpression('the square on the left');
  const [first] = await client.call('expressions.list', { imageId: image.id });
  assert.equal(first.text, 'the square on the left');
  await page.getByTestId('no-candidates').waitFor();
  const alpha = await client.call('candidates.save', {
    expressionId: first.id,
    method: 'alpha',
    candidates: [
      { mask: rect(20, 30, 100, 80), score: 0.91 },
      { mask: rect(150, 40, 60, 60), score: 0.42 },
    ],
  });
  const beta = await client.call('candidates.save', {
    expressionId: first.id,
    method: 'beta',
    candidates: [{ mask: rect(18, 28, 104, 84), score: 0.77 }],
  });
  await ws.candidates().nth(2).waitFor();
  assert.deepEqual(
    await page.getByTestId('method-column').evaluateAll((c) => c.map((e) => e.getAttribute('data-method'))),
    ['alpha', 'beta'],
  );
  assert.equal(await ws.candidates().count(), 3);

  // 2. A category for the answers, then pick beta's candidate with the keyboard (↓↓ from alpha #1) and accept it.
  await page.getByTestId('category-select').selectOption({ label: 'New category…' });
  await page.getByTestId('category-new').fill('square');
  await page.getByTestId('category-new').press('Enter');
  await page.locator('[data-testid=category-select] option', { hasText: 'square' }).waitFor({ state: 'attached' });
  await page.getByTestId('stage').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  assert.equal(await ws.candidate(beta[0].id).getAttribute('aria-pressed'), 'true');
  await page.keyboard.press('a');
  await ws.answerIs('accepted', 1);
  const accepted = await answerFor(image.id, first.id);
  assert.equal(accepted.candidateId, beta[0].id);
  assert.equal(accepted.status, 'accepted');
  assert.equal(accepted.edited, false);
  assert.deepEqual(accepted.mask, beta[0].mask);
  const categories = await client.call('categories.list', { datasetId: image.datasetId });
  assert.deepEqual(
    categories.map((c) => c.name),
    ['square'],
  );
  assert.equal(accepted.categoryId, categories[0].id);
  assert.equal(await ws.expressionState('the square on the left'), 'accepted');
  assert.equal(alpha.length, 2);

  // 3. A second expression, corrected with the brush: the first stroke starts from the selected top-1 mask.
  await ws.addExpression('the lower right part');
  const second = (await client.call('expressions.list', { imageId: image.id }))[1];
  const base = rect(200, 120, 80, 60);
  const [top] = await client.call('candidates.save', {
    expressionId: second.id,
    method: 'alpha',
    candidates: [{ mask: base, score: 0.8 }],
  });
  await ws.candidate(top.id).waitFor();
  await ws.tool('brush');
  await ws.drag([
    { x: 150, y: 200 },
    { x: 190, y: 200 },
    { x: 230, y: 205 },
  ]);
  await ws.answerIs('accepted', 2);
  const edited = await answerFor(image.id, second.id);
  assert.equal(edited.candidateId, top.id);
  assert.equal(edited.edited, true);
  const editedMask = decodeRle(edited.mask);
  assert.equal(at(editedMask, 160, 200), 1, 'the stroke painted outside the candidate');
  assert.equal(at(editedMask, 240, 150), 1, 'the candidate mask is kept');
  assert.equal(at(editedMask, 160, 150), 0);
  assert.ok(edited.area > 80 * 60);

  // Erase a corner, then undo twice and redo once with the keyboard.
  await ws.tool('eraser');
  await ws.drag([
    { x: 275, y: 125 },
    { x: 276, y: 126 },
  ]);
  await ws.answerIs('accepted', 3);
  assert.equal(at(decodeRle((await answerFor(image.id, second.id)).mask), 276, 126), 0);
  await page.keyboard.press('Control+z');
  await ws.answerIs('accepted', 4);
  assert.deepEqual((await answerFor(image.id, second.id)).mask, edited.mask);
  await page.keyboard.press('Control+z');
  await ws.answerIs('accepted', 5);
  const undone = await answerFor(image.id, second.id);
  assert.deepEqual(undone.mask, base);
  assert.equal(undone.edited, false);
  await page.keyboard.press('Control+Shift+z');
  await ws.answerIs('accepted', 6);
  assert.deepEqual((await answerFor(image.id, second.id)).mask, edited.mask);

  // 4. A third expression whose candidates are all rejected.
  await ws.tool('pan');
  await ws.addExpression('the sky');
  const third = (await client.call('expressions.list', { imageId: image.id }))[2];
  const [wrong] = await client.call('candidates.save', {
    expressionId: third.id,
    method: 'beta',
    candidates: [{ mask: rect(0, 0, 40, 40), score: 0.1 }],
  });
  await ws.candidate(wrong.id).waitFor();
  await page.keyboard.press('r');
  await ws.answerIs('rejected', 1);
  assert.equal((await answerFor(image.id, third.id)).status, 'rejected');

  // 5. Reload: the same image and every decision come back, and undo still works on the corrected mask.
  await page.reload();
  await ws.ready();
  await ws.expression('the sky').waitFor();
  assert.equal(await ws.expressionState('the square on the left'), 'accepted');
  assert.equal(await ws.expressionState('the lower right part'), 'accepted');
  assert.equal(await ws.expressionState('the sky'), 'rejected');
  await ws.answerIs('rejected', 1);
  await ws.expression('the lower right part').click();
  await ws.answerIs('accepted', 6);
  assert.match(await ws.answer().innerText(), /corrected by hand/);
  await page.getByTestId('undo').click();
  await ws.answerIs('accepted', 7);
  assert.deepEqual((await answerFor(image.id, second.id)).mask, base);
  await page.getByTestId('redo').click();
  await ws.answerIs('accepted', 8);
  assert.deepEqual((await answerFor(image.id, second.id)).mask, edited.mask);

  // 6. Back in the grid the image carries its badges; the accepted filter finds it.
  await page.getByTestId('back-to-grid').click();
  await grid.filter('accepted');
  assert.equal(await grid.total(), 1);
  assert.match(await grid.tile(0).innerText(), /✓ 2/);

  // 7. Export COCO and read the file back.
  await page.getByTestId('open-export').click();
  const out = join(dir, 'export', 'coco.json');
  await page.getByTestId('export-out').fill(out);
  await page.getByTestId('export-submit').click();
  const report = page.getByTestId('export-report');
  await report.waitFor();
  assert.match(await report.innerText(), /Wrote 4 images, 2 annotations/);
  const coco = JSON.parse(await readFile(out, 'utf8')) as {
    images: { id: number; file_name: string }[];
    annotations: { image_id: number; category_id: number; segmentation: Rle; area: number; iscrowd: number }[];
    categories: { id: number; name: string }[];
  };
  assert.equal(coco.images.length, 4);
  assert.equal(coco.annotations.length, 2);
  const exportedImage = coco.images.find((i) => i.file_name === image.path);
  assert.ok(exportedImage);
  const masks = coco.annotations.map((a) => a.segmentation.counts).sort();
  assert.deepEqual(masks, [beta[0].mask.counts, edited.mask.counts].sort());
  for (const a of coco.annotations) {
    assert.equal(a.image_id, exportedImage.id);
    assert.equal(a.iscrowd, 0);
    assert.equal(
      a.area,
      decodeRle(a.segmentation).data.reduce((n, v) => n + v, 0),
    );
  }
  const squareId = coco.categories.find((c) => c.name === 'square')?.id;
  assert.ok(coco.annotations.some((a) => a.category_id === squareId));
  await page.keyboard.press('Escape');
}
