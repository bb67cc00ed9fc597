// Predictions through the app's API, as the UI calls them: the installed tiny models chosen from the models root,
// the methods run in the inference worker (a real worker thread), progress events as each method's candidates are
// stored, the same candidates as the local engine computes in this thread, click-to-refine and background encoding.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import test from 'node:test';
import { dispatch } from '../../../src/main/api/dispatch';
import { openAppContext, type AppContext } from '../../../src/main/app/context';
import { decodeRle, rleArea } from '../../../src/main/masks';
import { type PredictParams, predict } from '../../../src/main/services/predict';
import { listCandidates } from '../../../src/main/services/predictions';
import { api, type RefLabelApi } from '../../../src/shared/api';
import type { OpInput, OpName, OpOutput } from '../../../src/shared/contract';
import { withTempDir } from '../../helpers/temp-dir';
import { makePredictFixture } from '../predict/fixture';
import { installTinyModels } from '../predict/models-root';

// The tiny CLIP has 3 vision blocks, so the paper's block indices are overridden; SAM gets a 4 × 4 grid without
// filters (random weights fail the paper thresholds).
const PARAMS = {
  glclip: { maskingBlock: 1 },
  copatch: { exitLayer: 2 },
  amg: { pointsPerSide: 4, predIouThresh: 0, stabilityScoreThresh: 0, minMaskRegionArea: 0, nmsBy: 'mask' },
};

/** One API call through the dispatch the transports use (input and output checked); an error rejects. */
async function call<K extends OpName<RefLabelApi>>(
  context: AppContext,
  op: K,
  input: OpInput<RefLabelApi, K>,
): Promise<OpOutput<RefLabelApi, K>> {
  const result = await dispatch(api, context.handlers, op, input, { checkOutput: true, log: () => undefined });
  if (!result.ok) throw new Error(result.error.message);
  return result.value as OpOutput<RefLabelApi, K>;
}

test('predictions through the API run in the worker, stream progress and match the local engine', async (t) => {
  await withTempDir(async (dir) => {
    const fx = await makePredictFixture(dir);
    await fx.store.close();
    const modelsRoot = join(dir, 'models');
    await installTinyModels(modelsRoot, fx);
    const context = await openAppContext(fx.dbFile, 'test', { modelsRoot, cacheDir: join(dir, 'cache') });
    const events: { phase: string; method: string | null; candidates: number | null }[] = [];
    context.events.onEvent((name, payload) => {
      if (name !== 'predictions.progress') return;
      const p = payload as { phase: string; method: string | null; candidates: number | null };
      events.push({ phase: p.phase, method: p.method, candidates: p.candidates });
    });
    try {
      const first = await call(context, 'predictions.run', {
        imageId: fx.imageId,
        text: 'the red ball',
        methods: ['glclip', 'copatch'],
        preset: 'hybridgl-refcoco',
        params: PARAMS,
      });

      await t.test('progress: SAM, then each method as it is stored, then done', () => {
        assert.equal(first.proposalsComputed, true);
        assert.deepEqual(
          events.map((e) => [e.phase, e.method]),
          [
            ['proposals', null],
            ['method', 'glclip'],
            ['method', 'copatch'],
            ['done', null],
          ],
        );
        assert.equal(events[1].candidates, first.methods[0].candidates);
      });

      await t.test('the stored candidates equal the local engine on the same inputs', async () => {
        const stored = await listCandidates(context.store, first.expressionId);
        await withTempDir(async (other) => {
          const local = await makePredictFixture(other);
          try {
            const result = await predict({
              store: local.store,
              models: { clipDir: local.clipDir, samDir: local.samDir },
              imageId: local.imageId,
              text: 'the red ball',
              methods: ['glclip', 'copatch'],
              preset: 'hybridgl-refcoco',
              params: PARAMS as PredictParams,
            });
            const rows = (list: typeof stored) =>
              list
                .map((c) => [c.method, c.rank, c.score, c.mask.counts] as const)
                .sort((a, b) => a[0].localeCompare(b[0]) || a[1] - b[1]);
            assert.deepEqual(rows(stored), rows(result.methods.flatMap((m) => m.candidates)));
          } finally {
            await local.store.close();
          }
        });
      });

      await t.test('a second expression reuses the stored proposals: no SAM phase', async () => {
        events.length = 0;
        const second = await call(context, 'predictions.run', {
          imageId: fx.imageId,
          text: 'the green thing',
          methods: ['samclip'],
          preset: 'hybridgl-refcoco',
          params: PARAMS,
        });
        assert.equal(second.proposalsComputed, false);
        assert.equal(second.proposalSetId, first.proposalSetId);
        assert.deepEqual(
          events.map((e) => e.phase),
          ['method', 'done'],
        );
      });

      await t.test('proposals.list returns the stored set', async () => {
        const sets = await call(context, 'proposals.list', { imageId: fx.imageId });
        assert.equal(sets.length, 1);
        assert.equal(sets[0].proposalSetId, first.proposalSetId);
        assert.equal(sets[0].proposals.length, first.proposals);
        assert.deepEqual(sets[0].proposals[0].mask.size, [64, 96]);
      });

      await t.test('presets name the chosen models and carry the paper values', async () => {
        const presets = await call(context, 'predictions.presets', null);
        assert.deepEqual(presets.models, { clip: 'CLIP ViT-B/16', sam: 'SAM ViT-B' });
        assert.equal(presets.proposals['hybridgl-refcoco'].pointsPerSide, 8);
        assert.equal(presets.active.copatch, 'ViT-B/16', "a backbone without a paper preset gets B/16's");
        assert.ok(presets.methods.copatch['ViT-B/16'], 'CoPatch has a per-backbone preset');
      });

      await t.test('click-to-refine returns an image-size mask, and chains through previous', async () => {
        const one = await call(context, 'sam.refine', {
          imageId: fx.imageId,
          points: [{ x: 30, y: 30, positive: true }],
        });
        assert.deepEqual(one.mask.size, [64, 96]);
        const two = await call(context, 'sam.refine', {
          imageId: fx.imageId,
          points: [
            { x: 30, y: 30, positive: true },
            { x: 80, y: 10, positive: false },
          ],
          previous: one.refinementId,
        });
        assert.notEqual(two.refinementId, one.refinementId);
        assert.equal(decodeRle(two.mask).data.length, 96 * 64);
        assert.ok(rleArea(two.mask) >= 0);
        await assert.rejects(
          call(context, 'sam.refine', { imageId: fx.imageId, points: [{ x: 1, y: 1, positive: true }], previous: 'x' }),
          /refinement/,
        );
      });

      await t.test('a pre-label job from the API runs the installed models over every expression', async () => {
        const image = await call(context, 'images.get', { imageId: fx.imageId });
        const added = await call(context, 'expressions.create', { imageId: fx.imageId, text: 'the left part' });
        let job = await call(context, 'datasets.prelabel', {
          datasetId: image.datasetId,
          methods: ['glclip'],
          params: PARAMS,
        });
        assert.equal(job.params.cacheDir, join(dir, 'cache'), 'the job keeps using the app cache');
        while (!['done', 'failed', 'cancelled'].includes(job.state)) {
          await new Promise((r) => setTimeout(r, 50));
          job = await call(context, 'jobs.get', { jobId: job.id });
        }
        assert.equal(job.state, 'done', job.error ?? '');
        const expressions = await call(context, 'expressions.list', { imageId: fx.imageId });
        assert.equal(job.progress.done, expressions.length);
        const glclip = await listCandidates(context.store, added.id);
        assert.equal(glclip.length, first.proposals, 'GL-CLIP ranked every proposal for the new expression');
      });

      await t.test('sam.prepare queues the images it can find', async () => {
        assert.deepEqual(await call(context, 'sam.prepare', { imageIds: [fx.imageId, 999_999] }), { queued: 1 });
      });
    } finally {
      await context.close();
    }
  });
});

test('without installed models, predictions say what to install and where', async () => {
  await withTempDir(async (dir) => {
    const fx = await makePredictFixture(dir);
    await fx.store.close();
    const modelsRoot = join(dir, 'empty-models');
    const context = await openAppContext(fx.dbFile, 'test', { modelsRoot });
    try {
      await assert.rejects(
        call(context, 'predictions.run', { imageId: fx.imageId, text: 'the ball', methods: ['glclip'] }),
        (error: Error) => error.message.includes('a CLIP model and a SAM model') && error.message.includes(modelsRoot),
      );
      assert.deepEqual((await call(context, 'predictions.presets', null)).models, { clip: null, sam: null });
      assert.deepEqual(await call(context, 'sam.prepare', { imageIds: [fx.imageId] }), { queued: 0 });
    } finally {
      await context.close();
    }
  });
});
