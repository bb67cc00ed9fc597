// Browser mode end to end: the real server, the built renderer and Debian's Chromium. A user imports a folder of
// generated images through the page, opens the dataset and sees its images served through the file route; the token
// leaves the address bar and a reload keeps both the session and the place.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { writeTestImage } from '../helpers/images';
import { startHarness, type Harness } from './harness';
import { DatasetsPage } from './page-models/datasets-page';
import { ImageGrid } from './page-models/image-grid';

let h: Harness;

before(async () => {
  h = await startHarness('browser-mode');
  for (let i = 0; i < 5; i++) await writeTestImage(join(h.dir, 'photos', `shot-${i}.jpg`), 96 + i * 8, 64, i);
});

after(() => h?.close());

const loadedWidths = () =>
  [...document.querySelectorAll('[data-testid=image-grid] img')].map((img) => (img as HTMLImageElement).naturalWidth);

test('import a folder from the page and see its images', async () => {
  const { page, problems } = await h.newPage();
  await page.goto(h.server.pageUrl);
  await page.getByText('No datasets yet').waitFor();
  assert.equal(new URL(page.url()).searchParams.get('token'), null, 'the token left the address bar');

  const datasets = new DatasetsPage(page);
  assert.equal(await datasets.offersBrowse(), false, 'no native dialog in browser mode: the path is typed');
  assert.equal(await page.getByTestId('import-browse').count(), 0);
  assert.match(await datasets.importFolder(join(h.dir, 'photos'), 'holiday'), /Imported 5 images/);
  assert.deepEqual(await datasets.counts('holiday'), [5, 0, 0, 0, 0]);
  await datasets.open('holiday');

  const grid = new ImageGrid(page);
  assert.equal(await grid.total(), 5);
  await page.waitForFunction(() => {
    const images = [...document.querySelectorAll('[data-testid=image-grid] img')];
    return images.length === 5 && images.every((img) => (img as HTMLImageElement).naturalWidth > 0);
  });
  assert.deepEqual(await page.evaluate(loadedWidths), [96, 104, 112, 120, 128]);

  // Survives a reload: the token now lives in the session, the place in the address.
  await page.reload();
  await grid.tile(4).waitFor();
  await page.waitForFunction(() =>
    [...document.querySelectorAll('[data-testid=image-grid] img')].every(
      (img) => (img as HTMLImageElement).naturalWidth > 0,
    ),
  );
  assert.deepEqual(await page.evaluate(loadedWidths), [96, 104, 112, 120, 128]);
  assert.deepEqual(problems, []);
});

test('a bad import path shows the error and keeps the page usable', async () => {
  const { page } = await h.newPage();
  await page.goto(h.server.pageUrl);
  await page.getByTestId('import-path').fill(join(h.dir, 'does-not-exist'));
  await page.getByTestId('import-submit').click();
  const error = page.getByTestId('import-error');
  await error.waitFor();
  assert.match(await error.innerText(), /does-not-exist: no such file or folder/);
  await page.getByTestId('import-path').fill(join(h.dir, 'photos'));
  await page.getByTestId('import-name').fill('second try');
  await page.getByTestId('import-submit').click();
  await page.getByTestId('import-done').waitFor();
});
