// Runtime schemas of the domain types, used to validate what crosses the API boundary.
// Each schema is checked against its type in src/shared/domain.ts at compile time (see the assertions at the end).
import { z } from 'zod';
import * as D from './domain';

const id = z.number().int().positive();
const isoTime = z.string();

export const rleSchema = z.object({
  size: z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]),
  counts: z.string(),
});

export const annotationStatusSchema = z.enum(['accepted', 'rejected', 'needs-review']);
export const provenanceSchema = z.enum(['candidate', 'manual', 'ground-truth']);
export const splitSchema = z.enum(D.SPLITS);

export const datasetSchema = z.object({ id, name: z.string(), root: z.string(), createdAt: isoTime });

export const datasetSummarySchema = datasetSchema.extend({
  images: z.number().int(),
  expressions: z.number().int(),
  annotations: z.number().int(),
  accepted: z.number().int(),
  needsReview: z.number().int(),
  groundTruth: z.number().int(),
});

export const imageSchema = z.object({
  id,
  datasetId: id,
  path: z.string(),
  width: z.number().int(),
  height: z.number().int(),
  sha256: z.string(),
  sourceId: z.number().int().nullable(),
});

export const categorySchema = z.object({
  id,
  datasetId: id,
  name: z.string(),
  supercategory: z.string().nullable(),
  sourceId: z.number().int().nullable(),
});

export const expressionSchema = z.object({
  id,
  imageId: id,
  text: z.string(),
  split: splitSchema,
  refId: z.number().int().nullable(),
  sentId: z.number().int().nullable(),
  groundTruthId: id.nullable(),
  createdAt: isoTime,
});

export const bboxSchema = z.tuple([z.number(), z.number(), z.number(), z.number()]);

export const annotationSchema = z.object({
  id,
  imageId: id,
  categoryId: id.nullable(),
  expressionId: id.nullable(),
  mask: rleSchema,
  area: z.number().int(),
  bbox: bboxSchema,
  status: annotationStatusSchema,
  provenance: provenanceSchema,
  edited: z.boolean(),
  crowd: z.boolean(),
  candidateId: id.nullable(),
  version: z.number().int(),
  sourceId: z.number().int().nullable(),
  updatedAt: isoTime,
});

export const annotationVersionSchema = z.object({
  annotationId: id,
  version: z.number().int(),
  mask: rleSchema,
  categoryId: id.nullable(),
  status: annotationStatusSchema,
  edited: z.boolean(),
  author: z.string(),
  createdAt: isoTime,
});

export const candidateSchema = z.object({
  id,
  expressionId: id,
  proposalSetId: id.nullable(),
  method: z.string(),
  params: z.record(z.string(), z.unknown()),
  rank: z.number().int(),
  score: z.number(),
  mask: rleSchema,
  heatmapRef: z.string().nullable(),
  createdAt: isoTime,
});

export const jobStateSchema = z.enum(['queued', 'running', 'paused', 'done', 'failed', 'cancelled']);

export const jobSchema = z.object({
  id,
  kind: z.string(),
  params: z.record(z.string(), z.unknown()),
  state: jobStateSchema,
  progress: z.object({
    done: z.number().int(),
    total: z.number().int(),
    failed: z.number().int(),
    rate: z.number().nullable(),
    etaSeconds: z.number().nullable(),
  }),
  error: z.string().nullable(),
  result: z.record(z.string(), z.unknown()).nullable(),
  createdAt: isoTime,
  updatedAt: isoTime,
});

export const exportFormatSchema = z.enum(['coco', 'refcoco', 'png']);
export const segmentationFormatSchema = z.enum(['rle', 'polygon']);
export const exportIncludeSchema = z.enum(['accepted', 'gt', 'all']);

export const exportReportSchema = z.object({
  format: exportFormatSchema,
  out: z.string(),
  images: z.number().int(),
  annotations: z.number().int(),
  expressions: z.number().int(),
  warnings: z.array(z.string()),
});

export const importReportSchema = z.object({
  datasetId: id,
  images: z.number().int(),
  categories: z.number().int(),
  annotations: z.number().int(),
  expressions: z.number().int(),
  warnings: z.array(z.string()),
});

// Compile-time proof that every schema describes exactly its domain type.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
type Check<T extends true> = T;
export type SchemaMatchesDomain = [
  Check<Same<z.infer<typeof rleSchema>, D.Rle>>,
  Check<Same<z.infer<typeof datasetSummarySchema>, D.DatasetSummary>>,
  Check<Same<z.infer<typeof imageSchema>, D.ImageRecord>>,
  Check<Same<z.infer<typeof categorySchema>, D.Category>>,
  Check<Same<z.infer<typeof expressionSchema>, D.Expression>>,
  Check<Same<z.infer<typeof annotationSchema>, D.Annotation>>,
  Check<Same<z.infer<typeof annotationVersionSchema>, D.AnnotationVersion>>,
  Check<Same<z.infer<typeof candidateSchema>, D.Candidate>>,
  Check<Same<z.infer<typeof jobSchema>, D.Job>>,
  Check<Same<z.infer<typeof exportReportSchema>, D.ExportReport>>,
  Check<Same<z.infer<typeof importReportSchema>, D.ImportReport>>,
];
