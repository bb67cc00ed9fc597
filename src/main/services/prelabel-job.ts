// Pre-labeling as a job: every expression of a dataset (or of a filter) is an item that runs the chosen methods
// through the prediction service. Its writes are idempotent rather than deferred to the item's commit: the stored
// proposal set is reused, and saveCandidates and saveHeatmap replace what a method stored for the expression, so an
// item interrupted before its commit and run again leaves what one run leaves. Only candidates (and CoPatch heat
// maps) are written; annotations are never touched, so accepted or edited work stays as it is.
import { resolve } from 'node:path';
import { z } from 'zod';
import { SPLITS } from '../../shared/domain';
import { defineJobKind } from '../jobs/job-kind';
import type { SqlValue, Store } from '../store/types';
import { COPATCH_PRESETS } from '../vision/methods/copatch';
import { GLCLIP_PRESETS, SAMCLIP_PRESET } from '../vision/methods/glclip';
import { HYBRIDGL_PRESETS } from '../vision/methods/hybridgl';
import type { VisionEngine } from '../vision/pipeline/engine';
import { PIPELINE_METHODS, type PipelineMethod } from '../vision/pipeline/run-methods';
import { AMG_PRESETS, type AmgPresetName, amgPreset } from '../vision/sam/amg/params';
import { getExpression } from './expressions';
import { type PredictParams, predict } from './predict';

export const PRELABEL_JOB = 'prelabel';

const KEY_DIGITS = 10;

const overrides = z.record(z.string(), z.unknown()).optional();

const paramsSchema = z.object({
  datasetId: z.number().int().positive(),
  methods: z
    .array(z.enum(PIPELINE_METHODS as readonly [PipelineMethod, ...PipelineMethod[]]))
    .min(1)
    .refine((m) => new Set(m).size === m.length, 'a method is listed twice'),
  preset: z.enum(Object.keys(AMG_PRESETS) as [AmgPresetName, ...AmgPresetName[]]).default('hybridgl-refcoco'),
  filter: z
    .object({ split: z.enum(SPLITS).optional(), onlyWithoutCandidates: z.boolean().optional() })
    .strict()
    .optional(),
  clipDir: z.string().min(1),
  samDir: z.string().min(1),
  /** A folder with the CLIP tokenizer's vocab.json and merges.txt, when clipDir has none. */
  vocabDir: z.string().min(1).optional(),
  /** Where SAM embeddings are cached on disk. */
  cacheDir: z.string().min(1).optional(),
  /** 'cuda' tries the GPU first (falling back to the CPU); the CPU by default. */
  device: z.enum(['cpu', 'cuda']).optional(),
  /** Overrides of the methods' and the AMG preset's parameters, as `reflabel predict --set` takes them. */
  params: z
    .object({ glclip: overrides, samclip: overrides, copatch: overrides, hybridgl: overrides, amg: overrides })
    .strict()
    .optional(),
});

export type PrelabelJobParams = z.infer<typeof paramsSchema>;

export interface PrelabelItemResult {
  expressionId: number;
  proposals: number;
  /** Candidates stored and the best score, per method. */
  methods: Record<string, { candidates: number; topScore: number | null }>;
}

/** Rejects an override the preset has no parameter for now, rather than once per item when the job runs. */
function checkOverrides(params: PrelabelJobParams): void {
  const known: Record<string, object> = {
    glclip: GLCLIP_PRESETS.refcoco,
    samclip: SAMCLIP_PRESET,
    copatch: COPATCH_PRESETS['ViT-B/16'],
    hybridgl: HYBRIDGL_PRESETS.default,
    amg: amgPreset(params.preset),
  };
  for (const [group, values] of Object.entries(params.params ?? {})) {
    const unknown = Object.keys(values ?? {}).filter((k) => !(k in known[group]));
    if (unknown.length) {
      throw new Error(
        `prelabel job: ${group} has no parameter ${unknown.join(', ')}; known: ${Object.keys(known[group]).join(', ')}`,
      );
    }
  }
}

export function expressionKey(expressionId: number): string {
  return String(expressionId).padStart(KEY_DIGITS, '0');
}

/** The dataset's expressions the filter keeps, in id order. */
async function listPrelabelExpressions(store: Store, params: PrelabelJobParams): Promise<number[]> {
  const dataset = await store.read((db) => db.get('SELECT id FROM datasets WHERE id = ?', [params.datasetId]));
  if (!dataset) throw new Error(`prelabel job: dataset ${params.datasetId} not found`);
  const { split, onlyWithoutCandidates } = params.filter ?? {};
  const where = ['i.dataset_id = ?'];
  const args: SqlValue[] = [params.datasetId];
  if (split) {
    where.push('x.split = ?');
    args.push(split);
  }
  if (onlyWithoutCandidates) {
    // An expression is left out only when every chosen method already has candidates for it.
    where.push(`(SELECT COUNT(DISTINCT c.method) FROM candidates c
      WHERE c.expression_id = x.id AND c.method IN (${params.methods.map(() => '?').join(', ')})) < ?`);
    args.push(...params.methods, params.methods.length);
  }
  const rows = await store.read((db) =>
    db.all<{ id: number }>(
      `SELECT x.id FROM expressions x JOIN images i ON i.id = x.image_id WHERE ${where.join(' AND ')} ORDER BY x.id`,
      args,
    ),
  );
  return rows.map((r) => r.id);
}

/** engine: where the models run (the app's inference worker); a local engine in this thread when left out. */
export function prelabelJobKind(store: Store, engine?: VisionEngine) {
  return defineJobKind<PrelabelJobParams, PrelabelItemResult>({
    kind: PRELABEL_JOB,
    // Folders are made absolute when the job is created, so a resumed job never depends on a later working folder.
    parseParams: (raw) => {
      const parsed = paramsSchema.parse(raw);
      checkOverrides(parsed);
      return {
        ...parsed,
        clipDir: resolve(parsed.clipDir),
        samDir: resolve(parsed.samDir),
        ...(parsed.vocabDir ? { vocabDir: resolve(parsed.vocabDir) } : {}),
        ...(parsed.cacheDir ? { cacheDir: resolve(parsed.cacheDir) } : {}),
      };
    },
    async listItems(params) {
      return (await listPrelabelExpressions(store, params)).map(expressionKey);
    },
    async runItem(key, params, ctx) {
      ctx.signal.throwIfAborted();
      const expression = await getExpression(store, Number(key));
      const result = await predict({
        store,
        engine,
        models: {
          clipDir: params.clipDir,
          samDir: params.samDir,
          ...(params.vocabDir ? { vocabDir: params.vocabDir } : {}),
          ...(params.cacheDir ? { cacheDir: params.cacheDir } : {}),
          ...(params.device ? { session: { device: params.device } } : {}),
        },
        imageId: expression.imageId,
        expressionId: expression.id,
        text: expression.text,
        methods: params.methods,
        preset: params.preset,
        params: params.params as PredictParams | undefined,
      });
      return {
        expressionId: expression.id,
        proposals: result.proposals.length,
        methods: Object.fromEntries(
          result.methods.map((run) => [
            run.method,
            { candidates: run.candidates.length, topScore: run.candidates[0]?.score ?? null },
          ]),
        ),
      };
    },
    async finish(params, items) {
      return async () => ({
        datasetId: params.datasetId,
        methods: params.methods,
        expressions: items.results.size,
        failed: items.failures.length,
      });
    },
  });
}
