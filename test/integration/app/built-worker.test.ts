// The desktop build's inference worker: electron-vite bundles worker-entry.ts as vision-worker.js beside the main
// bundle (which starts it from there, see worker-launch.ts). The Electron spec is skipped where no Electron binary
// is installed, so this builds into a folder of its own and runs the bundled worker under Node, as Electron's main
// process would: the prediction engine answers from it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import test from 'node:test';
import { pathToFileURL } from 'node:url';
import { createWorkerEngine } from '../../../src/main/vision/pipeline/worker-engine';
import { amgPreset } from '../../../src/main/vision/sam/amg/params';
import { VisionWorker } from '../../../src/main/vision/runtime/vision-worker';
import { withTempDir } from '../../helpers/temp-dir';
import { makePredictFixture } from '../predict/fixture';

const root = resolve(import.meta.dirname, '../../..');

test('the bundled vision worker runs the prediction engine', { timeout: 180_000 }, async () => {
  // Inside the project, so the bundle's external packages resolve from node_modules as they do in the app.
  const out = join(root, 'out', `worker-check-${process.pid}`);
  try {
    const build = spawnSync(
      process.execPath,
      [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--outDir', out, '-l', 'warn'],
      { cwd: root, encoding: 'utf8' },
    );
    assert.equal(build.status, 0, `electron-vite build failed:\n${build.stderr}`);
    const main = await readFile(join(out, 'main', 'index.js'), 'utf8');
    assert.ok(main.includes('vision-worker.js'), 'the main bundle starts the worker from its own folder');

    await withTempDir(async (dir) => {
      const fx = await makePredictFixture(dir);
      await fx.store.close();
      const worker = new VisionWorker('bundled', {
        entry: pathToFileURL(join(out, 'main', 'vision-worker.js')),
        fromSource: false,
      });
      const engine = createWorkerEngine(worker);
      try {
        const names = await engine.modelNames({ clipDir: fx.clipDir, samDir: fx.samDir });
        assert.match(names.sam, /^sam:[0-9a-f]{16}$/);
        const proposals = await engine.proposals({
          models: { clipDir: fx.clipDir, samDir: fx.samDir },
          image: { path: fx.imageFile, sha256: 'a'.repeat(64) },
          params: {
            ...amgPreset('sam-default'),
            pointsPerSide: 2,
            predIouThresh: 0,
            stabilityScoreThresh: 0,
          },
        });
        assert.ok(proposals.length >= 1);
        assert.deepEqual(proposals[0].mask.size, [64, 96]);
      } finally {
        await engine.close();
      }
    });
  } finally {
    await rm(out, { recursive: true, force: true });
  }
});
