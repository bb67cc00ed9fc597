// The vision engine in this thread: models loaded once per folder set (predict-models.ts), image features cached
// per (image, CLIP model, proposal set), SAM embeddings cached by SamProposals. The CLI and tests use it directly;
// the app runs this same engine inside the inference worker (worker-engine.ts).
import { resizeBilinear, runsFromRle } from '../../masks';
import { parseExpression } from '../../nlp';
import type { RgbImage } from '../methods/shared/image';
import type { HeatMap } from '../methods/shared/types';
import { readRgbImage } from '../sam/predictor/read-image';
import { clipBackboneName } from '../clip/backbone';
import { HEATMAP_MAX_SIDE } from '../../../shared/api';
import type { EngineImage, MethodOut, StorableHeatMap, VisionEngine } from './engine';
import { ImageFeatures } from './image-features';
import { type PredictModelPaths, predictModels, releasePredictModels } from './predict-models';
import { type PipelineMethod, runMethod } from './run-methods';

/**
 * A heat map at image resolution when it fits, scaled down to HEATMAP_MAX_SIDE otherwise, in [0, 1]: CoPatch's
 * CoMap is already there (clamped against rounding); HybridGL's GEM map is scored divided by its mean, so it is
 * min-max scaled for display.
 */
export function storableHeatMap(kind: StorableHeatMap['kind'], map: HeatMap): StorableHeatMap {
  const scale = Math.min(1, HEATMAP_MAX_SIDE / Math.max(map.width, map.height));
  const width = Math.max(1, Math.round(map.width * scale));
  const height = Math.max(1, Math.round(map.height * scale));
  const data = scale === 1 ? map.data : resizeBilinear(map.data, map.width, map.height, width, height);
  let [lo, hi] = [0, 1];
  if (kind === 'gem') {
    [lo, hi] = [Infinity, -Infinity];
    for (const v of data) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
    if (!(hi > lo)) [lo, hi] = [lo - 1, lo];
  }
  return { kind, width, height, values: Array.from(data, (v) => Math.min(1, Math.max(0, (v - lo) / (hi - lo)))) };
}

const HEATMAP_KINDS: Partial<Record<PipelineMethod, StorableHeatMap['kind']>> = { copatch: 'comap', hybridgl: 'gem' };

/** Reads the image once, on first use. */
function pixelsOf(image: EngineImage): () => Promise<RgbImage> {
  let pixels: Promise<RgbImage> | null = null;
  return () => (pixels ??= readRgbImage(image.path));
}

export function createLocalEngine(): VisionEngine<PredictModelPaths> {
  return {
    async modelNames(models) {
      const loaded = await predictModels(models);
      return {
        sam: loaded.sam.modelName,
        clip: loaded.clipName,
        clipBackbone: clipBackboneName(loaded.clip.config.vision),
      };
    },

    async proposals({ models, image, params }, { signal } = {}) {
      const loaded = await predictModels(models);
      signal?.throwIfAborted();
      const result = await loaded.sam.generate(await readRgbImage(image.path), params, image.sha256);
      return result.masks.map((m) => ({ mask: m.segmentation, score: m.predictedIou }));
    },

    async methods(request, { signal, onMethod } = {}) {
      const models = await predictModels(request.models);
      const key = JSON.stringify([request.image.sha256, models.clipName, request.proposalSetId]);
      const cached = request.fresh ? undefined : models.features.get(key);
      const features =
        cached ??
        new ImageFeatures(
          models.clip,
          await readRgbImage(request.image.path),
          request.proposals.map((mask) => runsFromRle(mask)),
        );
      if (!cached) models.features.set(key, features);
      const [height, width] = request.proposals[0]?.size ?? [0, 0];
      const parse = parseExpression(request.text);
      const out: MethodOut[] = [];
      for (const method of request.methods) {
        signal?.throwIfAborted();
        const started = performance.now();
        const result = await runMethod(
          method,
          { clip: models.clip, tokenizer: models.tokenizer, parse, features, image: { width, height } },
          request.params,
        );
        const done: MethodOut = {
          method,
          params: { ...(request.params[method] as unknown as Record<string, unknown>) },
          candidates: result.candidates.map((c) => ({ proposalIndex: c.proposalIndex, score: c.score })),
          heatMap:
            HEATMAP_KINDS[method] && result.heatMap ? storableHeatMap(HEATMAP_KINDS[method], result.heatMap) : null,
          ms: performance.now() - started,
        };
        out.push(done);
        onMethod?.(done);
      }
      return { featuresCached: cached !== undefined, methods: out, providers: await models.clip.providers() };
    },

    async refine({ models, image, points, box, previous }) {
      const loaded = await predictModels(models);
      return loaded.sam.refine({ imageSha: image.sha256, image: pixelsOf(image), points, box, previous });
    },

    async prepare({ models, image }, { signal } = {}) {
      const loaded = await predictModels(models);
      signal?.throwIfAborted();
      return loaded.sam.prepare(image.sha256, pixelsOf(image));
    },

    close: releasePredictModels,
  };
}
