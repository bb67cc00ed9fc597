// HybridGL through the prediction service on tiny random-weight CLIP and SAM: its ranking against the pure method
// on inputs built here without the pipeline, determinism, the per-image feature cache, and the CLI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import { decodeRle, runsFromRle } from '../../../src/main/masks';
import { type MethodRun, type PredictParams, predict } from '../../../src/main/services/predict';
import { ensureClipGraph } from '../../../src/main/vision/clip/ensure-compiled';
import type { ClipVariant } from '../../../src/main/vision/clip/variant';
import { ClipTokenizer } from '../../../src/main/vision/clip-tokenizer/tokenizer';
import { loadVocabularyFromFolder } from '../../../src/main/vision/clip-tokenizer/vocabulary';
import {
  HYBRIDGL_PRESETS,
  type HybridGLInput,
  blurredBackground,
  runHybridGL,
} from '../../../src/main/vision/methods/hybridgl';
import { maskToGridBilinear } from '../../../src/main/vision/methods/shared/grid';
import type { RgbImage } from '../../../src/main/vision/methods/shared/image';
import type { FeatureMatrix } from '../../../src/main/vision/methods/shared/types';
import { ImageFeatures } from '../../../src/main/vision/pipeline/image-features';
import { predictModels, releasePredictModels } from '../../../src/main/vision/pipeline/predict-models';
import { readRgbImage } from '../../../src/main/vision/sam/predictor/read-image';
import { withTempDir } from '../../helpers/temp-dir';
import { runCli } from '../cli/run-cli';
import { assertClose } from '../../unit/methods/helpers';
import { makePredictFixture } from './fixture';

// The tiny CLIP has 3 vision blocks and 32 × 32 inputs with 8 × 8 patches: G2L fusion from block 1, GEM in the last
// 2 blocks on a 64 × 64 input (an 8 × 8 map). AMG as in predict.test.ts.
const HYBRIDGL = { maskingBlock: 1, gemBlocks: 2, gemImageSize: 64 };
const PARAMS: PredictParams = {
  hybridgl: HYBRIDGL,
  amg: { pointsPerSide: 4, predIouThresh: 0, stabilityScoreThresh: 0, minMaskRegionArea: 0, nmsBy: 'mask' },
};
const SETTINGS = [
  'hybridgl.maskingBlock=1',
  'hybridgl.gemBlocks=2',
  'hybridgl.gemImageSize=64',
  'amg.pointsPerSide=4',
  'amg.predIouThresh=0',
  'amg.stabilityScoreThresh=0',
  'amg.minMaskRegionArea=0',
  'amg.nmsBy=mask',
];
const TEXT = 'the red ball left of the green wall';

const CLIP_MEAN = [0.48145466, 0.4578275, 0.40821073];
const CLIP_STD = [0.26862954, 0.26130258, 0.27577711];
const IMAGENET_MEAN = [0.485, 0.456, 0.406];
const IMAGENET_STD = [0.229, 0.224, 0.225];

const ranked = (run: MethodRun) => run.candidates.map((c, i) => ({ idx: run.proposalIndices[i], score: c.score }));

/** Bicubic resize to size × size, then (x / 255 − mean) / std, planar. */
async function modelInput(image: RgbImage, size: number, mean: number[], std: number[]): Promise<Float32Array> {
  const resized = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .resize(size, size, { fit: 'fill', kernel: 'cubic' })
    .raw()
    .toBuffer();
  const out = new Float32Array(3 * size * size);
  for (let i = 0; i < size * size; i++) {
    for (let c = 0; c < 3; c++) out[c * size * size + i] = (resized[i * 3 + c] / 255 - mean[c]) / std[c];
  }
  return out;
}

/** The image with each pixel outside the mask taken from `outside(i, c)`. */
function composite(image: RgbImage, mask: Uint8Array, outside: (i: number, c: number) => number): RgbImage {
  const data = new Uint8Array(image.data.length);
  for (let i = 0; i < mask.length; i++) {
    for (let c = 0; c < 3; c++) data[i * 3 + c] = mask[i] ? image.data[i * 3 + c] : outside(i, c);
  }
  return { width: image.width, height: image.height, data };
}

async function runGraph(
  clipDir: string,
  variant: ClipVariant,
  feeds: Record<string, ort.Tensor>,
  output: string,
): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(await ensureClipGraph({ weightsDir: clipDir, variant }));
  try {
    return (await session.run(feeds))[output].data as Float32Array;
  } finally {
    await session.release();
  }
}

function cosine(a: Float32Array, b: Float32Array): number {
  let [dot, na, nb] = [0, 0, 0];
  for (let i = 0; i < a.length; i++) [dot, na, nb] = [dot + a[i] * b[i], na + a[i] * a[i], nb + b[i] * b[i]];
  return dot / Math.sqrt(na * nb);
}

/**
 * HybridGL's inputs made here: the text pieces written out by hand, the local image (mask kept, CLIP's mean
 * elsewhere, whole frame) and the global image (mask kept, cv2-style blur elsewhere, ImageNet normalisation) built
 * pixel by pixel, m̃ bilinear on the 4 × 4 grid, the G2L and GEM graphs run directly.
 */
async function referenceInputs(clipDir: string, tokenizer: ClipTokenizer, imageFile: string, masks: Uint8Array[]) {
  const image = await readRgbImage(imageFile);
  const { width: w, height: h } = image;
  const blurred = blurredBackground(image, 15);
  const k = masks.length;
  const plane = 3 * 32 * 32;
  const local = new Float32Array(k * plane);
  const global = new Float32Array(k * plane);
  const tokenMask = new Float32Array(k * 16);
  for (const [i, m] of masks.entries()) {
    const fill = (_: number, c: number) => Math.round(CLIP_MEAN[c] * 255);
    local.set(await modelInput(composite(image, m, fill), 32, CLIP_MEAN, CLIP_STD), i * plane);
    const blur = (p: number, c: number) => blurred.data[p * 3 + c];
    global.set(await modelInput(composite(image, m, blur), 32, IMAGENET_MEAN, IMAGENET_STD), i * plane);
    tokenMask.set(maskToGridBilinear({ width: w, height: h, data: m }, 4, 4), i * 16);
  }
  const hybrid = await runGraph(
    clipDir,
    { variant: 'clip.image.hybrid', fromBlock: 1, globalWeight: 2 },
    {
      local_pixel_values: new ort.Tensor('float32', local, [k, 3, 32, 32]),
      global_pixel_values: new ort.Tensor('float32', global, [k, 3, 32, 32]),
      token_mask: new ort.Tensor('float32', tokenMask, [k, 16]),
    },
    'image_embeds',
  );
  const gem = await runGraph(
    clipDir,
    { variant: 'clip.image.gem', gemBlocks: 2, imageSize: 64 },
    { pixel_values: new ort.Tensor('float32', await modelInput(image, 64, CLIP_MEAN, CLIP_STD), [1, 3, 64, 64]) },
    'gem_patch_embeds',
  );
  const texts = [TEXT, 'the red ball', 'a photo of a the red ball.', 'a photo of the green wall'];
  const batch = tokenizer.encodeBatch(texts);
  const t = await runGraph(
    clipDir,
    { variant: 'clip.text' },
    { input_ids: new ort.Tensor('int64', batch.inputIds, batch.shape) },
    'text_embeds',
  );
  const dim = t.length / texts.length;
  const [sentence, root, gemText, other] = texts.map((_, i) => t.slice(i * dim, (i + 1) * dim));
  const gemMap = Float32Array.from({ length: 64 }, (_, p) => cosine(gem.slice(p * dim, (p + 1) * dim), gemText));
  const proposalFeatures: FeatureMatrix = { rows: k, dim, data: hybrid };
  const input: HybridGLInput = {
    imageWidth: w,
    imageHeight: h,
    proposals: masks.map((data) => ({ width: w, height: h, data })),
    proposalFeatures,
    sentenceFeature: sentence,
    rootPhraseFeature: root,
    otherPhraseFeatures: [other],
    gemMap: { width: 8, height: 8, data: gemMap },
    language: { relation: 'left', position: 'left' },
  };
  return { input, gemPatches: gem };
}

test('HybridGL runs over the SAM proposals end to end', async (t) => {
  await withTempDir(async (dir) => {
    const fx = await makePredictFixture(dir);
    const tokenizer = new ClipTokenizer(await loadVocabularyFromFolder(fx.clipDir));
    const models = { clipDir: fx.clipDir, samDir: fx.samDir, tokenizer };
    const input = { store: fx.store, models, imageId: fx.imageId, preset: 'hybridgl-refcoco' as const };
    try {
      const first = await predict({ ...input, text: TEXT, methods: ['hybridgl'], params: PARAMS });
      const run = first.methods[0];
      const k = first.proposals.length;
      const imageFeatures = async () =>
        new ImageFeatures(
          (await predictModels(models)).clip,
          await readRgbImage(fx.imageFile),
          first.proposals.map((p) => runsFromRle(p.mask)),
        );

      await t.test('it stores its k1 candidates, best first, with the parameters used', () => {
        assert.ok(k >= 4, `AMG left ${k} proposals`);
        assert.equal(run.method, 'hybridgl');
        assert.equal(run.candidates.length, 3, 'the k1 = 3 candidates');
        assert.equal(new Set(run.proposalIndices).size, 3);
        for (let i = 1; i < 3; i++) assert.ok(run.candidates[i - 1].score >= run.candidates[i].score, 'best first');
        run.candidates.forEach((c, i) => assert.deepEqual(c.mask, first.proposals[run.proposalIndices[i]].mask));
        assert.equal(run.params.maskingBlock, 1);
        assert.equal(run.params.textWeight, 0.5, 'the rest from the default preset');
        assert.equal(run.params.verticalRamps, true);
      });

      await t.test('its features and ranking equal those computed without the pipeline', async () => {
        const masks = first.proposals.map((p) => decodeRle(p.mask).data);
        const reference = await referenceInputs(fx.clipDir, tokenizer, fx.imageFile, masks);
        const features = await imageFeatures();
        const hybrid = await features.hybridFeatures({ ...HYBRIDGL_PRESETS.default, ...HYBRIDGL });
        assertClose(hybrid.data, reference.input.proposalFeatures.data, 1e-4, 'v_k');
        assertClose((await features.gemPatchFeatures(64, 2)).data, reference.gemPatches, 1e-4, 'GEM patches');
        const expected = runHybridGL(reference.input, { ...HYBRIDGL_PRESETS.default, ...HYBRIDGL }).candidates.map(
          (c) => ({ idx: c.proposalIndex, score: c.score }),
        );
        assert.deepEqual(
          ranked(run).map((c) => c.idx),
          expected.map((c) => c.idx),
        );
        ranked(run).forEach((c, i) =>
          assert.ok(Math.abs(c.score - expected[i].score) < 1e-4, `#${i + 1}: ${c.score} vs ${expected[i].score}`),
        );
      });

      await t.test('a re-run is deterministic', async () => {
        const again = await predict({ ...input, text: TEXT, methods: ['hybridgl'], params: PARAMS });
        assert.equal(again.featuresCached, true);
        assert.deepEqual(ranked(again.methods[0]), ranked(run));
      });

      await t.test('a further expression runs no image graph; other graph settings run only their own', async () => {
        const loaded = await predictModels(models);
        const calls: string[] = [];
        const clip = loaded.clip as unknown as Record<string, (...args: unknown[]) => unknown>;
        const names = ['imageEmbeds', 'tokenMaskedEmbeds', 'patchFeatures', 'hybridEmbeds', 'gemPatchFeatures'];
        const originals = new Map(names.map((name) => [name, clip[name]]));
        for (const [name, original] of originals) {
          clip[name] = (...args: unknown[]) => {
            calls.push(name);
            return original.apply(loaded.clip, args);
          };
        }
        try {
          const second = await predict({ ...input, text: 'the green wall', methods: ['hybridgl'], params: PARAMS });
          assert.equal(second.featuresCached, true);
          assert.deepEqual(calls, [], 'no CLIP image graph ran');
          assert.notDeepEqual(ranked(second.methods[0]), ranked(run), 'another text ranks differently');

          const params = { ...PARAMS, hybridgl: { ...HYBRIDGL, maskingBlock: 2 } };
          await predict({ ...input, text: 'the green wall', methods: ['hybridgl'], params });
          assert.deepEqual(calls, ['hybridEmbeds'], 'another masking block runs the G2L graph, not GEM again');
        } finally {
          for (const [name, original] of originals) clip[name] = original;
        }
      });

      await t.test('the G2L fusion weight reaches the graph', async () => {
        const features = await imageFeatures();
        const options = { maskingBlock: 1, blurKernel: 15 };
        const fused = await features.hybridFeatures({ ...options, globalFusionWeight: 2 });
        const localOnly = await features.hybridFeatures({ ...options, globalFusionWeight: 0 });
        assert.equal(fused.rows, k);
        assert.notDeepEqual(localOnly.data, fused.data);
      });

      await t.test('an unknown HybridGL parameter is rejected', async () => {
        await assert.rejects(
          predict({
            ...input,
            text: TEXT,
            methods: ['hybridgl'],
            params: { ...PARAMS, hybridgl: { kOne: 2 } as never },
          }),
          /HybridGL: no parameter kOne/,
        );
      });

      await t.test('the CLI runs it with --methods hybridgl and --set hybridgl.*', async () => {
        await releasePredictModels();
        const out = await runCli([
          'predict',
          '--db',
          fx.dbFile,
          '--clip',
          fx.clipDir,
          '--sam',
          fx.samDir,
          '--json',
          ...SETTINGS.flatMap((s) => ['--set', s]),
          '--image',
          String(fx.imageId),
          '--text',
          TEXT,
          '--methods',
          'hybridgl',
        ]);
        assert.equal(out.code, 0, out.stderr);
        const { candidates } = JSON.parse(out.stdout) as { candidates: { method: string; proposalIndex: number }[] };
        assert.deepEqual(
          candidates.map((c) => [c.method, c.proposalIndex]),
          run.proposalIndices.map((i) => ['hybridgl', first.proposals[i].idx]),
        );
      });
    } finally {
      await releasePredictModels();
      await fx.store.close();
    }
  });
});
