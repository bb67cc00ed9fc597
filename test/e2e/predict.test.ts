// Predictions and SAM click-to-refine in browser mode, with tiny random-weight CLIP and SAM models installed in a
// temporary models root: type an expression, press Enter, watch each chosen method's candidates arrive, look at the
// proposals they chose from, then refine the answer with SAM clicks and see each refined mask saved as a version.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Response } from 'playwright-core';
import { PREDICTION_METHODS, type RefLabelApi } from '../../src/shared/api';
import type { ApiClient } from '../../src/shared/contract';
import type { Rle } from '../../src/shared/domain';
import { apiClient } from './api-client';
import { startHarness, type Harness } from './harness';
import { DatasetsPage } from './page-models/datasets-page';
import { ImageGrid } from './page-models/image-grid';
import { Workspace } from './page-models/workspace';
import { writeScene } from './scene';
import { writeTinyModels } from './tiny-models';

let h: Harness;
let client: ApiClient<RefLabelApi>;
let modelsRoot: string;

before(async () => {
  modelsRoot = await mkdtemp(join(tmpdir(), 'reflabel-predict-models-'));
  await writeTinyModels(modelsRoot);
  h = await startHarness('predict', { modelsRoot });
  for (let i = 0; i < 3; i++) await writeScene(join(h.dir, 'shapes', `scene-${i}.png`), 320, 240, i);
  client = apiClient(h.server);
});

after(async () => {
  client?.close();
  await h?.close();
  if (modelsRoot) await rm(modelsRoot, { recursive: true, force: true });
});

/** The JSON body and answer of the next sam.refine call. */
async function nextRefine(
  response: Promise<Response>,
): Promise<{ input: { previous?: string; points: unknown[] }; mask: Rle; refinementId: string }> {
  const r = await response;
  const body = (await r.json()) as { ok: boolean; value: { mask: Rle; refinementId: string } };
  assert.equal(body.ok, true, JSON.stringify(body));
  return { input: JSON.parse(r.request().postData() ?? '{}'), ...body.value };
}

test('Enter runs the methods, proposals show, SAM clicks refine the answer', async () => {
  const { page, problems } = await h.newPage();
  await page.goto(h.server.pageUrl);
  const datasets = new DatasetsPage(page);
  assert.match(await datasets.importFolder(join(h.dir, 'shapes'), 'shapes'), /Imported 3 images/);
  await datasets.open('shapes');
  // Opening an image asks SAM to encode the next ones in the background.
  const prepared = page.waitForRequest((r) => r.url().endsWith('/api/sam.prepare'));
  await new ImageGrid(page).openWithKeyboard();
  const ws = new Workspace(page);
  await ws.ready();
  const [dataset] = await client.call('datasets.list');
  const [image, ...rest] = (await client.call('images.list', { datasetId: dataset.id })).items;
  assert.deepEqual(
    JSON.parse((await prepared).postData() ?? '{}').imageIds,
    rest.map((i) => i.id),
  );

  // The models are installed, so nothing says otherwise, and the settings list every method's parameters.
  await page.locator('[data-testid=expression-submit]', { hasText: 'Run' }).waitFor();
  assert.equal(await page.getByTestId('predict-missing').count(), 0);
  await page.getByTestId('method-settings-open').click();
  const settings = page.getByTestId('method-settings');
  await settings.waitFor();
  for (const method of PREDICTION_METHODS) {
    const card = settings.locator(`[data-testid=method-preset][data-method="${method}"]`);
    assert.ok((await card.locator('tr[data-param]').count()) > 0, `${method} lists its parameters`);
  }
  assert.ok((await settings.getByTestId('params-amg').locator('tr[data-param]').count()) > 0);
  // An override typed here goes with the runs that follow.
  await settings.getByTestId('override-glclip-maskingBlock').fill('8');
  await page.getByTestId('predict-overrides').waitFor();
  await page.keyboard.press('Escape');
  await settings.waitFor({ state: 'detached' });

  // Enter adds the expression and runs every chosen method; each shows its count, and its candidates their column.
  await ws.chooseMethods(PREDICTION_METHODS);
  const runRequest = page.waitForRequest((r) => r.url().endsWith('/api/predictions.run'));
  await ws.predict('the red ball on the left');
  assert.deepEqual(JSON.parse((await runRequest).postData() ?? '{}').params, { glclip: { maskingBlock: 8 } });
  assert.equal(await ws.runSettled(), 'done', await page.getByTestId('predict-run').innerText());
  const [expression] = await client.call('expressions.list', { imageId: image.id });
  assert.equal(expression.text, 'the red ball on the left');
  const stored = await client.call('candidates.list', { expressionId: expression.id });
  for (const method of PREDICTION_METHODS) {
    assert.equal(await ws.predictStep(method).getAttribute('data-state'), 'done');
    const count = stored.filter((c) => c.method === method).length;
    assert.match(await ws.predictStep(method).innerText(), new RegExp(`${count} candidates?`));
    if (count > 0) await ws.methodColumn(method).waitFor();
  }
  assert.ok(stored.length > 0, 'the methods stored candidates');
  await ws
    .candidates()
    .nth(stored.length - 1)
    .waitFor();

  // The proposals overlay draws the stored proposals over the image.
  const [set] = await client.call('proposals.list', { imageId: image.id });
  assert.ok(set.proposals.length > 0);
  const toggle = page.getByTestId('proposals-toggle');
  assert.equal(await toggle.getAttribute('data-count'), String(set.proposals.length));
  const before = await page.getByTestId('stage').screenshot();
  await toggle.click();
  await page.locator('[data-testid=proposals-toggle][aria-pressed=true]').waitFor();
  // Konva draws on the next animation frame.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const withProposals = await page.getByTestId('stage').screenshot();
  assert.notDeepEqual(withProposals, before, 'the proposals change what the stage shows');
  await toggle.click();

  // SAM: a click refines, and the mask SAM returned becomes the answer's current version.
  await ws.tool('sam');
  const refined = nextRefine(page.waitForResponse((r) => r.url().endsWith('/api/sam.refine')));
  await ws.clickAt(80, 140);
  const first = await refined;
  assert.equal(first.input.previous, undefined);
  assert.equal(first.input.points.length, 1);
  await page.locator('[data-testid=sam-status][data-busy=false]').waitFor();
  await page.locator('[data-testid=save-state]:not([data-state=saving])').waitFor();
  const answerOf = async () =>
    (await client.call('annotations.list', { imageId: image.id })).find((a) => a.expressionId === expression.id);
  let answer = await answerOf();
  assert.ok(answer, 'the refined mask was saved as the answer');
  assert.equal(answer.mask.counts, first.mask.counts);
  const versions = (await client.call('annotations.history', { annotationId: answer.id })).length;
  assert.equal(await ws.samPoints(), 1);

  // A negative point (Alt-click) chains the previous refinement and its mask is saved too.
  const again = nextRefine(page.waitForResponse((r) => r.url().endsWith('/api/sam.refine')));
  await ws.clickAt(200, 120, { modifiers: ['Alt'] });
  const second = await again;
  assert.equal(second.input.previous, first.refinementId);
  assert.deepEqual(
    (second.input.points as { positive: boolean }[]).map((p) => p.positive),
    [true, false],
  );
  await page.locator('[data-testid=sam-status][data-busy=false]').waitFor();
  await page.locator('[data-testid=save-state]:not([data-state=saving])').waitFor();
  answer = await answerOf();
  assert.equal(answer?.mask.counts, second.mask.counts);
  const history = await client.call('annotations.history', { annotationId: answer!.id });
  assert.ok(history.length >= versions);
  assert.equal(await ws.samPoints(), 2);

  // A drag draws a box; Esc clears the prompt.
  const boxed = nextRefine(page.waitForResponse((r) => r.url().endsWith('/api/sam.refine')));
  await ws.drag([
    { x: 30, y: 90 },
    { x: 130, y: 190 },
  ]);
  assert.ok((await boxed).input.points.length === 2);
  assert.equal(await page.getByTestId('stage').getAttribute('data-sam-box'), 'true');
  await page.locator('[data-testid=sam-status][data-busy=false]').waitFor();
  await page.getByTestId('stage').focus();
  await page.keyboard.press('Escape');
  await page.locator('[data-testid=stage][data-sam-points="0"][data-sam-box=false]').waitFor();

  // A run the server refuses says why, inline, for the method that failed.
  await page.getByTestId('method-settings-open').click();
  await page.getByTestId('override-glclip-maskingBlock').fill('99');
  await page.keyboard.press('Escape');
  await ws.chooseMethods(['glclip']);
  await page.getByTestId('expression-submit').click();
  assert.equal(await ws.runSettled(), 'failed');
  assert.notEqual((await page.getByTestId('predict-error').innerText()).trim(), '');
  assert.equal(await ws.predictStep('glclip').getAttribute('data-state'), 'failed');

  // The refused call is the only error the page logged.
  assert.deepEqual(
    problems.filter((p) => !/status of (400|500)/.test(p)),
    [],
  );
  assert.ok(problems.length <= 1, problems.join('\n'));
});

test('without models, Enter only adds the expression and the page says why', async () => {
  const empty = await mkdtemp(join(tmpdir(), 'reflabel-no-models-'));
  const bare = await startHarness('predict-bare', { modelsRoot: empty });
  try {
    await writeScene(join(bare.dir, 'shapes', 'scene.png'), 320, 240, 0);
    const { page, problems } = await bare.newPage();
    await page.goto(bare.server.pageUrl);
    const datasets = new DatasetsPage(page);
    await datasets.importFolder(join(bare.dir, 'shapes'), 'shapes');
    await datasets.open('shapes');
    await new ImageGrid(page).openWithKeyboard();
    const ws = new Workspace(page);
    await ws.ready();
    assert.match(await page.getByTestId('predict-missing').innerText(), /No CLIP or SAM model is installed/);
    assert.equal((await page.getByTestId('expression-submit').innerText()).trim(), 'Add');
    await ws.addExpression('the red ball');
    assert.equal(await page.getByTestId('predict-run').count(), 0);

    // The link and a click with the SAM tool both open the Models dialog.
    await page.getByTestId('predict-open-models').click();
    await page.getByTestId('models-dialog').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('models-dialog').waitFor({ state: 'detached' });
    await ws.tool('sam');
    await page.getByTestId('sam-missing').waitFor();
    await ws.clickAt(100, 100);
    await page.getByTestId('models-dialog').waitFor();
    assert.equal(await ws.samPoints(), 0);
    assert.deepEqual(problems, []);
  } finally {
    await bare.close();
    await rm(empty, { recursive: true, force: true });
  }
});
