// Domain types shared by the services, both API transports and the renderer.
// They describe what an annotator works with; nothing here knows about SQL, IPC or HTTP.

/** COCO compressed RLE: column-major run lengths, LEB128-like string as pycocotools writes it. */
export interface Rle {
  /** [height, width], COCO's order. */
  size: [number, number];
  counts: string;
}

export type AnnotationStatus = 'accepted' | 'rejected' | 'needs-review';

/** Where an annotation came from: a method's candidate, a person's drawing, or imported ground truth. */
export type Provenance = 'candidate' | 'manual' | 'ground-truth';

/** RefCOCO's splits and 'none', in the order the papers report them. */
export const SPLITS = ['train', 'val', 'test', 'testA', 'testB', 'none'] as const;
export type Split = (typeof SPLITS)[number];

export interface Dataset {
  id: number;
  name: string;
  /** Absolute folder that every image path of the dataset is relative to. */
  root: string;
  createdAt: string;
}

export interface DatasetSummary extends Dataset {
  images: number;
  expressions: number;
  annotations: number;
  accepted: number;
  needsReview: number;
  groundTruth: number;
}

export interface ImageRecord {
  id: number;
  datasetId: number;
  /** Path relative to the dataset root, with forward slashes. */
  path: string;
  /** Display size after EXIF orientation. */
  width: number;
  height: number;
  sha256: string;
  /** The image id in the file it was imported from (COCO image_id), if any. */
  sourceId: number | null;
}

export interface Category {
  id: number;
  datasetId: number;
  name: string;
  supercategory: string | null;
  /** The category id in the file it was imported from, if any. */
  sourceId: number | null;
}

export interface Expression {
  id: number;
  imageId: number;
  text: string;
  split: Split;
  /** The RefCOCO ref this sentence belongs to, if imported. */
  refId: number | null;
  /** RefCOCO sent_id, if imported. */
  sentId: number | null;
  /** The imported ground-truth annotation the expression refers to (RefCOCO ann_id), if any. */
  groundTruthId: number | null;
  createdAt: string;
}

export interface Annotation {
  id: number;
  imageId: number;
  categoryId: number | null;
  /** The expression this annotation answers (set when a candidate is accepted or a mask drawn for it). */
  expressionId: number | null;
  mask: Rle;
  area: number;
  bbox: [number, number, number, number];
  status: AnnotationStatus;
  provenance: Provenance;
  /** Set once a person changes a candidate's or imported mask. */
  edited: boolean;
  /** A COCO crowd region (iscrowd 1) from an imported file; everything RefLabel makes is a single object. */
  crowd: boolean;
  candidateId: number | null;
  version: number;
  /** The annotation id in the file it was imported from, if any. */
  sourceId: number | null;
  updatedAt: string;
}

export interface AnnotationVersion {
  annotationId: number;
  version: number;
  mask: Rle;
  categoryId: number | null;
  status: AnnotationStatus;
  edited: boolean;
  /** Who or what produced this version: 'import', 'user', 'method:copatch', … */
  author: string;
  createdAt: string;
}

/** A set of candidate masks for one image from one proposal generator and preset; computed once, reused. */
export interface ProposalSet {
  id: number;
  imageId: number;
  source: string;
  preset: string;
  model: string;
  createdAt: string;
}

export interface Candidate {
  id: number;
  expressionId: number;
  proposalSetId: number | null;
  method: string;
  params: Record<string, unknown>;
  rank: number;
  score: number;
  mask: Rle;
  /** Reference to a stored heat map (file name in the cache), if the method produced one. */
  heatmapRef: string | null;
  createdAt: string;
}

export type JobState = 'queued' | 'running' | 'paused' | 'done' | 'failed' | 'cancelled';

export interface JobProgress {
  /** Items finished successfully; failed items are counted apart, so done + failed of total are finished. */
  done: number;
  total: number;
  failed: number;
  /** Items per second over the recent window; null until measurable. */
  rate: number | null;
  /** Seconds to finish at the current rate; null until measurable. */
  etaSeconds: number | null;
}

export interface Job {
  id: number;
  kind: string;
  params: Record<string, unknown>;
  state: JobState;
  progress: JobProgress;
  error: string | null;
  /** What the finished job produced, e.g. an import's ImportReport; null until it is done. */
  result: Record<string, unknown> | null;
  createdAt: string;
  updatedAt: string;
}

export type ExportFormat = 'coco' | 'refcoco' | 'png';
export type SegmentationFormat = 'rle' | 'polygon';
export type ExportInclude = 'accepted' | 'gt' | 'all';

export interface ExportReport {
  format: ExportFormat;
  out: string;
  images: number;
  annotations: number;
  expressions: number;
  /** Things a user must know about the result, e.g. holes lost by a polygon export. */
  warnings: string[];
}

export interface ImportReport {
  datasetId: number;
  images: number;
  categories: number;
  annotations: number;
  expressions: number;
  warnings: string[];
}
