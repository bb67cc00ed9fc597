// Per-expression latency of the prediction service with full-size random-weight CLIP ViT-B/16 and SAM ViT-B on this
// machine: the first expression on an image (proposals, image features, every method) and each further expression
// on the same image, which must reuse the stored proposals and the cached image features. Issue 4's target: a
// further expression ≤ 1.5 s per method on 2 CPU cores.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { importPath } from '../src/main/services/import';
import { listImages } from '../src/main/services/images';
import { predict, type PredictParams } from '../src/main/services/predict';
import { openStore } from '../src/main/store/open-store';
import { ClipTokenizer } from '../src/main/vision/clip-tokenizer/tokenizer';
import { loadOriginalVocabulary } from '../src/main/vision/clip-tokenizer/vocabulary';
import { predictModels, releasePredictModels } from '../src/main/vision/pipeline/predict-models';
import { writeRandomClipCheckpoint, writeRandomSamCheckpoint } from './random-checkpoints';

const METHODS = ['glclip', 'samclip', 'copatch', 'hybridgl'] as const;
const MERGES = new URL('../../shared/vocab/clip-bpe-simple-vocab-16e6.txt.gz', import.meta.url);

function figure(name: string, value: number | string): void {
  console.log(`${name} ${typeof value === 'number' ? value.toFixed(value < 10 ? 3 : 1) : value}`);
}

const dir = await mkdtemp(join(tmpdir(), 'reflabel-predict-bench-'));
try {
  figure('predict.load_average_1m', loadavg()[0]);
  const clipDir = join(dir, 'clip');
  const samDir = join(dir, 'sam');
  await mkdir(clipDir);
  await mkdir(samDir);
  await writeRandomClipCheckpoint(clipDir);
  await writeRandomSamCheckpoint(samDir);
  const tokenizer = new ClipTokenizer(await loadOriginalVocabulary(MERGES.pathname));

  await mkdir(join(dir, 'images'));
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="480"><rect width="640" height="480" fill="#6b8e23"/>
    <circle cx="200" cy="240" r="90" fill="#d62728"/><rect x="380" y="150" width="160" height="220" fill="#1f77b4"/></svg>`;
  await sharp(Buffer.from(svg))
    .jpeg()
    .toFile(join(dir, 'images', 'scene.jpg'));
  const store = await openStore(join(dir, 'bench.db'));
  const { datasetId } = await importPath(store, { path: join(dir, 'images'), name: 'bench' });
  const [image] = (await listImages(store, { datasetId })).items;
  const models = { clipDir, samDir, tokenizer };

  // Random SAM weights give masks that fail the paper thresholds, so AMG falls back to the whole image there; the
  // k20 configuration keeps the 20 largest masks unfiltered, so per-proposal CLIP work shows in the figures.
  const configurations: [string, PredictParams | undefined][] = [
    ['paper', undefined],
    [
      'k20',
      { amg: { predIouThresh: 0, stabilityScoreThresh: 0, nmsBy: 'mask', keepLargest: { count: 20, minArea: 0 } } },
    ],
  ];
  const texts = [
    ['first', 'the red ball on the left'],
    ['further', 'the blue box on the right'],
    ['further2', 'the green grass behind them'],
  ] as const;
  for (const [config, params] of configurations) {
    for (const [run, text] of texts) {
      const label = `${config}.${run}`;
      const started = performance.now();
      const result = await predict({
        store,
        models,
        imageId: image.id,
        text: `${text} (${config})`,
        methods: METHODS,
        preset: 'hybridgl-refcoco',
        params,
      });
      figure(`predict.${label}.total_s`, (performance.now() - started) / 1000);
      figure(`predict.${label}.proposals_s`, result.proposalMs / 1000);
      figure(`predict.${label}.proposals_computed`, String(result.proposalsComputed));
      figure(`predict.${label}.features_cached`, String(result.featuresCached));
      for (const method of result.methods) figure(`predict.${label}.${method.method}_s`, method.ms / 1000);
      figure(`predict.${label}.proposal_count`, result.proposals.length);
    }
  }
  figure('predict.clip_provider', (await (await predictModels(models)).clip.providers()).join(','));
  await releasePredictModels();
  await store.close();
} finally {
  await rm(dir, { recursive: true, force: true });
}
