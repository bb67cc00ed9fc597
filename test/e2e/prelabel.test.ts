// Pre-labeling from the dataset page in browser mode, with tiny random-weight models installed: choose the methods,
// start the job, watch it finish in the dialog, and find every expression's candidates stored, with no annotation
// written.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { PREDICTION_METHODS, type RefLabelApi } from '../../src/shared/api';
import type { ApiClient } from '../../src/shared/contract';
import { apiClient } from './api-client';
import { startHarness, type Harness } from './harness';
import { DatasetsPage } from './page-models/datasets-page';
import { writeScene } from './scene';
import { writeTinyModels } from './tiny-models';

let h: Harness;
let client: ApiClient<RefLabelApi>;
let modelsRoot: string;

before(async () => {
  modelsRoot = await mkdtemp(join(tmpdir(), 'reflabel-prelabel-models-'));
  await writeTinyModels(modelsRoot);
  h = await startHarness('prelabel', { modelsRoot });
  for (let i = 0; i < 2; i++) await writeScene(join(h.dir, 'scenes', `scene-${i}.png`), 160, 120, i);
  client = apiClient(h.server);
});

after(async () => {
  client?.close();
  await h?.close();
  if (modelsRoot) await rm(modelsRoot, { recursive: true, force: true });
});

test('Pre-label… runs the chosen methods over the dataset as a job', async () => {
  const { page, problems } = await h.newPage();
  await page.goto(h.server.pageUrl);
  const datasets = new DatasetsPage(page);
  assert.match(await datasets.importFolder(join(h.dir, 'scenes'), 'scenes'), /Imported 2 images/);
  const [dataset] = await client.call('datasets.list');
  const images = (await client.call('images.list', { datasetId: dataset.id })).items;
  const expressions = [];
  for (const [i, text] of ['the red square on the left', 'the blue disc', 'the big shape'].entries()) {
    expressions.push(await client.call('expressions.create', { imageId: images[i % 2].id, text }));
  }
  await datasets.open('scenes');

  await page.getByTestId('open-prelabel').click();
  const dialog = page.getByTestId('prelabel-dialog');
  await dialog.getByTestId('prelabel-models').getByText('With CLIP ViT-B/16 and SAM ViT-B.').waitFor();
  for (const m of PREDICTION_METHODS) {
    if (m !== 'glclip' && m !== 'samclip') await dialog.getByTestId(`prelabel-method-${m}`).uncheck();
  }
  await dialog.getByTestId('prelabel-submit').click();
  const card = dialog.getByTestId('job-card');
  await card.and(page.locator('[data-state="done"]')).waitFor({ timeout: 120_000 });
  assert.match(await card.innerText(), /prelabel: glclip, samclip/);
  assert.match(await card.innerText(), /3 \/ 3/);

  for (const expression of expressions) {
    const candidates = await client.call('candidates.list', { expressionId: expression.id });
    assert.deepEqual([...new Set(candidates.map((c) => c.method))].sort(), ['glclip', 'samclip']);
  }
  for (const image of images) assert.deepEqual(await client.call('annotations.list', { imageId: image.id }), []);
  assert.deepEqual(problems, []);
});
