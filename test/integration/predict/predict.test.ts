// The prediction service end to end on tiny random-weight CLIP and SAM: proposals made once per image and stored,
// GL-CLIP, SAM-CLIP and CoPatch over them, candidates stored ranked, the per-image feature cache, and the CLI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import { decodeRle } from '../../../src/main/masks';
import { addExpression, listExpressions } from '../../../src/main/services/expressions';
import { listHeatmaps } from '../../../src/main/services/heatmaps';
import { listCandidates } from '../../../src/main/services/predictions';
import { type MethodRun, type PredictParams, predict } from '../../../src/main/services/predict';
import { ensureClipGraph } from '../../../src/main/vision/clip/ensure-compiled';
import { ClipTokenizer } from '../../../src/main/vision/clip-tokenizer/tokenizer';
import { loadVocabularyFromFolder } from '../../../src/main/vision/clip-tokenizer/vocabulary';
import { parseExpression } from '../../../src/main/nlp';
import { predictModels, releasePredictModels } from '../../../src/main/vision/pipeline/predict-models';
import { readRgbImage } from '../../../src/main/vision/sam/predictor/read-image';
import { withTempDir } from '../../helpers/temp-dir';
import { runCli } from '../cli/run-cli';
import { makePredictFixture } from './fixture';

// The tiny CLIP has 3 vision blocks (the paper blocks 9 and 8 do not exist) and SAM gets a 4 × 4 grid with the
// filters and the 800 px clean-up off; its scattered random-weight masks all span the image, so only NMS by mask IoU
// leaves several of them.
const PARAMS: PredictParams = {
  glclip: { maskingBlock: 1 },
  copatch: { exitLayer: 2 },
  amg: { pointsPerSide: 4, predIouThresh: 0, stabilityScoreThresh: 0, minMaskRegionArea: 0, nmsBy: 'mask' },
};
const SETTINGS = [
  'glclip.maskingBlock=1',
  'copatch.exitLayer=2',
  'amg.pointsPerSide=4',
  'amg.predIouThresh=0',
  'amg.stabilityScoreThresh=0',
  'amg.minMaskRegionArea=0',
  'amg.nmsBy=mask',
];

const ranked = (run: MethodRun) => run.candidates.map((c, i) => ({ idx: run.proposalIndices[i], score: c.score }));

/**
 * SAM-CLIP's score of one proposal computed here without the pipeline: the local image (mask kept, CLIP's mean
 * elsewhere, cropped to the mask's pixel box) built pixel by pixel, resized by sharp, normalised, encoded; the
 * text as 0.5·t(T) + 0.5·t(root noun phrase); 100·cos.
 */
async function referenceSamClipScore(
  clipDir: string,
  tokenizer: ClipTokenizer,
  imageFile: string,
  mask: Uint8Array,
  text: string,
): Promise<number> {
  const image = await readRgbImage(imageFile);
  const { width: w, height: h } = image;
  let [x0, y0, x1, y1] = [w, h, -1, -1];
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (mask[y * w + x]) [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
    }
  }
  const mean = [0.48145466, 0.4578275, 0.40821073];
  const std = [0.26862954, 0.26130258, 0.27577711];
  const cw = x1 - x0 + 1;
  const ch = y1 - y0 + 1;
  const crop = Buffer.alloc(cw * ch * 3);
  for (let y = 0; y < ch; y++) {
    for (let x = 0; x < cw; x++) {
      const i = (y0 + y) * w + x0 + x;
      for (let c = 0; c < 3; c++) {
        crop[(y * cw + x) * 3 + c] = mask[i] ? image.data[i * 3 + c] : Math.round(mean[c] * 255);
      }
    }
  }
  const resized = await sharp(crop, { raw: { width: cw, height: ch, channels: 3 } })
    .resize(32, 32, { fit: 'fill', kernel: 'cubic' })
    .raw()
    .toBuffer();
  const pixels = new Float32Array(3 * 32 * 32);
  for (let i = 0; i < 32 * 32; i++) {
    for (let c = 0; c < 3; c++) pixels[c * 1024 + i] = (resized[i * 3 + c] / 255 - mean[c]) / std[c];
  }
  const imageSession = await ort.InferenceSession.create(
    await ensureClipGraph({ weightsDir: clipDir, variant: { variant: 'clip.image' } }),
  );
  const textSession = await ort.InferenceSession.create(
    await ensureClipGraph({ weightsDir: clipDir, variant: { variant: 'clip.text' } }),
  );
  try {
    const v = (await imageSession.run({ pixel_values: new ort.Tensor('float32', pixels, [1, 3, 32, 32]) })).image_embeds
      .data as Float32Array;
    const batch = tokenizer.encodeBatch([text, parseExpression(text).rootNounPhrase]);
    const t = (await textSession.run({ input_ids: new ort.Tensor('int64', batch.inputIds, batch.shape) })).text_embeds
      .data as Float32Array;
    const dim = v.length;
    let [dot, nv, nt] = [0, 0, 0];
    for (let i = 0; i < dim; i++) {
      const ti = 0.5 * t[i] + 0.5 * t[dim + i];
      dot += v[i] * ti;
      nv += v[i] * v[i];
      nt += ti * ti;
    }
    return (100 * dot) / Math.sqrt(nv * nt);
  } finally {
    await imageSession.release();
    await textSession.release();
  }
}

test('predict stores ranked candidates per method, reuses proposals and image features', async (t) => {
  await withTempDir(async (dir) => {
    const fx = await makePredictFixture(dir);
    const tokenizer = new ClipTokenizer(await loadVocabularyFromFolder(fx.clipDir));
    const models = { clipDir: fx.clipDir, samDir: fx.samDir, tokenizer };
    const proposalSets = async () =>
      (await fx.store.read((db) => db.get<{ n: number }>('SELECT count(*) AS n FROM proposal_sets')))!.n;
    try {
      const done: string[] = [];
      const first = await predict({
        store: fx.store,
        models,
        imageId: fx.imageId,
        text: 'the red ball',
        methods: ['glclip', 'samclip', 'copatch'],
        preset: 'hybridgl-refcoco',
        params: PARAMS,
        onMethodDone: (run) => done.push(run.method),
      });
      const k = first.proposals.length;

      await t.test('proposals are computed once and stored; every method stores ranked candidates', async () => {
        assert.equal(first.proposalsComputed, true);
        assert.equal(first.featuresCached, false);
        assert.ok(k >= 2, `AMG left ${k} proposals`);
        assert.deepEqual(done, ['glclip', 'samclip', 'copatch'], 'each method reported as it finished');
        const [glclip, samclip, copatch] = first.methods;
        assert.equal(glclip.candidates.length, k, 'GL-CLIP ranks every proposal');
        assert.equal(samclip.candidates.length, k, 'SAM-CLIP ranks every proposal');
        assert.equal(copatch.candidates.length, Math.min(5, k), 'CoPatch reranks its top-k');
        for (const run of first.methods) {
          assert.deepEqual(
            run.candidates.map((c) => c.rank),
            run.candidates.map((_, i) => i + 1),
          );
          for (let i = 1; i < run.candidates.length; i++) {
            assert.ok(run.candidates[i - 1].score >= run.candidates[i].score, `${run.method} best first`);
          }
          assert.deepEqual(new Set(run.proposalIndices).size, run.proposalIndices.length);
          run.candidates.forEach((c, i) => {
            assert.deepEqual(c.mask, first.proposals[run.proposalIndices[i]].mask);
            assert.equal(c.proposalSetId, first.proposalSet.id);
            assert.equal(c.method, run.method);
          });
        }
        assert.equal(glclip.candidates[0].params.alpha, 0.95, 'the preset used is stored with the candidates');
        assert.equal(glclip.candidates[0].params.maskingBlock, 1);
        assert.equal(samclip.candidates[0].params.alpha, 0);
        const maps = await listHeatmaps(fx.store, first.expression.id);
        assert.deepEqual(
          maps.map((m) => [m.method, m.kind, m.width, m.height]),
          [['copatch', 'comap', 96, 64]],
        );
        assert.equal(await proposalSets(), 1);
      });

      await t.test("SAM-CLIP's score equals a computation without the pipeline", async () => {
        const samclip = first.methods[1];
        for (const i of [0, samclip.candidates.length - 1]) {
          const mask = decodeRle(samclip.candidates[i].mask).data;
          const expected = await referenceSamClipScore(fx.clipDir, tokenizer, fx.imageFile, mask, 'the red ball');
          assert.ok(
            Math.abs(samclip.candidates[i].score - expected) < 1e-3,
            `rank ${i + 1}: ${samclip.candidates[i].score} vs ${expected}`,
          );
        }
      });

      await t.test('GL-CLIP with alpha 0 is SAM-CLIP', async () => {
        const run = await predict({
          store: fx.store,
          models,
          imageId: fx.imageId,
          text: 'the red ball',
          methods: ['glclip'],
          preset: 'hybridgl-refcoco',
          params: { ...PARAMS, glclip: { maskingBlock: 1, alpha: 0 } },
        });
        assert.deepEqual(ranked(run.methods[0]), ranked(first.methods[1]));
      });

      await t.test('a re-run is deterministic and reuses the expression, proposals and features', async () => {
        const again = await predict({
          store: fx.store,
          models,
          imageId: fx.imageId,
          text: 'the red ball',
          methods: ['glclip', 'samclip', 'copatch'],
          preset: 'hybridgl-refcoco',
          params: PARAMS,
        });
        assert.equal(again.expression.id, first.expression.id);
        assert.equal(again.proposalsComputed, false);
        assert.equal(again.featuresCached, true);
        assert.deepEqual(again.methods.map(ranked), first.methods.map(ranked));
      });

      await t.test('a further expression on the image does no image work', async () => {
        const loaded = await predictModels(models);
        const calls: string[] = [];
        const clip = loaded.clip as unknown as Record<string, (...args: unknown[]) => unknown>;
        const originals = new Map<string, (...args: unknown[]) => unknown>();
        for (const name of ['imageEmbeds', 'tokenMaskedEmbeds', 'patchFeatures']) {
          const original = clip[name];
          originals.set(name, original);
          clip[name] = (...args: unknown[]) => {
            calls.push(name);
            return original.apply(loaded.clip, args);
          };
        }
        try {
          const second = await predict({
            store: fx.store,
            models,
            imageId: fx.imageId,
            text: 'the green wall',
            methods: ['glclip', 'samclip', 'copatch'],
            preset: 'hybridgl-refcoco',
            params: PARAMS,
          });
          assert.notEqual(second.expression.id, first.expression.id, 'a new expression is added');
          assert.equal(second.proposalsComputed, false);
          assert.equal(second.proposalSet.id, first.proposalSet.id);
          assert.equal(second.featuresCached, true);
          assert.deepEqual(calls, [], 'no CLIP image graph ran');
          assert.equal(await proposalSets(), 1);
          assert.notDeepEqual(
            second.methods[1].candidates.map((c) => c.score),
            first.methods[1].candidates.map((c) => c.score),
            'another text scores differently',
          );
        } finally {
          for (const [name, original] of originals) clip[name] = original;
        }
      });

      await t.test('the CLI prints the stored ranking and reuses the proposal set', async () => {
        await releasePredictModels();
        const args = ['predict', '--db', fx.dbFile, '--clip', fx.clipDir, '--sam', fx.samDir, '--json'];
        const settings = SETTINGS.flatMap((s) => ['--set', s]);
        const byId = await runCli([
          ...args,
          ...settings,
          '--image',
          String(fx.imageId),
          '--text',
          'the red ball',
          '--methods',
          'glclip,samclip',
        ]);
        assert.equal(byId.code, 0, byId.stderr);
        const out = JSON.parse(byId.stdout) as {
          expressionId: number;
          proposalsComputed: boolean;
          candidates: {
            method: string;
            rank: number;
            score: number;
            proposalIndex: number;
            bbox: number[];
            area: number;
          }[];
        };
        assert.equal(out.expressionId, first.expression.id);
        assert.equal(out.proposalsComputed, false);
        const expected = first.methods.slice(0, 2).flatMap((run) =>
          run.candidates.map((c, i) => {
            const p = first.proposals[run.proposalIndices[i]];
            return { method: run.method, rank: c.rank, proposalIndex: p.idx, area: p.area };
          }),
        );
        assert.deepEqual(
          out.candidates.map(({ method, rank, proposalIndex, area }) => ({ method, rank, proposalIndex, area })),
          expected,
        );
        const scores = first.methods.slice(0, 2).flatMap((run) => run.candidates.map((c) => c.score));
        out.candidates.forEach((c, i) => assert.ok(Math.abs(c.score - scores[i]) < 1e-4, `${c.method} #${c.rank}`));

        const byPath = await runCli([
          ...args,
          ...settings,
          '--image',
          join(fx.imageFile),
          '--text',
          'the red ball',
          '--methods',
          'copatch',
        ]);
        assert.equal(byPath.code, 0, byPath.stderr);
        const copatch = (JSON.parse(byPath.stdout) as typeof out).candidates;
        assert.deepEqual(
          copatch.map((c) => c.proposalIndex),
          first.methods[2].proposalIndices,
        );
        assert.equal(await proposalSets(), 1);

        const bad = await runCli([...args, '--image', String(fx.imageId), '--text', 'x', '--methods', 'nope']);
        assert.equal(bad.code, 2);
        assert.match(bad.stderr, /--methods takes a comma list/);
        const typo = await runCli([
          ...args,
          ...settings,
          '--set',
          'glclip.alfa=0.5',
          '--image',
          String(fx.imageId),
          '--text',
          'the red ball',
          '--methods',
          'glclip',
        ]);
        assert.equal(typo.code, 1);
        assert.match(typo.stderr, /GL-CLIP: no parameter alfa/);

        const elsewhere = await runCli([
          ...args,
          '--image',
          join(dir, 'other.png'),
          '--text',
          'x',
          '--methods',
          'glclip',
        ]);
        assert.equal(elsewhere.code, 1);
        assert.match(elsewhere.stderr, /other\.png: no dataset in the database holds this image/);

        const text = await runCli([
          ...args.filter((a) => a !== '--json'),
          ...settings,
          '--image',
          String(fx.imageId),
          '--text',
          'the red ball',
          '--methods',
          'samclip',
        ]);
        assert.equal(text.code, 0, text.stderr);
        const lines = text.stdout.trim().split('\n');
        assert.match(lines[0], /^samclip \(\d+ ms\)$/);
        assert.equal(lines.length, 1 + first.proposals.length, 'one line per candidate');
        assert.match(lines[1], new RegExp(`^  #1 score \\S+ proposal ${first.methods[1].proposalIndices[0]} bbox \\[`));
      });
    } finally {
      await releasePredictModels();
      await fx.store.close();
    }
  });
});

test('predict for a given expression writes under that expression, even when another has the same text', async () => {
  await withTempDir(async (dir) => {
    const fx = await makePredictFixture(dir);
    const tokenizer = new ClipTokenizer(await loadVocabularyFromFolder(fx.clipDir));
    const models = { clipDir: fx.clipDir, samDir: fx.samDir, tokenizer };
    try {
      const first = await addExpression(fx.store, { imageId: fx.imageId, text: 'the red ball' });
      const second = await addExpression(fx.store, { imageId: fx.imageId, text: 'the red ball', split: 'val' });
      const input = { store: fx.store, models, imageId: fx.imageId, text: 'ignored', methods: ['samclip'] as const };
      const result = await predict({ ...input, expressionId: second.id, preset: 'hybridgl-refcoco', params: PARAMS });
      assert.equal(result.expression.id, second.id);
      assert.equal((await listCandidates(fx.store, first.id)).length, 0);
      assert.ok((await listCandidates(fx.store, second.id)).length > 0);
      assert.equal((await listExpressions(fx.store, fx.imageId)).length, 2, 'no expression was added');
      await assert.rejects(
        predict({ ...input, expressionId: 999_999, preset: 'hybridgl-refcoco', params: PARAMS }),
        /expression 999999/,
      );
    } finally {
      await releasePredictModels();
      await fx.store.close();
    }
  });
});
