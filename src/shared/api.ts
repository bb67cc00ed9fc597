// RefLabel's API, declared once. The Electron IPC binding, the browser-mode HTTP server, the preload and the
// renderer client all derive from this object; the services in src/main implement `ApiHandlers<typeof api>`.
import { z } from 'zod';
import { defineApi, op } from './contract';
import {
  annotationSchema,
  annotationStatusSchema,
  annotationVersionSchema,
  candidateSchema,
  categorySchema,
  datasetSummarySchema,
  exportFormatSchema,
  exportIncludeSchema,
  exportReportSchema,
  expressionSchema,
  imageSchema,
  jobSchema,
  provenanceSchema,
  rleSchema,
  segmentationFormatSchema,
  splitSchema,
} from './schemas';

const id = z.number().int().positive();
const nothing = z.null();

export const imageFilterSchema = z.enum(['all', 'unlabelled', 'needs-review', 'accepted', 'has-ground-truth']);

/** An image with what the grid's badges need. */
export const imageListItemSchema = imageSchema.extend({
  expressions: z.number().int(),
  accepted: z.number().int(),
  needsReview: z.number().int(),
  groundTruth: z.number().int(),
});

export const undoStateSchema = z.object({ undoTo: z.number().int().nullable(), redoTo: z.number().int().nullable() });
export const undoResultSchema = z.object({ annotation: annotationSchema, undo: undoStateSchema });

export const methodAcceptanceSchema = z.object({
  method: z.string(),
  expressions: z.number().int(),
  acceptedUnedited: z.number().int(),
  acceptedEdited: z.number().int(),
  rejected: z.number().int(),
  pending: z.number().int(),
});

/** What the expression bar shows of a parse (METHODS.md §0.3); token indexes point into `tokens`. */
export const directionSchema = z.enum(['left', 'right', 'up', 'down', 'middle', 'front', 'back']);
export const expressionParseViewSchema = z.object({
  text: z.string(),
  /** Character offsets into `text`, end exclusive. */
  tokens: z.array(z.object({ text: z.string(), start: z.number().int(), end: z.number().int() })),
  primaryNoun: z.string().nullable(),
  primaryNounIndex: z.number().int().nullable(),
  rootNounPhrase: z.string(),
  contextTokens: z.array(z.string()),
  contextTokenIndices: z.array(z.number().int()),
  /** Direction categories present, each once. */
  directions: z.array(directionSchema),
  /** Every word that names a direction, in text order. */
  directionWords: z.array(z.object({ word: z.string(), direction: directionSchema, tokenIndex: z.number().int() })),
});

export const pathKindSchema = z.enum(['folder', 'file']);

export const executionProviderSchema = z.enum(['cpu', 'cuda']);

export const heatmapKindSchema = z.enum(['comap', 'gradcam', 'attention', 'gem']);
/** The largest heat map grid side; the UI upsamples the grid to the image bilinearly. */
export const HEATMAP_MAX_SIDE = 256;

/** The methods the prediction service runs (METHODS.md §1, §2, §4, §7). */
export const PREDICTION_METHODS = ['copatch', 'hybridgl', 'glclip', 'samclip'] as const;
export const predictionMethodSchema = z.enum(PREDICTION_METHODS);
/** SAM automatic-mask-generation presets (METHODS.md §0.2); HybridGL's RefCOCO one is the default. */
export const PROPOSAL_PRESETS = ['hybridgl-refcoco', 'sam-default', 'hybridgl-phrasecut'] as const;
export const proposalPresetSchema = z.enum(PROPOSAL_PRESETS);

const parameterValueSchema = z.union([z.number(), z.string(), z.boolean(), z.null()]);
const overridesSchema = z.record(z.string(), parameterValueSchema);
/** Overrides of a method's (or AMG's) paper parameters by name; an unknown name is an error. */
export const predictionParamsSchema = z
  .object({
    copatch: overridesSchema,
    hybridgl: overridesSchema,
    glclip: overridesSchema,
    samclip: overridesSchema,
    amg: overridesSchema,
  })
  .partial()
  .strict();

export const predictionProgressSchema = z.object({
  imageId: z.number().int().positive(),
  expressionId: z.number().int().positive(),
  /** 'proposals' when SAM starts on the image, 'method' as each method's candidates are stored, then 'done' or
   * 'failed' (with `message`). */
  phase: z.enum(['proposals', 'method', 'done', 'failed']),
  method: z.string().nullable(),
  /** The candidates a finished method stored. */
  candidates: z.number().int().nullable(),
  ms: z.number().nullable(),
  message: z.string().nullable(),
});

export const samPointSchema = z.object({
  /** Image pixels, the origin at the top-left corner of the top-left pixel. */
  x: z.number().finite(),
  y: z.number().finite(),
  /** true: part of the object; false: not part of it. */
  positive: z.boolean(),
});
const heatmapSide = z.number().int().min(1).max(HEATMAP_MAX_SIDE);
export const heatmapSchema = z.object({
  id,
  expressionId: id,
  method: z.string(),
  kind: heatmapKindSchema,
  width: heatmapSide,
  height: heatmapSide,
  /** Row-major, width × height values in [0, 1] (stored as float32). */
  values: z.array(z.number()),
});

export const api = defineApi(
  {
    'app.info': op({
      input: z.void(),
      output: z.object({ version: z.string(), databaseFile: z.string() }),
    }),

    'datasets.list': op({ input: z.void(), output: z.array(datasetSummarySchema) }),
    'datasets.get': op({ input: z.object({ datasetId: id }), output: datasetSummarySchema }),
    /**
     * Starts importing a folder of images, a COCO instances JSON or a RefCOCO folder (detected from the path) as a
     * job; its progress arrives as 'job.progress' events and, once done, `job.result` is the ImportReport.
     */
    'datasets.import': op({
      input: z.object({
        path: z.string().min(1),
        name: z.string().min(1).max(200).optional(),
        imagesDir: z.string().min(1).optional(),
        refsFile: z.string().min(1).optional(),
      }),
      output: jobSchema,
    }),
    'datasets.delete': op({ input: z.object({ datasetId: id }), output: nothing }),
    /**
     * Starts a pre-labeling job: the chosen methods over every expression of the dataset (or those the filter
     * keeps) with the installed models. Progress arrives as 'job.progress'; it can be paused, cancelled and resumed,
     * and it never writes an annotation, so accepted or edited work stays as it is.
     */
    'datasets.prelabel': op({
      input: z.object({
        datasetId: id,
        methods: z.array(predictionMethodSchema).min(1),
        preset: proposalPresetSchema.default('hybridgl-refcoco'),
        filter: z
          .object({ split: splitSchema.optional(), onlyWithoutCandidates: z.boolean().optional() })
          .strict()
          .optional(),
        params: predictionParamsSchema.optional(),
      }),
      output: jobSchema,
    }),

    'images.list': op({
      input: z.object({
        datasetId: id,
        filter: imageFilterSchema.default('all'),
        offset: z.number().int().nonnegative().default(0),
        limit: z.number().int().positive().max(1000).default(200),
      }),
      output: z.object({ total: z.number().int(), items: z.array(imageListItemSchema) }),
    }),
    'images.get': op({ input: z.object({ imageId: id }), output: imageSchema }),

    'categories.list': op({ input: z.object({ datasetId: id }), output: z.array(categorySchema) }),
    'categories.create': op({
      input: z.object({ datasetId: id, name: z.string().trim().min(1).max(200), supercategory: z.string().optional() }),
      output: categorySchema,
    }),

    'expressions.list': op({ input: z.object({ imageId: id }), output: z.array(expressionSchema) }),
    'expressions.create': op({
      input: z.object({ imageId: id, text: z.string().trim().min(1).max(500), split: splitSchema.default('none') }),
      output: expressionSchema,
    }),

    'candidates.list': op({ input: z.object({ expressionId: id }), output: z.array(candidateSchema) }),
    /** Stores one method's ranked candidates for an expression, replacing that method's previous ones. */
    'candidates.save': op({
      input: z.object({
        expressionId: id,
        method: z.string().min(1).max(100),
        params: z.record(z.string(), z.unknown()).default({}),
        proposalSetId: id.optional(),
        candidates: z
          .array(z.object({ mask: rleSchema, score: z.number(), proposalIdx: z.number().int().optional() }))
          .max(1000),
      }),
      output: z.array(candidateSchema),
    }),

    'annotations.list': op({ input: z.object({ imageId: id }), output: z.array(annotationSchema) }),
    /** Creates (no id) or updates an annotation; every save is a new version in its history. */
    'annotations.save': op({
      input: z.object({
        id: id.optional(),
        imageId: id,
        mask: rleSchema,
        categoryId: id.nullable().default(null),
        expressionId: id.nullable().default(null),
        status: annotationStatusSchema.default('accepted'),
        provenance: provenanceSchema.exclude(['ground-truth']).default('manual'),
        candidateId: id.optional(),
      }),
      output: annotationSchema,
    }),
    'annotations.setStatus': op({
      input: z.object({ annotationId: id, status: annotationStatusSchema }),
      output: annotationSchema,
    }),
    'annotations.history': op({ input: z.object({ annotationId: id }), output: z.array(annotationVersionSchema) }),
    /** Makes an earlier version current again by writing it as a new version: history is never rewritten. */
    'annotations.revert': op({
      input: z.object({ annotationId: id, version: z.number().int().positive() }),
      output: annotationSchema,
    }),
    'annotations.delete': op({ input: z.object({ annotationId: id }), output: nothing }),

    'export.run': op({
      input: z.object({
        datasetId: id,
        format: exportFormatSchema,
        out: z.string().min(1),
        segmentation: segmentationFormatSchema.default('rle'),
        include: exportIncludeSchema.default('accepted'),
      }),
      output: exportReportSchema,
    }),

    'jobs.list': op({ input: z.void(), output: z.array(jobSchema) }),
    'jobs.get': op({ input: z.object({ jobId: id }), output: jobSchema }),

    /** Which models are installed and which methods can run; nothing here names a path on the server. */
    'models.status': op({
      input: z.void(),
      output: z.object({
        models: z.array(
          z.object({
            id: z.string(),
            title: z.string(),
            family: z.string(),
            state: z.enum(['installed', 'partial', 'missing']),
          }),
        ),
        methods: z.array(
          z.object({ id: z.string(), title: z.string(), ready: z.boolean(), missing: z.array(z.array(z.string())) }),
        ),
      }),
    }),
    'jobs.cancel': op({ input: z.object({ jobId: id }), output: jobSchema }),
    'jobs.pause': op({ input: z.object({ jobId: id }), output: jobSchema }),
    'jobs.resume': op({ input: z.object({ jobId: id }), output: jobSchema }),

    /** Where an annotation stands in its undo timeline (rebuilt from its version history). */
    'annotations.undoState': op({ input: z.object({ annotationId: id }), output: undoStateSchema }),
    /** Restores the state before the last change, written as a new version marked as an undo. */
    'annotations.undo': op({ input: z.object({ annotationId: id }), output: undoResultSchema }),
    /** Restores the state the last undo left, written as a new version marked as a redo. */
    'annotations.redo': op({ input: z.object({ annotationId: id }), output: undoResultSchema }),
    /** Per method: how often its top-1 mask was accepted unedited, accepted after an edit, or rejected. */
    'review.stats': op({ input: z.object({ datasetId: id }), output: z.array(methodAcceptanceSchema) }),

    /** The parse the expression bar shows: primary noun, context tokens and direction words. */
    'expressions.parse': op({
      input: z.object({ text: z.string().max(500) }),
      output: expressionParseViewSchema,
    }),
    /** What this front offers beyond the API: a native file dialog exists in Electron only. */
    'app.capabilities': op({ input: z.void(), output: z.object({ nativeDialogs: z.boolean() }) }),
    /** Asks the user for a path with the native dialog; null when they cancel. Refused in browser mode. */
    'app.choosePath': op({
      input: z.object({ kind: pathKindSchema, title: z.string().min(1).max(200) }),
      output: z.object({ path: z.string().nullable() }),
    }),
    /**
     * onnxruntime's backends and the provider a session actually runs on here (CUDA is tried, then the CPU), with
     * the reason CUDA could not be used; probed once per process.
     */
    'runtime.info': op({
      input: z.void(),
      output: z.object({
        providers: z.array(z.object({ name: z.string(), bundled: z.boolean() })),
        provider: executionProviderSchema,
        cudaAvailable: z.boolean(),
        fallback: z.string().nullable(),
      }),
    }),
    /** Stores one method's heat map of one kind for an expression, replacing the previous one. */
    'heatmaps.save': op({
      input: z
        .object({
          expressionId: id,
          method: z.string().min(1).max(100),
          kind: heatmapKindSchema,
          width: heatmapSide,
          height: heatmapSide,
          values: z.array(z.number().min(0).max(1)).max(HEATMAP_MAX_SIDE * HEATMAP_MAX_SIDE),
        })
        .refine((h) => h.values.length === h.width * h.height, {
          message: 'values must hold width × height numbers',
          path: ['values'],
        }),
      output: heatmapSchema,
    }),
    'heatmaps.list': op({ input: z.object({ expressionId: id }), output: z.array(heatmapSchema) }),

    /**
     * Runs the chosen methods for an expression on an image: SAM proposals once per (image, preset, SAM weights),
     * stored and reused, then each method over them, its ranked candidates stored as it finishes and announced by a
     * 'predictions.progress' event. Resolves when every method is done. Uses the installed CLIP and SAM models.
     */
    'predictions.run': op({
      input: z
        .object({
          imageId: id,
          /** The expression to predict for; or `text`, which finds (or adds) the image's expression with it. */
          expressionId: id.optional(),
          text: z.string().trim().min(1).max(500).optional(),
          methods: z.array(predictionMethodSchema).min(1),
          preset: proposalPresetSchema.default('hybridgl-refcoco'),
          params: predictionParamsSchema.optional(),
        })
        .refine((v) => v.expressionId !== undefined || v.text !== undefined, 'give expressionId or text'),
      output: z.object({
        expressionId: id,
        proposalSetId: id,
        proposals: z.number().int(),
        proposalsComputed: z.boolean(),
        proposalMs: z.number(),
        methods: z.array(
          z.object({
            method: z.string(),
            candidates: z.number().int(),
            topScore: z.number().nullable(),
            ms: z.number(),
          }),
        ),
      }),
    }),
    /** Every method's and AMG preset's paper parameters, and the CLIP and SAM models predictions would use. */
    'predictions.presets': op({
      input: nothing,
      output: z.object({
        methods: z.record(z.string(), z.record(z.string(), z.record(z.string(), z.unknown()))),
        proposals: z.record(z.string(), z.record(z.string(), z.unknown())),
        /** The preset each method runs with, by method; CoPatch's follows the CLIP backbone. */
        active: z.record(z.string(), z.string()),
        models: z.object({ clip: z.string().nullable(), sam: z.string().nullable() }),
      }),
    }),
    /** The image's stored proposal sets with their masks. */
    'proposals.list': op({
      input: z.object({ imageId: id }),
      output: z.array(
        z.object({
          proposalSetId: id,
          preset: z.string(),
          model: z.string(),
          createdAt: z.string(),
          proposals: z.array(z.object({ idx: z.number().int(), mask: rleSchema, score: z.number() })),
        }),
      ),
    }),
    /**
     * SAM click-to-refine on an image: positive/negative points and an optional box (image pixels); `previous`
     * names an earlier refinement whose low-res logits are fed back as mask_input. Returns the best mask at image
     * resolution; the caller saves it (annotations.save), so it joins the annotation's history.
     */
    'sam.refine': op({
      input: z
        .object({
          imageId: id,
          points: z.array(samPointSchema).max(64).default([]),
          box: z.object({ x0: z.number(), y0: z.number(), x1: z.number(), y1: z.number() }).optional(),
          previous: z.string().min(1).max(100).optional(),
        })
        .refine((v) => v.points.length > 0 || v.box !== undefined, 'give at least one point or a box'),
      output: z.object({ refinementId: z.string(), mask: rleSchema, score: z.number(), ms: z.number() }),
    }),
    /**
     * Queues SAM image embeddings for these images in the background (the next images the annotator will open);
     * a foreground request always goes first. Best effort: returns how many were queued (none without models).
     */
    'sam.prepare': op({
      input: z.object({ imageIds: z.array(id).max(32) }),
      output: z.object({ queued: z.number().int() }),
    }),
    /**
     * Scores the methods' stored candidates against the imported ground truth (METHODS.md §7): one row per method ×
     * split (plus 'all' when there are several) × all/direction/other × top1/top3; fractions in 0..1.
     */
    'eval.run': op({
      input: z.object({ datasetId: id, methods: z.array(z.string().min(1)).min(1).optional() }),
      output: z.object({
        thresholds: z.array(z.number()),
        methods: z.array(z.string()),
        splits: z.array(z.string()),
        rows: z.array(
          z.object({
            method: z.string(),
            split: z.string(),
            subset: z.enum(['all', 'direction', 'other']),
            selection: z.enum(['top1', 'top3']),
            count: z.number().int(),
            mIoU: z.number(),
            oIoU: z.number(),
            precision: z.array(z.number()),
          }),
        ),
      }),
    }),
    /** Writes the evaluation as CSV or a self-contained HTML report (atomically); returns the absolute path. */
    'eval.report': op({
      input: z.object({
        datasetId: id,
        format: z.enum(['csv', 'html']),
        out: z.string().min(1),
        methods: z.array(z.string().min(1)).min(1).optional(),
      }),
      output: z.object({ path: z.string() }),
    }),
  },
  {
    events: {
      'job.progress': jobSchema,
      'predictions.progress': predictionProgressSchema,
    },
  },
);

export type RefLabelApi = typeof api;
