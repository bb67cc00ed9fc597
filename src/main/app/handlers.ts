// Binds every operation of the API to its service. This is the only place that knows both the contract and the
// services; the transports see nothing but the resulting handler map.
import { ApiError, type ApiHandlers } from '../../shared/contract';
import type { RefLabelApi } from '../../shared/api';
import {
  getHistory,
  listAnnotations,
  revertTo,
  saveAnnotation,
  setStatus,
  deleteAnnotation,
} from '../services/annotations';
import { ensureCategory, listCategories } from '../services/categories';
import { deleteDataset, getDataset, listDatasets } from '../services/datasets';
import { exportDataset } from '../services/export';
import { evaluateDataset, writeEvalReport } from '../services/evaluate';
import { addExpression, listExpressions } from '../services/expressions';
import { getImage, listImages } from '../services/images';
import { IMPORT_JOB } from '../services/import-job';
import { describeExpression } from '../services/expression-parse';
import { listHeatmaps, saveHeatmap } from '../services/heatmaps';
import { listCandidates, saveCandidates } from '../services/predictions';
import type { PredictionService } from '../services/prediction-service';
import { runtimeInfo } from '../services/runtime-info';
import { methodAcceptance } from '../services/review';
import { getUndoState, redo, undo } from '../services/undo';
import { ConflictError, NotFoundError, StoreError } from '../store/errors';
import type { Store } from '../store/types';
import type { JobRunner } from '../jobs/job-runner';
import { defaultCatalog } from '../models/catalog';
import { defaultModelsRoot } from '../models/model-paths';
import { methodStatus, modelStatus } from '../models/status';

/** The front's own way of asking the user for a path (Electron's open dialog); null when they cancel. */
export type PathChooser = (request: { kind: 'folder' | 'file'; title: string }) => Promise<string | null>;

export interface HandlerDeps {
  store: Store;
  jobs: JobRunner;
  version: string;
  /** Where installed models live; the models manager's default root when left out. */
  modelsRoot?: string;
  /** Given by the Electron main only: browser mode has no native dialog, the user types the path instead. */
  choosePath?: PathChooser;
  predictions: PredictionService;
}

/** Who a person's edits are recorded as in annotation history. */
const USER = 'user';

/**
 * Expected failures travel to the UI with their message (it names the file, record and problem); SQLite failures
 * stay 'internal' and are logged, since they are bugs rather than something the user can fix.
 */
function toApiError(error: unknown): unknown {
  if (error instanceof ApiError || error instanceof StoreError || !(error instanceof Error)) return error;
  if (error instanceof NotFoundError) return new ApiError('not-found', error.message);
  if (error instanceof ConflictError) return new ApiError('conflict', error.message);
  return new ApiError('bad-request', error.message);
}

function withUserErrors<H extends Record<string, (input: never) => Promise<unknown>>>(handlers: H): H {
  const wrapped: Record<string, unknown> = {};
  for (const [name, handler] of Object.entries(handlers)) {
    wrapped[name] = async (input: never) => {
      try {
        return await handler(input);
      } catch (error) {
        throw toApiError(error);
      }
    };
  }
  return wrapped as H;
}

export function createHandlers({
  store,
  jobs,
  version,
  modelsRoot = defaultModelsRoot(),
  choosePath,
  predictions,
}: HandlerDeps): ApiHandlers<RefLabelApi> {
  const catalog = defaultCatalog();
  return withUserErrors<ApiHandlers<RefLabelApi>>({
    'app.info': async () => ({ version, databaseFile: store.file }),

    'datasets.list': () => listDatasets(store),
    'datasets.get': ({ datasetId }) => getDataset(store, datasetId),
    'datasets.import': (input) => jobs.start(IMPORT_JOB, input),
    'datasets.prelabel': (input) => predictions.prelabel(input),
    'datasets.delete': async ({ datasetId }) => {
      await deleteDataset(store, datasetId);
      return null;
    },

    'images.list': (input) => listImages(store, input),
    'images.get': ({ imageId }) => getImage(store, imageId),

    'categories.list': ({ datasetId }) => listCategories(store, datasetId),
    'categories.create': (input) => ensureCategory(store, input),

    'expressions.list': ({ imageId }) => listExpressions(store, imageId),
    'expressions.create': (input) => addExpression(store, input),

    'candidates.list': ({ expressionId }) => listCandidates(store, expressionId),
    'candidates.save': (input) => saveCandidates(store, input),

    'annotations.list': ({ imageId }) => listAnnotations(store, imageId),
    'annotations.save': (input) => saveAnnotation(store, { ...input, author: USER }),
    'annotations.setStatus': ({ annotationId, status }) => setStatus(store, annotationId, status, USER),
    'annotations.history': ({ annotationId }) => getHistory(store, annotationId),
    'annotations.revert': ({ annotationId, version: v }) => revertTo(store, annotationId, v, USER),
    'annotations.delete': async ({ annotationId }) => {
      await deleteAnnotation(store, annotationId);
      return null;
    },

    'export.run': (input) => exportDataset(store, input),

    'jobs.list': () => jobs.list(),
    'jobs.get': ({ jobId }) => jobs.get(jobId),
    'models.status': async () => {
      const models = await modelStatus(catalog, modelsRoot);
      return {
        models: models.map(({ id, title, family, state }) => ({ id, title, family, state })),
        methods: methodStatus(catalog, models),
      };
    },
    'jobs.cancel': ({ jobId }) => jobs.cancel(jobId),
    'jobs.pause': ({ jobId }) => jobs.pause(jobId),
    'jobs.resume': ({ jobId }) => jobs.resume(jobId),

    'annotations.undoState': ({ annotationId }) => getUndoState(store, annotationId),
    'annotations.undo': ({ annotationId }) => undo(store, annotationId),
    'annotations.redo': ({ annotationId }) => redo(store, annotationId),
    'review.stats': ({ datasetId }) => methodAcceptance(store, datasetId),

    'expressions.parse': async ({ text }) => describeExpression(text),
    'app.capabilities': async () => ({ nativeDialogs: choosePath !== undefined }),
    'app.choosePath': async (request) => {
      if (!choosePath)
        throw new ApiError('not-found', 'choosing a path in a dialog is not available in browser mode; type the path');
      return { path: await choosePath(request) };
    },
    'runtime.info': () => runtimeInfo(),
    'heatmaps.save': (input) => saveHeatmap(store, input),
    'heatmaps.list': ({ expressionId }) => listHeatmaps(store, expressionId),
    'eval.run': (input) => evaluateDataset(store, input),
    'eval.report': async (input) => ({ path: await writeEvalReport(store, input) }),

    'predictions.run': async (input) => {
      const result = await predictions.run(input);
      return {
        expressionId: result.expression.id,
        proposalSetId: result.proposalSet.id,
        proposals: result.proposals.length,
        proposalsComputed: result.proposalsComputed,
        proposalMs: result.proposalMs,
        methods: result.methods.map((run) => ({
          method: run.method,
          candidates: run.candidates.length,
          topScore: run.candidates[0]?.score ?? null,
          ms: run.ms,
        })),
      };
    },
    'predictions.presets': () => predictions.presets(),
    'proposals.list': ({ imageId }) => predictions.proposals(imageId),
    'sam.refine': async (input) => {
      const { refinementId, mask, score, ms } = await predictions.refine(input);
      return { refinementId, mask, score, ms };
    },
    'sam.prepare': async ({ imageIds }) => ({ queued: await predictions.prepare(imageIds) }),
  });
}
