// The methods' pure scoring (no model) and the evaluation at realistic sizes: a 640×480 image, 100 SAM-like
// proposals stored as COCO runs, 512-d features, a 14×14 CoPatch grid and a 28×28 GEM map. Per expression, the
// model outputs are given; what is timed is everything after them. Prints median milliseconds after warm-up.

import { type Runs, maskToRuns } from '../src/main/masks';
import { HYBRIDGL_PRESETS, runHybridGL } from '../src/main/vision/methods/hybridgl';
import { COPATCH_PRESETS, runCoPatch } from '../src/main/vision/methods/copatch';
import { GLCLIP_PRESETS, runGlClip } from '../src/main/vision/methods/glclip';
import { gaussianBlur, localImage, maskToGridBilinear } from '../src/main/vision/methods/shared';
import { type EvalItem, evaluate, renderHtml, scoreExpression } from '../src/main/eval';
import { rng } from '../test/helpers/random';

const W = 640;
const H = 480;
const K = 100;
const DIM = 512;
const rand = rng(99);

function ellipse(): Runs {
  const data = new Uint8Array(W * H);
  const cx = rand() * W;
  const cy = rand() * H;
  const rx = 10 + rand() * 150;
  const ry = 10 + rand() * 120;
  for (let y = Math.max(0, Math.floor(cy - ry)); y < Math.min(H, cy + ry); y++) {
    for (let x = Math.max(0, Math.floor(cx - rx)); x < Math.min(W, cx + rx); x++) {
      if (((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 < 1) data[y * W + x] = 1;
    }
  }
  data[Math.floor(cy) * W + Math.floor(cx)] = 1;
  return maskToRuns({ width: W, height: H, data });
}

const features = (rows: number): { rows: number; dim: number; data: Float32Array } => ({
  rows,
  dim: DIM,
  data: Float32Array.from({ length: rows * DIM }, () => rand() - 0.5),
});
const vector = (): Float32Array => Float32Array.from({ length: DIM }, () => rand() - 0.5);

function median(f: () => void, runs = 9): number {
  f();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    f();
    t.push(performance.now() - s);
  }
  return t.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

const proposals = Array.from({ length: K }, ellipse);
const global = features(K);
const local = features(K);
const sentence = vector();
const root = vector();

const print = (name: string, ms: number): void => console.log(`${name} ${ms.toFixed(2)}`);

print(
  'methods.glclip_ms',
  median(() =>
    runGlClip(
      { globalFeatures: global, localFeatures: local, sentenceFeature: sentence, rootPhraseFeature: root },
      GLCLIP_PRESETS.refcoco,
    ),
  ),
);
print(
  'methods.copatch_ms',
  median(() =>
    runCoPatch(
      {
        imageWidth: W,
        imageHeight: H,
        proposals,
        globalFeatures: global,
        localFeatures: local,
        patchFeatures: features(196),
        gridWidth: 14,
        gridHeight: 14,
        sentenceFeature: sentence,
        nounContextFeature: root,
      },
      COPATCH_PRESETS['ViT-B/16'],
    ),
  ),
);
const gem = { width: 28, height: 28, data: Float32Array.from({ length: 784 }, () => rand()) };
print(
  'methods.hybridgl_ms',
  median(() =>
    runHybridGL(
      {
        imageWidth: W,
        imageHeight: H,
        proposals,
        proposalFeatures: global,
        sentenceFeature: sentence,
        rootPhraseFeature: root,
        otherPhraseFeatures: [vector(), vector()],
        gemMap: gem,
        language: { relation: 'left', position: 'left' },
      },
      HYBRIDGL_PRESETS.default,
    ),
  ),
);

// Per image, once: the blurred background, and per proposal the local image and the soft patch-grid mask.
const image = { width: W, height: H, data: Uint8Array.from({ length: W * H * 3 }, () => Math.floor(rand() * 256)) };
print(
  'methods.blur15_640x480_ms',
  median(() => gaussianBlur(image), 5),
);
print(
  'methods.local_image_per_proposal_ms',
  median(() => localImage(image, proposals[0], { crop: true })),
);
print(
  'methods.mask_to_grid_per_proposal_ms',
  median(() => maskToGridBilinear(proposals[0], 14, 14)),
);

// 1,000 expressions with three candidates each against ground truth, then the report.
const items: EvalItem[] = Array.from({ length: 1000 }, (_, i) => ({
  expressionId: i,
  method: 'm',
  split: i % 2 ? 'testA' : 'testB',
  hasDirection: i % 3 === 0,
  groundTruth: proposals[i % K],
  candidates: [proposals[(i + 1) % K], proposals[(i + 2) % K], proposals[i % K]],
}));
print(
  'eval.score_1000_expressions_ms',
  median(() => items.map((t) => scoreExpression(t)), 3),
);
const scores = items.map((t) => scoreExpression(t));
print(
  'eval.report_ms',
  median(() => renderHtml(evaluate(scores), { dataset: 'bench' })),
);
