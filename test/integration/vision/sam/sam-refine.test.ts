// Click-to-refine through SamProposals: each step's mask equals the predictor's own refine on the same prompt and
// previous logits (an encoder and predictor of its own, compiled separately), and a refinement id is only good for
// its own image while it is remembered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeRle, rleArea } from '../../../../src/main/masks';
import { type Refinement, SamProposals } from '../../../../src/main/vision/pipeline/sam-proposals';
import { compileSam } from '../../../../src/main/vision/sam/model/compile';
import { type RefineResult, SamPredictor } from '../../../../src/main/vision/sam/predictor/predictor';
import { withTempDir } from '../../../helpers/temp-dir';
import { copySamCheckpoint, loader, scene, sceneSha } from './sam-cache-scene';

function assertSameResult(got: Refinement, want: RefineResult): void {
  assert.deepEqual(got.mask.size, [want.height, want.width]);
  assert.deepEqual(decodeRle(got.mask).data, want.mask);
  assert.equal(got.area, want.area);
  assert.equal(rleArea(got.mask), want.area);
  assert.equal(got.score, want.iouPrediction);
}

test('click-to-refine on the tiny checkpoint', async (t) => {
  await withTempDir(async (dir) => {
    const samDir = join(dir, 'sam');
    await mkdir(samDir);
    await copySamCheckpoint(samDir);
    const encoder = await compileSam({ weightsDir: samDir, variant: 'sam.encoder', out: 'direct.encoder.onnx' });
    const decoder = await compileSam({ weightsDir: samDir, variant: 'sam.decoder', out: 'direct.decoder.onnx' });
    const direct = await SamPredictor.load({ encoderPath: encoder.path, decoderPath: decoder.path });
    const sam = await SamProposals.load(samDir, {}, { refinementBytes: 2 * 256 * 256 * 4 });
    try {
      const image = scene(1);
      const sha = sceneSha(1);
      const embedding = await direct.encode(image);
      const click = { x: 48, y: 38 };

      await t.test('points, then a box, then both with the previous mask fed back', async () => {
        const load = loader(image);
        const first = await sam.refine({ imageSha: sha, image: load, points: [{ ...click, positive: true }] });
        const firstDirect = await direct.refine(embedding, { points: [{ ...click, label: 1 }] });
        assertSameResult(first, firstDirect);
        assert.ok(first.area > 0);

        const boxed = await sam.refine({
          imageSha: sha,
          image: load,
          points: [],
          box: { x0: 20, y0: 10, x1: 80, y1: 60 },
        });
        assertSameResult(boxed, await direct.refine(embedding, { box: [20, 10, 80, 60] }));

        const points = [
          { ...click, positive: true },
          { x: 100, y: 70, positive: false },
        ];
        const second = await sam.refine({
          imageSha: sha,
          image: load,
          points,
          box: { x0: 20, y0: 10, x1: 80, y1: 60 },
          previous: first.refinementId,
        });
        const prompt = {
          points: [
            { ...click, label: 1 as const },
            { x: 100, y: 70, label: 0 as const },
          ],
          box: [20, 10, 80, 60] as const,
        };
        assertSameResult(second, await direct.refine(embedding, { ...prompt, maskInput: firstDirect.lowResLogits }));
        const fresh = await direct.refine(embedding, prompt);
        assert.notEqual(second.score, fresh.iouPrediction, 'the previous mask changed the decoder output');
        assert.notEqual(second.refinementId, first.refinementId);

        assert.equal(load.calls, 1, 'one decode of the image for the whole session');
        assert.equal(sam.encodes, 1);
      });

      await t.test('an unknown or expired previous refinement asks for a new one', async () => {
        await assert.rejects(
          sam.refine({ imageSha: sha, image: loader(image), points: [{ ...click, positive: true }], previous: 'nope' }),
          /refinement 'nope' is unknown or has expired; start a new refinement/,
        );
        const kept = await sam.refine({ imageSha: sha, image: loader(image), points: [{ ...click, positive: true }] });
        for (let i = 0; i < 2; i++) {
          await sam.refine({ imageSha: sha, image: loader(image), points: [{ x: 10 + i, y: 10, positive: true }] });
        }
        await assert.rejects(
          sam.refine({ imageSha: sha, image: loader(image), points: [], previous: kept.refinementId }),
          /unknown or has expired/,
          'two later refinements pushed it out of a two-refinement memory',
        );
      });

      await t.test('a refinement of one image cannot continue on another', async () => {
        const first = await sam.refine({ imageSha: sha, image: loader(image), points: [{ ...click, positive: true }] });
        const other = loader(scene(2));
        await assert.rejects(
          sam.refine({
            imageSha: sceneSha(2),
            image: other,
            points: [{ ...click, positive: true }],
            previous: first.refinementId,
          }),
          new RegExp(`belongs to image ${sha}, not ${sceneSha(2)}`),
        );
        assert.equal(other.calls, 0, 'refused before any image work');
      });
    } finally {
      await sam.release();
      await direct.release();
    }
  });
});
