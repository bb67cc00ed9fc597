// The rest of the annotator, in browser mode: the review queue and its statistics, polygon add/subtract, fill
// holes, remove islands, compare mode, the jobs drawer, model status, the shortcut sheet, the theme, and Tab
// reaching controls.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createMask, decodeRle, encodeRle, type Mask } from '../../src/main/masks';
import type { RefLabelApi } from '../../src/shared/api';
import type { ApiClient } from '../../src/shared/contract';
import type { Annotation, Rle } from '../../src/shared/domain';
import { writeTestImage } from '../helpers/images';
import { apiClient, importAndWait } from './api-client';
import { startHarness, type Harness } from './harness';
import { Workspace } from './page-models/workspace';

const W = 240;
const H = 180;

let h: Harness;
let client: ApiClient<RefLabelApi>;
let datasetId: number;
let imageIds: number[];

function rect(x: number, y: number, w: number, hgt: number): Rle {
  const mask = createMask(W, H);
  for (let row = y; row < y + hgt; row++) mask.data.fill(1, row * W + x, row * W + x + w);
  return encodeRle(mask);
}

const at = (mask: Mask, x: number, y: number) => mask.data[y * W + x];
const area = (mask: Mask) => mask.data.reduce((n, v) => n + v, 0);

before(async () => {
  h = await startHarness('tools');
  for (let i = 0; i < 2; i++) await writeTestImage(join(h.dir, 'set', `p-${i}.png`), W, H, i + 5);
  client = apiClient(h.server);
  datasetId = await importAndWait(client, join(h.dir, 'set'), 'set');
  imageIds = (await client.call('images.list', { datasetId })).items.map((i) => i.id);
});

after(async () => {
  client?.close();
  await h?.close();
});

async function answer(imageId: number, text: string): Promise<Annotation> {
  const expression = (await client.call('expressions.list', { imageId })).find((x) => x.text === text);
  assert.ok(expression, `expression '${text}'`);
  const found = (await client.call('annotations.list', { imageId })).filter((a) => a.expressionId === expression.id);
  assert.equal(found.length, 1);
  return found[0];
}

test('review queue, correction tools, compare mode, drawer, sheet, theme and Tab', async () => {
  // A pre-label waiting for review on the second image, as a pre-labelling run would leave it.
  const waiting = await client.call('expressions.create', { imageId: imageIds[1], text: 'the pre-labelled thing' });
  const [pre] = await client.call('candidates.save', {
    expressionId: waiting.id,
    method: 'alpha',
    candidates: [{ mask: rect(20, 20, 60, 50), score: 0.9 }],
  });
  await client.call('annotations.save', {
    imageId: imageIds[1],
    expressionId: waiting.id,
    mask: pre.mask,
    candidateId: pre.id,
    status: 'needs-review',
    provenance: 'candidate',
  });

  const { page, problems } = await h.newPage();
  await page.goto(h.server.pageUrl);
  await page.evaluate((id) => (window.location.hash = `#/datasets/${id}`), datasetId);

  // Review: the queue has one image; reviewing opens it with the pre-label, A accepts it.
  await page.getByTestId('open-review').click();
  await page.getByText('1 images have pre-labels waiting for review').waitFor();
  assert.match(await page.getByTestId('method-stats').innerText(), /alpha\s+1\s+0 \(—\)\s+0 \(—\)\s+0 \(—\)\s+1/);
  await page.getByTestId('start-review').click();
  const ws = new Workspace(page);
  await ws.ready();
  await ws.answerIs('needs-review');
  await page.keyboard.press('a');
  await ws.answerIs('accepted', 2);
  const reviewed = await answer(imageIds[1], 'the pre-labelled thing');
  assert.equal(reviewed.status, 'accepted');
  assert.equal(reviewed.edited, false);
  await page.getByTestId('nav-dataset').click();
  await page.getByTestId('open-review').click();
  await page.getByText('Nothing waits for review.').waitFor();
  assert.match(await page.getByTestId('method-stats').innerText(), /alpha\s+1\s+1 \(100%\)/);

  // Polygon add on the first image, with no candidates: a hand-drawn answer.
  await page.evaluate(
    ([d, i]) => (window.location.hash = `#/datasets/${d}/images/${i}?at=0`),
    [datasetId, imageIds[0]],
  );
  await ws.ready();
  await ws.addExpression('the drawn square');
  await ws.tool('polygon-add');
  for (const [x, y] of [
    [60, 60],
    [120, 60],
    [120, 120],
    [60, 120],
  ])
    await ws.clickAt(x, y);
  await page.keyboard.press('Enter');
  await ws.answerIs('accepted', 1);
  let mask = decodeRle((await answer(imageIds[0], 'the drawn square')).mask);
  assert.equal((await answer(imageIds[0], 'the drawn square')).provenance, 'manual');
  assert.equal(at(mask, 90, 90), 1);
  assert.equal(at(mask, 50, 50), 0);
  assert.ok(Math.abs(area(mask) - 3600) < 200, `square area ${area(mask)}`);

  // Polygon subtract cuts a hole (closed by clicking the first point again); fill holes closes it.
  await ws.tool('polygon-subtract');
  for (const [x, y] of [
    [80, 80],
    [100, 80],
    [100, 100],
    [80, 100],
    [80, 80],
  ])
    await ws.clickAt(x, y);
  await ws.answerIs('accepted', 2);
  mask = decodeRle((await answer(imageIds[0], 'the drawn square')).mask);
  assert.equal(at(mask, 90, 90), 0);
  assert.equal(at(mask, 70, 70), 1);
  await page.keyboard.press('h');
  await ws.answerIs('accepted', 3);
  mask = decodeRle((await answer(imageIds[0], 'the drawn square')).mask);
  assert.equal(at(mask, 90, 90), 1);

  // A brush dab far away is an island; remove islands below 1000 px takes it away again.
  await ws.tool('brush');
  await ws.drag([
    { x: 200, y: 150 },
    { x: 203, y: 151 },
  ]);
  await ws.answerIs('accepted', 4);
  assert.equal(at(decodeRle((await answer(imageIds[0], 'the drawn square')).mask), 201, 150), 1);
  await page.getByLabel('Smallest island to keep, in pixels').fill('1000');
  await page.keyboard.press('Escape');
  await page.getByTestId('remove-islands').click();
  await ws.answerIs('accepted', 5);
  mask = decodeRle((await answer(imageIds[0], 'the drawn square')).mask);
  assert.equal(at(mask, 201, 150), 0);
  assert.equal(at(mask, 90, 90), 1);
  await page.keyboard.press('Control+z');
  await ws.answerIs('accepted', 6);
  assert.equal(at(decodeRle((await answer(imageIds[0], 'the drawn square')).mask), 201, 150), 1);

  // Compare mode: one view per method's top-1; clicking the second and pressing Enter accepts it.
  await ws.tool('pan');
  await ws.addExpression('the compared thing');
  const compared = (await client.call('expressions.list', { imageId: imageIds[0] })).find(
    (x) => x.text === 'the compared thing',
  );
  assert.ok(compared);
  await client.call('candidates.save', {
    expressionId: compared.id,
    method: 'alpha',
    candidates: [{ mask: rect(10, 10, 30, 30), score: 0.6 }],
  });
  const [betaTop] = await client.call('candidates.save', {
    expressionId: compared.id,
    method: 'beta',
    candidates: [{ mask: rect(150, 20, 40, 40), score: 0.5 }],
  });
  await ws.candidate(betaTop.id).waitFor();
  await page.keyboard.press('c');
  const cells = page.getByTestId('compare-cell');
  await cells.nth(1).waitFor();
  assert.equal(await cells.count(), 2);
  await cells.nth(1).click({ position: { x: 40, y: 40 } });
  await page.keyboard.press('Enter');
  await ws.answerIs('accepted', 1);
  assert.equal((await answer(imageIds[0], 'the compared thing')).candidateId, betaTop.id);
  await page.keyboard.press('c');
  await page.getByTestId('stage').waitFor();

  // Tab reaches the workspace's controls.
  const reach = async (testId: string) => {
    await page.locator('body').focus();
    for (let i = 0; i < 80; i++) {
      await page.keyboard.press('Tab');
      if ((await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))) === testId) return true;
    }
    return false;
  };
  for (const id of [
    'back-to-grid',
    'expression-input',
    'tool-brush',
    'candidate',
    'accept',
    'reject',
    'compare-toggle',
  ])
    assert.ok(await reach(id), `Tab reaches ${id}`);

  // The jobs drawer lists the import; the sheet lists the shortcuts; the theme switches and stays switched.
  await page.keyboard.press('Shift+J');
  const card = page.getByTestId('job-card').first();
  await card.waitFor();
  assert.equal(await card.getAttribute('data-state'), 'done');
  assert.match(await card.innerText(), /import/);
  await page.keyboard.press('Escape');
  await page.getByTestId('jobs-drawer').waitFor({ state: 'detached' });
  const status = await client.call('models.status');
  await page.getByTestId('models-button').click();
  const methods = page.getByTestId('methods-status').locator('tbody tr');
  await methods.first().waitFor();
  assert.equal(await methods.count(), status.methods.length);
  for (const m of status.methods) {
    const row = await page.getByTestId('methods-status').locator(`tr[data-method="${m.id}"]`).innerText();
    if (m.ready) assert.match(row, /Ready/);
    else for (const group of m.missing) assert.ok(row.includes(`reflabel models install ${group[0]}`), row);
  }
  await page.keyboard.press('Escape');
  await page.getByTestId('models-dialog').waitFor({ state: 'detached' });
  await page.keyboard.press('?');
  await page.getByTestId('shortcut-sheet').waitFor();
  assert.match(await page.getByTestId('shortcut-sheet').innerText(), /Remove small islands/);
  await page.keyboard.press('Escape');
  await page.getByTestId('shortcut-sheet').waitFor({ state: 'detached' });
  const theme = () => page.evaluate(() => document.documentElement.dataset.theme);
  const before = await theme();
  await page.keyboard.press('Shift+T');
  assert.notEqual(await theme(), before);
  const switched = await theme();
  await page.reload();
  await ws.ready();
  assert.equal(await theme(), switched);

  assert.deepEqual(problems, []);
});
