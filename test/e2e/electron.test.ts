// The same annotator flow in the Electron app, driven by Playwright's _electron: the built main, preload and
// renderer, IPC instead of HTTP, the reflabel-file protocol for images. It needs the Electron binary, which CI does
// not download (ELECTRON_SKIP_BINARY_DOWNLOAD=1); without it the test is skipped and says why.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { _electron } from 'playwright-core';
import { openDirectClient } from './direct-client';
import { runAnnotateFlow, writeFlowImages } from './flows/annotate-flow';
import { withBuildLock } from './harness';

const root = resolve(import.meta.dirname, '../..');

/** The Electron executable, or why there is none. */
function electronBinary(): { path: string } | { missing: string } {
  try {
    // The electron package's main module is the path of its downloaded binary; it throws when none was downloaded.
    const path = createRequire(import.meta.url)('electron') as unknown;
    if (typeof path !== 'string') return { missing: 'the electron package did not name a binary' };
    return existsSync(path) ? { path } : { missing: `${path} does not exist` };
  } catch (error) {
    return { missing: (error as Error).message.split('\n')[0] };
  }
}

test('the annotator flow in the Electron app', { timeout: 180_000 }, async (t) => {
  const binary = electronBinary();
  if ('missing' in binary) {
    t.skip(`Electron binary not installed: ${binary.missing}`);
    return;
  }
  // The build rewrites out/renderer, which the browser-mode tests serve: take their lock.
  const build = await withBuildLock(async () =>
    spawnSync(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], {
      cwd: root,
      encoding: 'utf8',
    }),
  );
  assert.equal(build.status, 0, `electron-vite build failed:\n${build.stderr}`);

  const dir = await mkdtemp(join(tmpdir(), 'reflabel-electron-'));
  const db = join(dir, 'app.db');
  await writeFlowImages(dir);
  const app = await _electron.launch({
    executablePath: binary.path,
    args: [join(root, 'out/main/index.js'), `--db=${db}`],
  });
  const direct = await openDirectClient(db);
  try {
    const page = await app.firstWindow();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.getByText('No datasets yet').waitFor();
    await runAnnotateFlow(page, dir, direct.client);
    assert.deepEqual(problems, []);
  } finally {
    await app.close();
    await direct.close();
    await rm(dir, { recursive: true, force: true });
  }
});
