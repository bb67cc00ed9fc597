// Writes the README's screenshots of the main screens at 1440×900 (run by hand, not by `npm test`):
//   node --import tsx test/e2e/screenshots.ts [out-folder] [--photos PHOTO-SHOTS-FOLDER]
// Generated scenes carry candidates stored through the API (their masks are the shapes' exact pixels, or grown and
// shrunk copies), so the shots show masks whose alignment can be judged at any zoom. With --photos, the real photos
// in ../shared/images are also imported in place and one is outlined with the polygon tool; those shots go to the
// folder given, never into docs/, since the photos are not ours to publish.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { encodeRle } from '../../src/main/masks';
import { apiClient } from './api-client';
import { startHarness } from './harness';
import { DatasetsPage } from './page-models/datasets-page';
import { ImageGrid } from './page-models/image-grid';
import { Workspace } from './page-models/workspace';
import { morph, writeScene } from './scene';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { photos: { type: 'string' } } });
const out = resolve(positionals[0] ?? join(import.meta.dirname, '../../docs/screenshots'));
const photos = resolve(import.meta.dirname, '../../../shared/images');
const photoOut = values.photos ? resolve(values.photos) : null;

/** The corgi's outline in corgi.jpg (2048 × 1365), traced by eye for the polygon tool. */
const CORGI = [
  [944, 580],
  [956, 524],
  [980, 552],
  [986, 580],
  [1006, 532],
  [1016, 530],
  [1032, 580],
  [1040, 636],
  [1080, 636],
  [1130, 670],
  [1200, 690],
  [1280, 696],
  [1400, 690],
  [1520, 680],
  [1600, 676],
  [1660, 672],
  [1720, 684],
  [1760, 720],
  [1776, 770],
  [1760, 810],
  [1724, 830],
  [1700, 880],
  [1716, 910],
  [1764, 940],
  [1772, 970],
  [1740, 980],
  [1690, 960],
  [1640, 940],
  [1520, 944],
  [1400, 952],
  [1280, 948],
  [1160, 936],
  [1080, 930],
  [1000, 924],
  [940, 936],
  [890, 944],
  [872, 920],
  [896, 896],
  [940, 880],
  [956, 850],
  [940, 820],
  [890, 800],
  [860, 804],
  [830, 816],
  [836, 792],
  [808, 730],
  [840, 704],
  [890, 670],
  [930, 636],
];

async function shot(page: Page, name: string, folder = out): Promise<void> {
  await page.waitForTimeout(250);
  await page.screenshot({ path: join(folder, `${name}.png`) });
  console.log(`wrote ${join(folder, `${name}.png`)}`);
}

async function setTheme(page: Page, theme: 'dark' | 'light'): Promise<void> {
  await page.evaluate((t) => localStorage.setItem('reflabel.theme', t), theme);
}

const h = await startHarness('screens');
const client = apiClient(h.server);
try {
  await mkdir(out, { recursive: true });
  const scenes = [];
  for (let i = 0; i < 12; i++)
    scenes.push(await writeScene(join(h.dir, 'shapes', `scene-${String(i).padStart(2, '0')}.png`), 640, 480, i));

  const { page } = await h.newPage();
  await page.goto(h.server.pageUrl);
  await setTheme(page, 'dark');
  await page.reload();
  const datasets = new DatasetsPage(page);
  await datasets.importFolder(join(h.dir, 'shapes'), 'shapes');
  const hasPhotos = photoOut !== null && existsSync(join(photos, 'corgi.jpg'));
  if (photoOut) await mkdir(photoOut, { recursive: true });
  if (hasPhotos) await datasets.importFolder(photos, 'photos');

  // Expressions and candidates stored through the API, as a method would store them.
  const [shapes] = (await client.call('datasets.list')).filter((d) => d.name === 'shapes');
  const images = (await client.call('images.list', { datasetId: shapes.id })).items;
  const { masks } = scenes[0];
  const rle = (name: string, grow = 0) => encodeRle(grow ? morph(masks.get(name)!, grow) : masks.get(name)!);
  const ball = await client.call('expressions.create', { imageId: images[0].id, text: 'the red ball on the left' });
  const box = await client.call('expressions.create', { imageId: images[0].id, text: 'the blue box' });
  const tent = await client.call('expressions.create', { imageId: images[0].id, text: 'the yellow tent' });
  await client.call('candidates.save', {
    expressionId: ball.id,
    method: 'alpha',
    candidates: [
      { mask: rle('ball'), score: 0.93 },
      { mask: rle('box'), score: 0.41 },
      { mask: rle('tent'), score: 0.12 },
    ],
  });
  await client.call('candidates.save', {
    expressionId: ball.id,
    method: 'beta',
    candidates: [
      { mask: rle('ball', 6), score: 0.88 },
      { mask: rle('ball'), score: 0.8 },
    ],
  });
  await client.call('candidates.save', {
    expressionId: ball.id,
    method: 'gamma',
    candidates: [{ mask: rle('ball', -5), score: 0.7 }],
  });
  for (const [expressionId, method] of [
    [box.id, 'alpha'],
    [tent.id, 'alpha'],
    [box.id, 'beta'],
    [tent.id, 'beta'],
  ] as const) {
    const name = expressionId === box.id ? 'box' : 'tent';
    await client.call('candidates.save', {
      expressionId,
      method,
      candidates: [{ mask: rle(name, method === 'beta' ? 3 : 0), score: method === 'beta' ? 0.71 : 0.9 }],
    });
  }
  // Pre-labels waiting for review on a few scenes, as a pre-labelling run would leave them.
  for (let i = 1; i < 5; i++) {
    const x = await client.call('expressions.create', { imageId: images[i].id, text: 'the red ball' });
    const [top] = await client.call('candidates.save', {
      expressionId: x.id,
      method: i % 2 ? 'alpha' : 'beta',
      candidates: [{ mask: scenes[i].scene.shapes[0].mask, score: 0.8 }],
    });
    await client.call('annotations.save', {
      imageId: images[i].id,
      expressionId: x.id,
      mask: top.mask,
      candidateId: top.id,
      status: i < 3 ? 'needs-review' : 'accepted',
      provenance: 'candidate',
    });
  }

  // Workspace: accept the box, then show the ball's candidates with one hovered.
  await page.goto(`${h.server.url}/#/datasets/${shapes.id}/images/${images[0].id}?at=0&expr=${box.id}`);
  const ws = new Workspace(page);
  await ws.ready();
  await page.getByTestId('candidate').first().waitFor();
  await page.keyboard.press('a');
  await ws.answerIs('accepted');
  await ws.expression('the red ball').click();
  await page.getByTestId('candidate').nth(5).waitFor();
  await page.getByTestId('candidate').nth(3).hover();
  await shot(page, 'workspace');

  // Accept the exact ball and zoom on its edge: the pixelated image and the mask edge must coincide.
  await page.getByTestId('candidate').nth(4).click();
  await page.keyboard.press('a');
  await ws.answerIs('accepted');
  await page.getByTestId('candidate').nth(3).hover();
  const edge = await ws.screenPoint(154, 200);
  await page.mouse.move(edge.x, edge.y);
  for (let i = 0; i < 9; i++) await page.mouse.wheel(0, -100);
  await shot(page, 'workspace-zoom');
  await page.keyboard.press('1');
  await shot(page, 'workspace-1to1');
  await page.keyboard.press('f');

  await page.keyboard.press('c');
  await page.getByTestId('compare-view').waitFor();
  await shot(page, 'compare');
  await page.keyboard.press('c');

  // A heat map as a method would leave it: a 32 × 24 grid peaking on the ball, shown under the masks.
  const ballMask = masks.get('ball')!;
  let [sx, sy, n] = [0, 0, 0];
  ballMask.data.forEach((v, i) => {
    if (!v) return;
    sx += i % ballMask.width;
    sy += Math.floor(i / ballMask.width);
    n++;
  });
  const [gw, gh] = [32, 24];
  const [cx, cy] = [((sx / n) * gw) / ballMask.width, ((sy / n) * gh) / ballMask.height];
  const heat = Array.from({ length: gw * gh }, (_, i) => {
    const [x, y] = [(i % gw) + 0.5, Math.floor(i / gw) + 0.5];
    return Math.exp(-((x - cx) ** 2 + (y - cy) ** 2) / 18);
  });
  await client.call('heatmaps.save', {
    expressionId: ball.id,
    method: 'alpha',
    kind: 'comap',
    width: gw,
    height: gh,
    values: heat,
  });
  await page.reload();
  await ws.ready();
  await ws.heatmapToggle('alpha', 'comap').click();
  await ws.heatmapOpacity(55);
  await shot(page, 'heatmap');
  await ws.heatmapToggle('alpha', 'comap').click();

  // Correct the tent with the brush.
  await ws.expression('the yellow tent').click();
  await page.getByTestId('candidate').first().waitFor();
  await ws.tool('brush');
  await ws.drag([
    { x: 500, y: 390 },
    { x: 560, y: 400 },
    { x: 620, y: 392 },
  ]);
  await ws.answerIs('accepted');
  const cursor = await ws.screenPoint(530, 330);
  await page.mouse.move(cursor.x, cursor.y);
  await shot(page, 'correction');
  await ws.tool('pan');
  await page.keyboard.press('Shift+T');
  await ws.expression('the red ball').click();
  await shot(page, 'workspace-light');
  await page.keyboard.press('Shift+T');

  // The grid with badges, and the review queue.
  await page.getByTestId('back-to-grid').click();
  await new ImageGrid(page).tile(11).waitFor();
  await page.waitForFunction(() =>
    [...document.querySelectorAll('[data-testid=image-grid] img')].every((img) => (img as HTMLImageElement).complete),
  );
  await shot(page, 'grid');
  await page.getByTestId('open-review').click();
  await page.getByTestId('method-stats').first().waitFor();
  await shot(page, 'review');

  await page.getByTestId('nav-dataset').click();
  await page.getByTestId('open-export').click();
  await page.getByLabel('Polygons').check();
  await page.getByTestId('export-out').fill(join(h.dir, 'export', 'instances.json'));
  await page.getByTestId('export-submit').click();
  await page.getByTestId('export-report').waitFor();
  await shot(page, 'export');
  await page.keyboard.press('Escape');

  await page.keyboard.press('Shift+J');
  await page.getByTestId('job-card').first().waitFor();
  await shot(page, 'jobs');
  await page.keyboard.press('Escape');
  await page.getByTestId('models-button').click();
  await page.getByTestId('methods-status').waitFor();
  await shot(page, 'models');
  await page.keyboard.press('Escape');
  await page.keyboard.press('?');
  await page.getByTestId('shortcut-sheet').waitFor();
  await shot(page, 'shortcuts');
  await page.keyboard.press('Escape');

  if (hasPhotos) {
    // The real photos, in the light theme: the grid, then the corgi outlined with the polygon tool.
    await setTheme(page, 'light');
    const [photoSet] = (await client.call('datasets.list')).filter((d) => d.name === 'photos');
    await page.goto(`${h.server.url}/#/datasets/${photoSet.id}`);
    await page.reload();
    const grid = new ImageGrid(page);
    await grid.tile(0).waitFor();
    await page.waitForFunction(() =>
      [...document.querySelectorAll('[data-testid=image-grid] img')].every((img) => (img as HTMLImageElement).complete),
    );
    await shot(page, 'grid-photos', photoOut!);
    const corgi = (await client.call('images.list', { datasetId: photoSet.id })).items.findIndex(
      (i) => i.path === 'corgi.jpg',
    );
    await grid.tile(corgi).dblclick();
    await ws.ready();
    await ws.addExpression('the corgi running across the grass');
    await ws.tool('polygon-add');
    for (const [x, y] of CORGI) await ws.clickAt(x, y);
    await page.keyboard.press('Enter');
    await ws.answerIs('accepted');
    await ws.tool('pan');
    await shot(page, 'workspace-photo', photoOut!);
    const ear = await ws.screenPoint(990, 560);
    await page.mouse.move(ear.x, ear.y);
    for (let i = 0; i < 8; i++) await page.mouse.wheel(0, -100);
    await shot(page, 'workspace-photo-zoom', photoOut!);
  }

  await setTheme(page, 'dark');
  await page.goto(`${h.server.url}/#/datasets`);
  await page.reload();
  await page.getByTestId('datasets-table').waitFor();
  await shot(page, 'datasets');
} finally {
  client.close();
  await h.close();
}
