// Automatic mask generation without the model: everything after the decoder (filters, boxes, NMS, upsampling of
// survivors, RLE) for a 32 × 32 grid, on a synthetic decoder whose masks are soft ellipses of a fixed scene (three
// nested scales per point, as SAM's multimask output). Decoder time (copying prepared logits) is measured apart
// and left out. Prints one figure per line: median milliseconds over a few runs, then counts.

import { resizeBilinear } from '../src/main/masks';
import {
  type AmgParams,
  type DecoderForCrop,
  type Size,
  amgPreset,
  generateMasks,
  resizedShape,
} from '../src/main/vision/sam/amg';
import { cropStability, lowResStability } from '../src/main/vision/sam/amg/mask-logits';
import { Scratch, frameSampling } from '../src/main/vision/sam/amg/sampling';
import { rng } from '../test/helpers/random';

const CELLS = 256 * 256;
const OBJECTS = 40;
const RUNS = 3;

interface Scene {
  image: Size;
  /** Per object, three masks of logits. */
  logits: Float32Array[][];
  ious: number[][];
  /** Cell-space ellipse centres and radii, to tell which object a point is on. */
  shapes: { cx: number; cy: number; rx: number; ry: number }[];
}

/** Soft ellipses on the 256 grid over the image part of the frame, with a slow ripple so stability varies. */
function makeScene(image: Size, seed: number): Scene {
  const rand = rng(seed);
  const valid = resizedShape(image);
  const vw = valid.width / 4;
  const vh = valid.height / 4;
  const scene: Scene = { image, logits: [], ious: [], shapes: [] };
  for (let o = 0; o < OBJECTS; o++) {
    const cx = rand() * vw;
    const cy = rand() * vh;
    const rx = 4 + rand() * 40;
    const ry = 4 + rand() * 40;
    const ripple = rand() * 0.4;
    const masks: Float32Array[] = [];
    for (const scale of [0.6, 1, 1.5]) {
      const m = new Float32Array(CELLS);
      // Logits per cell across the edge, and saturation, of the order SAM's decoder gives.
      const slope = 2 + rand() * 8;
      const radius = Math.min(rx, ry) * scale;
      for (let y = 0; y < 256; y++) {
        for (let x = 0; x < 256; x++) {
          const d = Math.hypot((x - cx) / (rx * scale), (y - cy) / (ry * scale));
          const v = slope * (1 - d) * radius + ripple * Math.sin(x * 0.3 + y * 0.2);
          m[y * 256 + x] = Math.max(-20, Math.min(20, v));
        }
      }
      masks.push(m);
    }
    scene.logits.push(masks);
    scene.ious.push([0.75 + rand() * 0.25, 0.75 + rand() * 0.25, 0.75 + rand() * 0.25]);
    scene.shapes.push({ cx, cy, rx, ry });
  }
  return scene;
}

/** Reuses its output buffers (the generator copies what it keeps), so decoder garbage does not land in the timing. */
function sceneDecoder(scene: Scene, timer: { ms: number }): DecoderForCrop {
  const logitsBuffer = new Float32Array(64 * 3 * CELLS);
  const iouBuffer = new Float32Array(64 * 3);
  return () => (coords) => {
    const t = performance.now();
    const n = coords.length / 2;
    const lowResLogits = logitsBuffer.subarray(0, n * 3 * CELLS);
    const iouPredictions = iouBuffer.subarray(0, n * 3);
    for (let i = 0; i < n; i++) {
      const x = coords[i * 2] / 4;
      const y = coords[i * 2 + 1] / 4;
      let best = 0;
      let bestD = Infinity;
      scene.shapes.forEach((s, k) => {
        const d = Math.hypot((x - s.cx) / s.rx, (y - s.cy) / s.ry);
        if (d < bestD) {
          bestD = d;
          best = k;
        }
      });
      for (let m = 0; m < 3; m++) {
        lowResLogits.set(scene.logits[best][m], (i * 3 + m) * CELLS);
        iouPredictions[i * 3 + m] = scene.ious[best][m] - 0.02 * Math.min(bestD, 3);
      }
    }
    timer.ms += performance.now() - t;
    return { lowResLogits, iouPredictions };
  };
}

async function postDecoderMs(scene: Scene, params: AmgParams): Promise<{ ms: number; masks: number; counts: string }> {
  const times: number[] = [];
  let masks = 0;
  let counts = '';
  for (let r = 0; r < RUNS; r++) {
    const timer = { ms: 0 };
    const t = performance.now();
    const result = await generateMasks(scene.image, sceneDecoder(scene, timer), params);
    times.push(performance.now() - t - timer.ms);
    masks = result.masks.length;
    counts = Object.values(result.counts).join('/');
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)], masks, counts };
}

/**
 * What the official order would cost here: every decoded mask upsampled to image size before any filter, with the
 * masks library's resize (timed on a sample, scaled to all masks).
 */
function officialUpsampleAllMs(scene: Scene, decoded: number): number {
  const r = resizedShape(scene.image);
  const sample = 24;
  const t = performance.now();
  for (let i = 0; i < sample; i++) {
    const frame = resizeBilinear(scene.logits[i % OBJECTS][i % 3], 256, 256, 1024, 1024);
    const cut = new Float32Array(r.width * r.height);
    for (let y = 0; y < r.height; y++) cut.set(frame.subarray(y * 1024, y * 1024 + r.width), y * r.width);
    resizeBilinear(cut, r.width, r.height, scene.image.width, scene.image.height);
  }
  return ((performance.now() - t) / sample) * decoded;
}

/** Low-resolution against crop-resolution stability over every mask of the scene. */
function stabilitySpread(scene: Scene): { maxDiff: number; meanDiff: number; flips: number; masks: number } {
  const s = frameSampling(scene.image);
  const scratch = new Scratch();
  let maxDiff = 0;
  let sum = 0;
  let flips = 0;
  let masks = 0;
  const thresh = Math.fround(0.95);
  for (const object of scene.logits) {
    for (const data of object) {
      const view = { data, offset: 0, stride: 256, row0: 0, col0: 0 };
      const low = lowResStability(view, s, 1);
      const crop = cropStability(view, s, 1, scratch);
      if (Number.isNaN(low) || Number.isNaN(crop)) continue;
      masks++;
      const d = Math.abs(low - crop);
      sum += d;
      maxDiff = Math.max(maxDiff, d);
      if (low >= thresh !== crop >= thresh) flips++;
    }
  }
  return { maxDiff, meanDiff: sum / masks, flips, masks };
}

for (const image of [
  { width: 640, height: 480 },
  { width: 1920, height: 1080 },
]) {
  const tag = `amg.${image.width}x${image.height}`;
  const scene = makeScene(image, 42);
  const base = amgPreset('sam-default');
  const low = await postDecoderMs(scene, base);
  const crop = await postDecoderMs(scene, { ...base, stabilityAt: 'crop' });
  const maskNms = await postDecoderMs(scene, { ...base, nmsBy: 'mask' });
  const cleanup = await postDecoderMs(scene, { ...base, minMaskRegionArea: 100 });
  console.log(`${tag}.points ${32 * 32}`);
  console.log(`${tag}.post_decoder_ms ${low.ms.toFixed(1)}`);
  console.log(`${tag}.post_decoder_crop_stability_ms ${crop.ms.toFixed(1)}`);
  console.log(`${tag}.post_decoder_mask_nms_ms ${maskNms.ms.toFixed(1)}`);
  console.log(`${tag}.post_decoder_min_area_100_ms ${cleanup.ms.toFixed(1)}`);
  console.log(`${tag}.upsample_every_mask_first_est_ms ${officialUpsampleAllMs(scene, 32 * 32 * 3).toFixed(0)}`);
  console.log(`${tag}.masks ${low.masks}`);
  console.log(`${tag}.counts_decoded/iou/stability/edge/nms ${low.counts}`);
  const spread = stabilitySpread(scene);
  console.log(`${tag}.stability_low_res_vs_crop_max_abs_diff ${spread.maxDiff.toFixed(4)}`);
  console.log(`${tag}.stability_low_res_vs_crop_mean_abs_diff ${spread.meanDiff.toFixed(4)}`);
  console.log(`${tag}.stability_decisions_differing_at_0.95 ${spread.flips}/${spread.masks}`);
}
