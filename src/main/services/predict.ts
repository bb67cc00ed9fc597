// The prediction service: for an image and an expression, the image's proposal set (made once by SAM's automatic
// mask generation and stored), then each chosen method over those proposals, its ranked candidates stored as each
// finishes. Image features are cached per (image, CLIP model, proposal set), so a further expression on the same
// image runs only the text encoder and the methods.
import type { Candidate, Expression, ProposalSet, Rle } from '../../shared/domain';
import { HEATMAP_MAX_SIDE } from '../../shared/api';
import { resolveInsideRoot } from '../io/paths';
import { resizeBilinear, runsFromRle, runsToRle } from '../masks';
import { parseExpression } from '../nlp';
import type { Store } from '../store/types';
import { COPATCH_PRESETS, type CoPatchParams } from '../vision/methods/copatch';
import { GLCLIP_PRESETS, SAMCLIP_PRESET, type GlClipParams } from '../vision/methods/glclip';
import type { RgbImage } from '../vision/methods/shared/image';
import type { HeatMap } from '../vision/methods/shared/types';
import { ImageFeatures } from '../vision/pipeline/image-features';
import { type PredictModelPaths, type PredictModels, predictModels } from '../vision/pipeline/predict-models';
import { PIPELINE_METHODS, type PipelineMethod, type PipelineParams, runMethod } from '../vision/pipeline/run-methods';
import { type AmgParams, type AmgPresetName, amgPreset } from '../vision/sam/amg/params';
import { readRgbImage } from '../vision/sam/predictor/read-image';
import { datasetRoot } from './datasets';
import { addExpression, getExpression, listExpressions } from './expressions';
import { saveHeatmap } from './heatmaps';
import { getImage } from './images';
import { type Proposal, getOrCreateProposalSet, listProposals, saveProposals, saveCandidates } from './predictions';

export const PROPOSAL_SOURCE = 'sam-amg';

export interface PredictParams {
  glclip?: Partial<GlClipParams>;
  samclip?: Partial<GlClipParams>;
  copatch?: Partial<CoPatchParams>;
  /** AMG thresholds over the named preset; they become part of the stored proposal set's preset name. */
  amg?: Partial<AmgParams>;
}

export interface PredictInput {
  store: Store;
  models: PredictModelPaths;
  imageId: number;
  /** The expression to predict for; its text is then ignored. Without it, the image's expression with this text
   * is used, or added. */
  expressionId?: number;
  text: string;
  methods: readonly PipelineMethod[];
  /** The proposal (AMG) preset. */
  preset: AmgPresetName;
  /** Overrides of the methods' paper presets (GL-CLIP 'refcoco', CoPatch 'ViT-B/16') and of the AMG preset. */
  params?: PredictParams;
  /** Called as each method's candidates are stored, in the order of `methods`. */
  onMethodDone?: (result: MethodRun) => void;
}

export interface MethodRun {
  method: PipelineMethod;
  params: Record<string, unknown>;
  /** Best first, as stored. */
  candidates: Candidate[];
  /** The proposal index of each candidate (same order). */
  proposalIndices: number[];
  /** Wall time of the method: its text features, any image features not yet cached, the method and the store. */
  ms: number;
}

export interface PredictResult {
  expression: Expression;
  proposalSet: ProposalSet;
  proposals: Proposal[];
  /** Whether this call ran SAM (false when the stored proposal set was reused). */
  proposalsComputed: boolean;
  /** Whether the image's CLIP features were already cached. */
  featuresCached: boolean;
  methods: MethodRun[];
  proposalMs: number;
}

/** The preset with the overrides applied; an override the preset has no parameter for is an error. */
function withOverrides<T extends object>(what: string, preset: T, overrides: Partial<T> = {}): T {
  const unknown = Object.keys(overrides).filter((k) => !(k in preset));
  if (unknown.length) {
    throw new Error(`${what}: no parameter ${unknown.join(', ')}; known: ${Object.keys(preset).join(', ')}`);
  }
  return { ...preset, ...overrides };
}

function methodParams(params: PredictParams = {}): PipelineParams {
  return {
    glclip: withOverrides('GL-CLIP', GLCLIP_PRESETS.refcoco, params.glclip),
    samclip: { ...withOverrides('SAM-CLIP', SAMCLIP_PRESET, params.samclip), alpha: 0 },
    copatch: withOverrides('CoPatch', COPATCH_PRESETS['ViT-B/16'], params.copatch),
  };
}

/** The stored preset name: the AMG preset, with any overrides spelled out so other settings get another set. */
export function proposalPresetName(preset: AmgPresetName, overrides: Partial<AmgParams> = {}): string {
  const keys = Object.keys(overrides).sort() as (keyof AmgParams)[];
  if (keys.length === 0) return preset;
  return `${preset} ${JSON.stringify(Object.fromEntries(keys.map((k) => [k, overrides[k]])))}`;
}

async function findOrAddExpression(store: Store, imageId: number, text: string): Promise<Expression> {
  const wanted = text.trim();
  const found = (await listExpressions(store, imageId)).find((e) => e.text === wanted);
  return found ?? addExpression(store, { imageId, text: wanted });
}

async function expressionOfImage(store: Store, imageId: number, expressionId: number): Promise<Expression> {
  const expression = await getExpression(store, expressionId);
  if (expression.imageId !== imageId) {
    throw new Error(`predict: expression ${expressionId} is about image ${expression.imageId}, not image ${imageId}`);
  }
  return expression;
}

// Two predictions on one image at once must not both run SAM on it.
const proposalRuns = new Map<number, Promise<boolean>>();

function wholeImage(width: number, height: number): Rle {
  return runsToRle({ height, width, counts: Uint32Array.from([0, width * height]) });
}

async function ensureProposals(
  store: Store,
  set: ProposalSet,
  params: AmgParams,
  models: PredictModels,
  rgb: () => Promise<RgbImage>,
): Promise<boolean> {
  let run = proposalRuns.get(set.id);
  if (!run) {
    run = (async () => {
      if ((await listProposals(store, set.id)).length > 0) return false;
      const image = await rgb();
      const result = await models.sam.generate(image, params);
      // An empty mask can survive AMG's filters but no method can score it (nothing to crop, no pixels to average);
      // with nothing else left the whole image is the single proposal, as METHODS.md §0.2 says.
      const masks = result.masks.filter((m) => m.area > 0);
      const proposals = masks.length
        ? masks.map((m) => ({ mask: m.segmentation, score: m.predictedIou }))
        : [{ mask: wholeImage(image.width, image.height), score: 0 }];
      await saveProposals(store, set.id, proposals);
      return true;
    })();
    proposalRuns.set(set.id, run);
    void run.finally(() => proposalRuns.delete(set.id)).catch(() => undefined);
  }
  return run;
}

/** The CoMap as a stored heat map: at image resolution when it fits, scaled down to HEATMAP_MAX_SIDE otherwise. */
function storableHeatMap(map: HeatMap): { width: number; height: number; values: number[] } {
  const scale = Math.min(1, HEATMAP_MAX_SIDE / Math.max(map.width, map.height));
  const width = Math.max(1, Math.round(map.width * scale));
  const height = Math.max(1, Math.round(map.height * scale));
  const data = scale === 1 ? map.data : resizeBilinear(map.data, map.width, map.height, width, height);
  return { width, height, values: Array.from(data, (v) => Math.min(1, Math.max(0, v))) };
}

export async function predict(input: PredictInput): Promise<PredictResult> {
  const { store, imageId } = input;
  const unknown = input.methods.filter((m) => !PIPELINE_METHODS.includes(m));
  if (unknown.length)
    throw new Error(`predict: unknown method(s) ${unknown.join(', ')}; known: ${PIPELINE_METHODS.join(', ')}`);
  if (input.methods.length === 0) throw new Error('predict: no methods chosen');
  const amg = withOverrides('AMG', amgPreset(input.preset), input.params?.amg);
  const params = methodParams(input.params);
  const image = await getImage(store, imageId);
  const expression =
    input.expressionId === undefined
      ? await findOrAddExpression(store, imageId, input.text)
      : await expressionOfImage(store, imageId, input.expressionId);
  const models = await predictModels(input.models);

  let pixels: Promise<RgbImage> | null = null;
  const rgb = (): Promise<RgbImage> => {
    pixels ??= datasetRoot(store, image.datasetId).then((root) => readRgbImage(resolveInsideRoot(root, image.path)));
    return pixels;
  };

  const started = performance.now();
  const proposalSet = await getOrCreateProposalSet(store, {
    imageId,
    source: PROPOSAL_SOURCE,
    preset: proposalPresetName(input.preset, input.params?.amg),
    model: models.sam.modelName,
  });
  const proposalsComputed = await ensureProposals(store, proposalSet, amg, models, rgb);
  const proposals = await listProposals(store, proposalSet.id);
  const proposalMs = performance.now() - started;

  // New proposals (a recomputed set) make any features cached for the set stale.
  const cacheKey = JSON.stringify([image.sha256, models.clipName, proposalSet.id]);
  const cached = proposalsComputed ? undefined : models.features.get(cacheKey);
  const features =
    cached ??
    new ImageFeatures(
      models.clip,
      await rgb(),
      proposals.map((p) => runsFromRle(p.mask)),
    );
  if (!cached) models.features.set(cacheKey, features);

  const parse = parseExpression(expression.text);
  const runs: MethodRun[] = [];
  for (const method of input.methods) {
    const t0 = performance.now();
    const result = await runMethod(
      method,
      { clip: models.clip, tokenizer: models.tokenizer, parse, features, image },
      params,
    );
    const used = params[method] as unknown as Record<string, unknown>;
    const candidates = await saveCandidates(store, {
      expressionId: expression.id,
      method,
      params: { ...used },
      proposalSetId: proposalSet.id,
      candidates: result.candidates.map((c) => ({
        mask: proposals[c.proposalIndex].mask,
        score: c.score,
        proposalIdx: c.proposalIndex,
      })),
    });
    if (result.heatMap && method === 'copatch') {
      await saveHeatmap(store, {
        expressionId: expression.id,
        method,
        kind: 'comap',
        ...storableHeatMap(result.heatMap),
      });
    }
    const run: MethodRun = {
      method,
      params: { ...used },
      candidates,
      proposalIndices: result.candidates.map((c) => c.proposalIndex),
      ms: performance.now() - t0,
    };
    runs.push(run);
    input.onMethodDone?.(run);
  }
  return {
    expression,
    proposalSet,
    proposals,
    proposalsComputed,
    featuresCached: cached !== undefined,
    methods: runs,
    proposalMs,
  };
}
