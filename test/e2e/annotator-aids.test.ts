// What helps the annotator decide, in browser mode: the expression's parse (live while typing and for the selected
// expression), heat maps stored through the API shown under the masks with their opacity, the execution provider
// in the header and the Models dialog, and "Browse…" where the front has a native dialog (here a stand-in for
// Electron's, injected exactly where the Electron main injects the real one).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { RefLabelApi } from '../../src/shared/api';
import type { ApiClient } from '../../src/shared/contract';
import { writeTestImage } from '../helpers/images';
import { apiClient } from './api-client';
import { startHarness, type Harness } from './harness';
import { DatasetsPage } from './page-models/datasets-page';
import { ImageGrid } from './page-models/image-grid';
import { Workspace } from './page-models/workspace';

const W = 240;
const H = 180;

let h: Harness;
let client: ApiClient<RefLabelApi>;
const asked: { kind: string; title: string }[] = [];

before(async () => {
  h = await startHarness('aids', {
    choosePath: async (request) => {
      asked.push(request);
      return join(h.dir, 'street');
    },
  });
  await writeTestImage(join(h.dir, 'street', 'crossing.png'), W, H, 3);
  client = apiClient(h.server);
});

after(async () => {
  client?.close();
  await h?.close();
});

const near = (actual: readonly number[], expected: readonly number[], tolerance: number, what: string) =>
  assert.ok(
    actual.every((v, i) => Math.abs(v - expected[i]) <= tolerance),
    `${what}: ${actual.join(',')} is not within ${tolerance} of ${expected.join(',')}`,
  );

test('browse, parse, heat maps and the execution provider', async () => {
  const { page, problems } = await h.newPage();
  await page.goto(h.server.pageUrl);

  // "Browse…" asks the front's dialog for a folder and imports what it answers.
  const datasets = new DatasetsPage(page);
  assert.equal(await datasets.offersBrowse(), true);
  assert.match(await datasets.browseAndImport(), /Imported 1 images/);
  assert.deepEqual(
    asked.map((r) => r.kind),
    ['folder'],
  );
  await datasets.open('street');
  await new ImageGrid(page).openWithKeyboard([]);
  const ws = new Workspace(page);
  await ws.ready();

  // The parse shows while typing, before the expression exists, and stays for the selected expression.
  const text = 'the man in red shirt on the left';
  await ws.typeExpression(text);
  const live = await ws.parseOf(text);
  assert.equal(live.primary, 'man');
  assert.equal(live.directions, 'left');
  assert.equal(live.context, 'red, shirt, left');
  assert.deepEqual(live.marked, ['primary:man', 'context:red', 'context:shirt', 'direction:left']);
  await page.keyboard.press('Enter');
  await ws.selected(text).waitFor();
  assert.equal((await ws.parseOf(text)).primary, 'man');
  await ws.addExpression('the dog behind the car');
  const other = await ws.parseOf('the dog behind the car');
  assert.equal(other.primary, 'dog');
  assert.equal(other.directions, 'behind');
  await ws.expression(text).click();
  assert.equal((await ws.parseOf(text)).directions, 'left');

  // A heat map stored through the API: blue on the left edge, red on the right (a 2 × 1 grid upsampled).
  const [image] = (await client.call('images.list', { datasetId: (await client.call('datasets.list'))[0].id })).items;
  const expression = (await client.call('expressions.list', { imageId: image.id })).find((x) => x.text === text);
  assert.ok(expression);
  await client.call('heatmaps.save', {
    expressionId: expression.id,
    method: 'copatch',
    kind: 'comap',
    width: 2,
    height: 1,
    values: [0, 1],
  });
  const toggle = ws.heatmapToggle('copatch', 'comap');
  await toggle.waitFor();
  const [left, right] = [
    [2, 90],
    [237, 90],
  ] as const;
  const plain = [await ws.pixelAt(...left), await ws.pixelAt(...right)];
  await toggle.click();
  assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
  await ws.heatmapOpacity(100);
  near(await ws.pixelAt(...left), [0, 0, 255], 2, 'opaque heat map, left edge');
  near(await ws.pixelAt(...right), [255, 0, 0], 2, 'opaque heat map, right edge');
  await ws.heatmapOpacity(50);
  const half = (base: readonly number[], color: readonly number[]) => base.map((v, i) => (v + color[i]) / 2);
  near(await ws.pixelAt(...left), half(plain[0], [0, 0, 255]), 3, 'half-transparent heat map, left edge');
  near(await ws.pixelAt(...right), half(plain[1], [255, 0, 0]), 3, 'half-transparent heat map, right edge');
  await toggle.click();
  assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
  near(await ws.pixelAt(...right), plain[1], 1, 'heat map hidden');
  assert.equal(await page.locator('[data-testid=stage] canvas').count(), 4, 'Konva layers');

  // The provider the probe found, in the header and in the Models dialog with its fallback notice.
  const info = await client.call('runtime.info');
  const badge = page.locator(`[data-testid=provider-badge][data-provider="${info.provider}"]`);
  await badge.waitFor();
  assert.equal(await badge.innerText(), info.provider === 'cuda' ? 'CUDA' : 'CPU');
  await badge.click();
  const status = page.locator(`[data-testid=provider-status][data-provider="${info.provider}"]`);
  await status.waitFor();
  assert.equal(await status.getByTestId('provider-name').innerText(), info.provider === 'cuda' ? 'CUDA' : 'CPU');
  if (info.fallback) assert.match(await status.getByTestId('provider-fallback').innerText(), /CUDA unavailable/);
  else assert.equal(await status.getByTestId('provider-fallback').count(), 0);
  await page.keyboard.press('Escape');

  assert.deepEqual(problems, []);
});
