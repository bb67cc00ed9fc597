// Predictions as the app offers them: the installed models chosen for the user, progress announced as each method's
// candidates are stored, the presets on show, stored proposals for the overlay, click-to-refine and background SAM
// encoding of the images the annotator will open next. All model work goes through the app's vision engine.
import type { z } from 'zod';
import type { predictionProgressSchema } from '../../shared/api';
import { join } from 'node:path';
import { resolveInsideRoot } from '../io/paths';
import type { Catalog } from '../models/catalog';
import type { Store } from '../store/types';
import { clipBackboneName } from '../vision/clip/backbone';
import { CLIP_CONFIG_FILE } from '../vision/clip/compile';
import { readClipConfig } from '../vision/clip/config';
import { METHOD_PRESETS } from '../vision/methods/presets';
import type { EngineImage, EngineModels, RefineOut, VisionEngine } from '../vision/pipeline/engine';
import type { PipelineMethod } from '../vision/pipeline/run-methods';
import { AMG_PRESETS, type AmgPresetName } from '../vision/sam/amg/params';
import { datasetRoot } from './datasets';
import { runtimeInfo } from './runtime-info';
import { getImage } from './images';
import type { JobRunner } from '../jobs/job-runner';
import type { Job, Split } from '../../shared/domain';
import { type PredictParams, type PredictResult, activePresets, predict } from './predict';
import { PRELABEL_JOB } from './prelabel-job';
import { choosePredictionModels, predictionModelFolders } from './prediction-models';
import { listProposalSets, listProposals } from './predictions';

export type PredictionProgress = z.infer<typeof predictionProgressSchema>;

export interface PredictionServiceDeps {
  store: Store;
  engine: VisionEngine;
  catalog: Catalog;
  modelsRoot: string;
  /** Where SAM embeddings are cached on disk. */
  cacheDir: string;
  emit: (progress: PredictionProgress) => void;
  jobs: JobRunner;
}

export interface RunPredictionInput {
  imageId: number;
  expressionId?: number;
  text?: string;
  methods: PipelineMethod[];
  preset: AmgPresetName;
  params?: Record<string, Record<string, unknown>>;
}

export function createPredictionService(deps: PredictionServiceDeps) {
  const { store, engine, catalog, modelsRoot, cacheDir, emit, jobs } = deps;
  const pendingPrepares = new Map<number, AbortController>();

  // CUDA when the probe found it loads (DESIGN.md §4), else the CPU without a failed CUDA attempt per session.
  const models = async (): Promise<EngineModels> => ({
    ...predictionModelFolders(await choosePredictionModels(catalog, modelsRoot), modelsRoot, cacheDir),
    session: { device: (await runtimeInfo()).cudaAvailable ? 'cuda' : 'cpu' },
  });

  const engineImage = async (imageId: number): Promise<EngineImage> => {
    const image = await getImage(store, imageId);
    return { path: resolveInsideRoot(await datasetRoot(store, image.datasetId), image.path), sha256: image.sha256 };
  };

  return {
    async run(input: RunPredictionInput): Promise<PredictResult> {
      const folders = await models();
      const started = performance.now();
      let expressionId: number | null = null;
      const progress = (phase: PredictionProgress['phase'], more: Partial<PredictionProgress> = {}): void => {
        if (expressionId === null) return;
        emit({
          imageId: input.imageId,
          expressionId,
          phase,
          method: null,
          candidates: null,
          ms: null,
          message: null,
          ...more,
        });
      };
      try {
        const result = await predict({
          store,
          engine,
          models: folders,
          imageId: input.imageId,
          expressionId: input.expressionId,
          text: input.text ?? '',
          methods: input.methods,
          preset: input.preset,
          params: input.params as PredictParams | undefined,
          onExpression: (expression) => (expressionId = expression.id),
          onProposalsStart: () => progress('proposals'),
          onMethodDone: (run) =>
            progress('method', { method: run.method, candidates: run.candidates.length, ms: run.ms }),
        });
        progress('done', { ms: performance.now() - started });
        return result;
      } catch (error) {
        progress('failed', { message: (error as Error).message, ms: performance.now() - started });
        throw error;
      }
    },

    /** A pre-labeling job over the dataset with the installed models, fixed when the job starts. */
    async prelabel(input: {
      datasetId: number;
      methods: PipelineMethod[];
      preset: AmgPresetName;
      filter?: { split?: Split; onlyWithoutCandidates?: boolean };
      params?: Record<string, Record<string, unknown>>;
    }): Promise<Job> {
      const { clipDir, samDir, session } = await models();
      return jobs.start(PRELABEL_JOB, { ...input, clipDir, samDir, cacheDir, device: session?.device });
    },

    async presets() {
      const choice = await choosePredictionModels(catalog, modelsRoot);
      const backbone = choice.clip
        ? clipBackboneName((await readClipConfig(join(choice.clip.dir, CLIP_CONFIG_FILE))).vision)
        : 'ViT-B/16';
      return {
        methods: METHOD_PRESETS as unknown as Record<string, Record<string, Record<string, unknown>>>,
        proposals: AMG_PRESETS as unknown as Record<string, Record<string, unknown>>,
        active: activePresets(backbone),
        models: { clip: choice.clip?.title ?? null, sam: choice.sam?.title ?? null },
      };
    },

    async proposals(imageId: number) {
      await getImage(store, imageId);
      const sets = await listProposalSets(store, imageId);
      return Promise.all(
        sets.map(async (set) => ({
          proposalSetId: set.id,
          preset: set.preset,
          model: set.model,
          createdAt: set.createdAt,
          proposals: (await listProposals(store, set.id)).map(({ idx, mask, score }) => ({ idx, mask, score })),
        })),
      );
    },

    async refine(input: {
      imageId: number;
      points: { x: number; y: number; positive: boolean }[];
      box?: { x0: number; y0: number; x1: number; y1: number };
      previous?: string;
    }): Promise<RefineOut & { ms: number }> {
      const started = performance.now();
      const out = await engine.refine({
        models: await models(),
        image: await engineImage(input.imageId),
        points: input.points,
        box: input.box,
        previous: input.previous,
      });
      return { ...out, ms: performance.now() - started };
    },

    /**
     * Queues background encoding of the images the annotator will open next; best effort, so missing models or a
     * failing image queue nothing and say nothing (the foreground request on that image reports the problem). Each
     * call says where the annotator is now: encodings still waiting for images no longer listed are withdrawn, and
     * an image already waiting is not queued twice, so paging quickly through a dataset never piles up work.
     */
    async prepare(imageIds: number[]): Promise<number> {
      const folders = await models().catch(() => null);
      if (!folders) return 0;
      const wanted = new Set(imageIds);
      for (const [imageId, controller] of pendingPrepares) {
        if (!wanted.has(imageId)) controller.abort();
      }
      let queued = 0;
      for (const imageId of imageIds) {
        if (pendingPrepares.has(imageId)) continue;
        const image = await engineImage(imageId).catch(() => null);
        if (!image) continue;
        const controller = new AbortController();
        pendingPrepares.set(imageId, controller);
        queued++;
        void engine
          .prepare({ models: folders, image }, { signal: controller.signal })
          .catch(() => undefined)
          .finally(() => {
            if (pendingPrepares.get(imageId) === controller) pendingPrepares.delete(imageId);
          });
      }
      return queued;
    },

    /** Background encodings queued or running, by image id. */
    get preparing(): number[] {
      return [...pendingPrepares.keys()];
    },
  };
}

export type PredictionService = ReturnType<typeof createPredictionService>;
