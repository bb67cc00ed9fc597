// The prediction service: for an image and an expression, the image's proposal set (made once by SAM's automatic
// mask generation and stored), then each chosen method over those proposals, its ranked candidates stored as each
// finishes. The model work goes through a vision engine (../vision/pipeline/engine.ts): in this thread for the CLI
// and tests, in the inference worker in the app. The engine caches image features per (image, CLIP model, proposal
// set), so a further expression on the same image runs only the text encoder and the methods.
import type { Candidate, Expression, ProposalSet, Rle } from '../../shared/domain';
import { resolveInsideRoot } from '../io/paths';
import { rleArea, runsToRle } from '../masks';
import type { Store } from '../store/types';
import { COPATCH_PRESETS, type CoPatchBackbone, type CoPatchParams } from '../vision/methods/copatch';
import type { GlClipParams } from '../vision/methods/glclip';
import type { HybridGLParams } from '../vision/methods/hybridgl';
import { METHOD_PRESETS } from '../vision/methods/presets';
import type { EngineImage, MethodOut, VisionEngine } from '../vision/pipeline/engine';
import { createLocalEngine } from '../vision/pipeline/local-engine';
import type { PredictModelPaths } from '../vision/pipeline/predict-models';
import { PIPELINE_METHODS, type PipelineMethod, type PipelineParams } from '../vision/pipeline/run-methods';
import { type AmgParams, type AmgPresetName, amgPreset } from '../vision/sam/amg/params';
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
  hybridgl?: Partial<HybridGLParams>;
  /** AMG thresholds over the named preset; they become part of the stored proposal set's preset name. */
  amg?: Partial<AmgParams>;
}

export interface PredictInput {
  store: Store;
  models: PredictModelPaths;
  /** Where the models run; a local engine (this thread) when left out. */
  engine?: VisionEngine<PredictModelPaths>;
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
  /** Called once the expression is known, before any model work. */
  onExpression?: (expression: Expression) => void;
  /** Called when SAM starts on the image (the proposal set was not stored yet). */
  onProposalsStart?: () => void;
  /** Called as each method's candidates are stored, in the order of `methods`. */
  onMethodDone?: (result: MethodRun) => void;
  signal?: AbortSignal;
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
  /** The execution providers CLIP ran on. */
  providers: string[];
}

/** The preset with the overrides applied; an override the preset has no parameter for is an error. */
function withOverrides<T extends object>(what: string, preset: T, overrides: Partial<T> = {}): T {
  const unknown = Object.keys(overrides).filter((k) => !(k in preset));
  if (unknown.length) {
    throw new Error(`${what}: no parameter ${unknown.join(', ')}; known: ${Object.keys(preset).join(', ')}`);
  }
  return { ...preset, ...overrides };
}

/**
 * The paper preset each method runs with: GL-CLIP's RefCOCO one, and CoPatch's for the CLIP backbone (METHODS.md
 * §1: B/32, B/16, H/14); another backbone gets CoPatch's B/16 preset, which the candidates' stored parameters show.
 */
export function activePresets(backbone: string) {
  const copatch = backbone in COPATCH_PRESETS ? (backbone as CoPatchBackbone) : 'ViT-B/16';
  return { glclip: 'refcoco', samclip: 'default', copatch, hybridgl: 'default' } as const;
}

function methodParams(params: PredictParams = {}, backbone: string): PipelineParams {
  const active = activePresets(backbone);
  return {
    glclip: withOverrides('GL-CLIP', METHOD_PRESETS.glclip[active.glclip], params.glclip),
    samclip: { ...withOverrides('SAM-CLIP', METHOD_PRESETS.samclip[active.samclip], params.samclip), alpha: 0 },
    copatch: withOverrides('CoPatch', METHOD_PRESETS.copatch[active.copatch], params.copatch),
    hybridgl: withOverrides('HybridGL', METHOD_PRESETS.hybridgl[active.hybridgl], params.hybridgl),
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

interface ProposalJob {
  store: Store;
  set: ProposalSet;
  engine: VisionEngine<PredictModelPaths>;
  models: PredictModelPaths;
  image: EngineImage & { width: number; height: number };
  params: AmgParams;
  onStart?: () => void;
  signal?: AbortSignal;
}

/** Runs AMG for the set unless its proposals are stored; true when it ran. */
function ensureProposals(job: ProposalJob): Promise<boolean> {
  const { store, set } = job;
  let run = proposalRuns.get(set.id);
  if (!run) {
    run = (async () => {
      if ((await listProposals(store, set.id)).length > 0) return false;
      job.onStart?.();
      const found = await job.engine.proposals(
        { models: job.models, image: job.image, params: job.params },
        { signal: job.signal },
      );
      // An empty mask can survive AMG's filters but no method can score it (nothing to crop, no pixels to average);
      // with nothing else left the whole image is the single proposal, as METHODS.md §0.2 says.
      const kept = found.filter((m) => rleArea(m.mask) > 0);
      const proposals = kept.length ? kept : [{ mask: wholeImage(job.image.width, job.image.height), score: 0 }];
      await saveProposals(store, set.id, proposals);
      return true;
    })();
    proposalRuns.set(set.id, run);
    void run.finally(() => proposalRuns.delete(set.id)).catch(() => undefined);
  }
  return run;
}

export async function predict(input: PredictInput): Promise<PredictResult> {
  const { store, imageId } = input;
  const unknown = input.methods.filter((m) => !PIPELINE_METHODS.includes(m));
  if (unknown.length)
    throw new Error(`predict: unknown method(s) ${unknown.join(', ')}; known: ${PIPELINE_METHODS.join(', ')}`);
  if (input.methods.length === 0) throw new Error('predict: no methods chosen');
  const amg = withOverrides('AMG', amgPreset(input.preset), input.params?.amg);
  const engine = input.engine ?? localEngine();
  const imageRow = await getImage(store, imageId);
  const expression =
    input.expressionId === undefined
      ? await findOrAddExpression(store, imageId, input.text)
      : await expressionOfImage(store, imageId, input.expressionId);
  input.onExpression?.(expression);
  const image = {
    path: resolveInsideRoot(await datasetRoot(store, imageRow.datasetId), imageRow.path),
    sha256: imageRow.sha256,
    width: imageRow.width,
    height: imageRow.height,
  };
  const names = await engine.modelNames(input.models);
  const params = methodParams(input.params, names.clipBackbone);

  const started = performance.now();
  const proposalSet = await getOrCreateProposalSet(store, {
    imageId,
    source: PROPOSAL_SOURCE,
    preset: proposalPresetName(input.preset, input.params?.amg),
    model: names.sam,
  });
  const proposalsComputed = await ensureProposals({
    store,
    set: proposalSet,
    engine,
    models: input.models,
    image,
    params: amg,
    onStart: input.onProposalsStart,
    signal: input.signal,
  });
  const proposals = await listProposals(store, proposalSet.id);
  const proposalMs = performance.now() - started;

  // Each method's candidates are stored as it finishes, one after another, in the order the methods ran.
  const runs: MethodRun[] = [];
  let stored = Promise.resolve();
  const storeRun = async (out: MethodOut): Promise<void> => {
    const candidates = await saveCandidates(store, {
      expressionId: expression.id,
      method: out.method,
      params: out.params,
      proposalSetId: proposalSet.id,
      candidates: out.candidates.map((c) => ({
        mask: proposals[c.proposalIndex].mask,
        score: c.score,
        proposalIdx: c.proposalIndex,
      })),
    });
    if (out.heatMap) {
      await saveHeatmap(store, { expressionId: expression.id, method: out.method, ...out.heatMap });
    }
    const run: MethodRun = {
      method: out.method,
      params: out.params,
      candidates,
      proposalIndices: out.candidates.map((c) => c.proposalIndex),
      ms: out.ms,
    };
    runs.push(run);
    input.onMethodDone?.(run);
  };
  const result = await engine.methods(
    {
      models: input.models,
      image,
      proposalSetId: proposalSet.id,
      fresh: proposalsComputed,
      proposals: proposals.map((p) => p.mask),
      text: expression.text,
      methods: input.methods,
      params,
    },
    { signal: input.signal, onMethod: (out) => (stored = stored.then(() => storeRun(out))) },
  );
  await stored;
  return {
    expression,
    proposalSet,
    proposals,
    proposalsComputed,
    featuresCached: result.featuresCached,
    methods: runs,
    proposalMs,
    providers: result.providers,
  };
}

let local: VisionEngine<PredictModelPaths> | null = null;

/** One local engine per process, so its model and feature caches are shared by every local prediction. */
function localEngine(): VisionEngine<PredictModelPaths> {
  local ??= createLocalEngine();
  return local;
}
