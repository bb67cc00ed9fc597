// Background SAM encoding follows the annotator: each sam.prepare call withdraws the encodings still waiting for
// images it no longer lists and never queues an image twice. The engine here records what it is asked and holds
// each encoding until the test lets it finish (or its request is withdrawn), so the queue can be watched.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import test from 'node:test';
import { defaultCatalog } from '../../../src/main/models/catalog';
import { addImages, getImage } from '../../../src/main/services/images';
import { createPredictionService } from '../../../src/main/services/prediction-service';
import { createJobRunner } from '../../../src/main/jobs/job-runner';
import type { VisionEngine } from '../../../src/main/vision/pipeline/engine';
import { withTempDir } from '../../helpers/temp-dir';
import { makePredictFixture } from '../predict/fixture';
import { installTinyModels } from '../predict/models-root';

interface Held {
  sha: string;
  finish: () => void;
  withdrawn: boolean;
}

function holdingEngine(held: Held[]): VisionEngine {
  const unused = () => Promise.reject(new Error('not used by this test'));
  return {
    modelNames: unused,
    proposals: unused,
    methods: unused,
    refine: unused,
    prepare: ({ image }, { signal } = {}) =>
      new Promise<boolean>((resolve, reject) => {
        const entry: Held = { sha: image.sha256, finish: () => resolve(true), withdrawn: false };
        held.push(entry);
        signal?.addEventListener('abort', () => {
          entry.withdrawn = true;
          reject(new Error('withdrawn'));
        });
      }),
    close: async () => undefined,
  };
}

test('sam.prepare withdraws encodings the annotator moved past and never queues an image twice', async () => {
  await withTempDir(async (dir) => {
    const fx = await makePredictFixture(dir);
    const { datasetId } = await getImage(fx.store, fx.imageId);
    const more = await addImages(
      fx.store,
      [1, 2, 3].map((i) => ({
        datasetId,
        path: `copy-${i}.png`,
        width: 96,
        height: 64,
        sha256: String(i).repeat(64),
        bytes: 1,
      })),
    );
    const [a, b, c, d] = [fx.imageId, ...more];
    await installTinyModels(join(dir, 'models'), fx);
    const held: Held[] = [];
    const jobs = createJobRunner({ store: fx.store, kinds: [] });
    const service = createPredictionService({
      store: fx.store,
      engine: holdingEngine(held),
      catalog: defaultCatalog(),
      modelsRoot: join(dir, 'models'),
      cacheDir: join(dir, 'cache'),
      emit: () => undefined,
      jobs,
    });
    try {
      assert.equal(await service.prepare([a, b, c]), 3);
      assert.deepEqual(service.preparing, [a, b, c]);
      // One image on: b and c are still wanted (not queued again), a is withdrawn, d is new.
      assert.equal(await service.prepare([b, c, d]), 1);
      assert.deepEqual(
        held.map((h) => h.withdrawn),
        [true, false, false, false],
      );
      await new Promise((r) => setImmediate(r));
      assert.deepEqual(service.preparing.sort(), [b, c, d].sort());
      // A finished encoding leaves the list, so asking for it again queues it (the engine finds it cached).
      held[1].finish();
      await new Promise((r) => setImmediate(r));
      assert.deepEqual(service.preparing.sort(), [c, d].sort());
      assert.equal(await service.prepare([b, c, d]), 1);
    } finally {
      for (const h of held) h.finish();
      await jobs.close();
      await fx.store.close();
    }
  });
});
