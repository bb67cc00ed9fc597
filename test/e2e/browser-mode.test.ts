// Browser mode end to end: the real server, the built renderer and Debian's Chromium. A user imports a folder of
// generated images through the page, opens the dataset and sees its images served through the file route.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { api } from '../../src/shared/api';
import { startApiServer, type ApiServer } from '../../src/main/api/http-server';
import { openAppContext, type AppContext } from '../../src/main/app/context';
import { ensureRendererBuilt } from '../../src/main/app/renderer-build';
import { writeTestImage } from '../helpers/images';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { launchChromium } from './find-browser';

let dir: string;
let context: AppContext;
let server: ApiServer;
let browser: Browser;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reflabel-e2e-'));
  for (let i = 0; i < 5; i++) await writeTestImage(join(dir, 'photos', `shot-${i}.jpg`), 96 + i * 8, 64, i);
  const staticDir = await ensureRendererBuilt(() => {});
  context = await openAppContext(join(dir, 'e2e.db'), 'test');
  server = await startApiServer({
    api,
    handlers: context.handlers,
    events: context.events,
    resolveDatasetFile: context.resolveDatasetFile,
    staticDir,
  });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
  await context?.close();
  await rm(dir, { recursive: true, force: true });
});

test('import a folder from the page and see its images', async () => {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });

  await page.goto(server.pageUrl);
  await page.getByText('No datasets yet').waitFor();
  assert.equal(new URL(page.url()).searchParams.get('token'), null, 'the token left the address bar');

  await page.getByTestId('import-path').fill(join(dir, 'photos'));
  await page.getByTestId('import-name').fill('holiday');
  await page.getByTestId('import-submit').click();
  await page.getByText('Imported 5 images').waitFor();
  const row = page.getByTestId('datasets-table').getByRole('row', { name: /holiday/ });
  assert.match(await row.innerText(), /holiday\s+5\s+0\s+0\s+0\s+0/);

  await row.getByRole('button', { name: 'holiday' }).click();
  const images = page.getByTestId('image-grid').locator('img');
  await images.first().waitFor();
  assert.equal(await images.count(), 5);
  await page.waitForFunction(() =>
    [...document.querySelectorAll('[data-testid=image-grid] img')].every(
      (img) => (img as HTMLImageElement).naturalWidth > 0,
    ),
  );
  const widths = await images.evaluateAll((list) => list.map((img) => (img as HTMLImageElement).naturalWidth));
  assert.deepEqual(widths, [96, 104, 112, 120, 128]);

  // Survives a reload: the token now lives in the session, the images in the cookie.
  await page.reload();
  await page.getByTestId('datasets-table').waitFor();
  if (process.env.REFLABEL_SCREENSHOTS)
    await page.screenshot({ path: join(process.env.REFLABEL_SCREENSHOTS, 'datasets.png') });
  assert.deepEqual(problems, []);
});

test('a bad import path shows the error and keeps the page usable', async () => {
  const page = await browser.newPage();
  await page.goto(server.pageUrl);
  await page.getByTestId('import-path').fill(join(dir, 'does-not-exist'));
  await page.getByTestId('import-submit').click();
  const error = page.getByTestId('import-error');
  await error.waitFor();
  assert.match(await error.innerText(), /does-not-exist: no such file or folder/);
});
