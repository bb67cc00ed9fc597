// Table rows as SQLite returns them, and their mapping to the domain types. The SELECT column lists live here next
// to the row shapes they must match.
import type {
  Annotation,
  AnnotationStatus,
  AnnotationVersion,
  Candidate,
  Category,
  Dataset,
  Expression,
  ImageRecord,
  Provenance,
  ProposalSet,
  Rle,
  Split,
} from '../../shared/domain';
import { runsArea, runsBbox, runsFromRle, type Runs } from '../masks';

/** The current time as the schema stores it (ISO 8601 UTC with milliseconds), evaluated by SQLite. */
export const NOW_SQL = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

export interface DatasetRow {
  id: number;
  name: string;
  root: string;
  created_at: string;
}
export const DATASET_COLUMNS = 'id, name, root, created_at';

export function toDataset(row: DatasetRow): Dataset {
  return { id: row.id, name: row.name, root: row.root, createdAt: row.created_at };
}

export interface ImageRow {
  id: number;
  dataset_id: number;
  path: string;
  width: number;
  height: number;
  sha256: string;
  source_id: number | null;
}
export const IMAGE_COLUMNS = 'id, dataset_id, path, width, height, sha256, source_id';

export function toImage(row: ImageRow): ImageRecord {
  return {
    id: row.id,
    datasetId: row.dataset_id,
    path: row.path,
    width: row.width,
    height: row.height,
    sha256: row.sha256,
    sourceId: row.source_id,
  };
}

export interface CategoryRow {
  id: number;
  dataset_id: number;
  name: string;
  supercategory: string | null;
  source_id: number | null;
}
export const CATEGORY_COLUMNS = 'id, dataset_id, name, supercategory, source_id';

export function toCategory(row: CategoryRow): Category {
  return {
    id: row.id,
    datasetId: row.dataset_id,
    name: row.name,
    supercategory: row.supercategory,
    sourceId: row.source_id,
  };
}

export interface ExpressionRow {
  id: number;
  image_id: number;
  text: string;
  split: Split;
  ref_id: number | null;
  sent_id: number | null;
  ground_truth_id: number | null;
  created_at: string;
}
export const EXPRESSION_COLUMNS = 'id, image_id, text, split, ref_id, sent_id, ground_truth_id, created_at';

export function toExpression(row: ExpressionRow): Expression {
  return {
    id: row.id,
    imageId: row.image_id,
    text: row.text,
    split: row.split,
    refId: row.ref_id,
    sentId: row.sent_id,
    groundTruthId: row.ground_truth_id,
    createdAt: row.created_at,
  };
}

/** The mask columns every mask-carrying table shares. */
export interface MaskColumns {
  mask: string;
  mask_h: number;
  mask_w: number;
}

export function toRle(row: MaskColumns): Rle {
  return { size: [row.mask_h, row.mask_w], counts: row.mask };
}

export interface AnnotationRow extends MaskColumns {
  id: number;
  image_id: number;
  category_id: number | null;
  expression_id: number | null;
  area: number;
  bbox_x: number;
  bbox_y: number;
  bbox_w: number;
  bbox_h: number;
  status: AnnotationStatus;
  provenance: Provenance;
  edited: number;
  candidate_id: number | null;
  version: number;
  source_id: number | null;
  iscrowd: number;
  updated_at: string;
}
export const ANNOTATION_COLUMNS =
  'id, image_id, category_id, expression_id, mask, mask_h, mask_w, area, bbox_x, bbox_y, bbox_w, bbox_h, ' +
  'status, provenance, edited, candidate_id, version, source_id, iscrowd, updated_at';

export function toAnnotation(row: AnnotationRow): Annotation {
  return {
    id: row.id,
    imageId: row.image_id,
    categoryId: row.category_id,
    expressionId: row.expression_id,
    mask: toRle(row),
    area: row.area,
    bbox: [row.bbox_x, row.bbox_y, row.bbox_w, row.bbox_h],
    status: row.status,
    provenance: row.provenance,
    edited: row.edited === 1,
    crowd: row.iscrowd === 1,
    candidateId: row.candidate_id,
    version: row.version,
    sourceId: row.source_id,
    updatedAt: row.updated_at,
  };
}

export interface AnnotationVersionRow extends MaskColumns {
  annotation_id: number;
  version: number;
  category_id: number | null;
  status: AnnotationStatus;
  edited: number;
  author: string;
  created_at: string;
}
export const ANNOTATION_VERSION_COLUMNS =
  'annotation_id, version, mask, mask_h, mask_w, category_id, status, edited, author, created_at';

export function toAnnotationVersion(row: AnnotationVersionRow): AnnotationVersion {
  return {
    annotationId: row.annotation_id,
    version: row.version,
    mask: toRle(row),
    categoryId: row.category_id,
    status: row.status,
    edited: row.edited === 1,
    author: row.author,
    createdAt: row.created_at,
  };
}

export interface ProposalSetRow {
  id: number;
  image_id: number;
  source: string;
  preset: string;
  model: string;
  created_at: string;
}
export const PROPOSAL_SET_COLUMNS = 'id, image_id, source, preset, model, created_at';

export function toProposalSet(row: ProposalSetRow): ProposalSet {
  return {
    id: row.id,
    imageId: row.image_id,
    source: row.source,
    preset: row.preset,
    model: row.model,
    createdAt: row.created_at,
  };
}

export interface CandidateRow extends MaskColumns {
  id: number;
  expression_id: number;
  proposal_set_id: number | null;
  method: string;
  params: string;
  rank: number;
  score: number;
  heatmap_ref: string | null;
  created_at: string;
}
export const CANDIDATE_COLUMNS =
  'id, expression_id, proposal_set_id, method, params, rank, score, mask, mask_h, mask_w, heatmap_ref, created_at';

export function toCandidate(row: CandidateRow): Candidate {
  let params: Record<string, unknown>;
  try {
    params = JSON.parse(row.params) as Record<string, unknown>;
  } catch (error) {
    throw new Error(
      `candidates table: candidate ${row.id} has params that are not JSON (${(error as Error).message})`,
      {
        cause: error,
      },
    );
  }
  return {
    id: row.id,
    expressionId: row.expression_id,
    proposalSetId: row.proposal_set_id,
    method: row.method,
    params,
    rank: row.rank,
    score: row.score,
    mask: toRle(row),
    heatmapRef: row.heatmap_ref,
    createdAt: row.created_at,
  };
}

/** The mask columns of an RLE plus its area and box, computed from the runs; the RLE is validated on the way. */
export interface MeasuredMask extends MaskColumns {
  area: number;
  bbox: [number, number, number, number];
}

export function measureMask(rle: Rle, record: string): MeasuredMask {
  if (typeof rle?.counts !== 'string') {
    throw new Error(
      `${record}: mask must be compressed COCO RLE (counts a string), got counts of type ${typeof rle?.counts}`,
    );
  }
  let runs: Runs;
  try {
    runs = runsFromRle(rle);
  } catch (error) {
    throw new Error(`${record}: invalid mask: ${(error as Error).message}`, { cause: error });
  }
  if (runs.height === 0 || runs.width === 0) {
    throw new Error(`${record}: mask size ${runs.height}x${runs.width} has no pixels`);
  }
  return { mask: rle.counts, mask_h: runs.height, mask_w: runs.width, area: runsArea(runs), bbox: runsBbox(runs) };
}

/** A column list with every column prefixed by a table alias, for queries that join. */
export function qualified(columns: string, alias: string): string {
  return columns
    .split(', ')
    .map((column) => `${alias}.${column}`)
    .join(', ');
}

/**
 * Bulk inserts send their rows as one JSON array per statement (INSERT … SELECT … FROM json_each(?) ORDER BY key):
 * the statement stays constant, so it is prepared once, and a thousand rows cost one round trip to SQLite's worker
 * thread instead of a thousand.
 */
export const BULK_CHUNK = 1000;

export function chunks<T>(rows: readonly T[], size = BULK_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/**
 * The ids of the rows one INSERT … SELECT added. Inside a write transaction nobody else inserts, and AUTOINCREMENT
 * gives each row the next id in the order the SELECT produced them, so they are the `changes` ids ending at lastId.
 */
export function insertedIds(result: { lastId: number; changes: number }, expected: number, table: string): number[] {
  if (result.changes !== expected) {
    throw new Error(`${table}: inserted ${result.changes} rows where ${expected} were sent`);
  }
  const first = result.lastId - result.changes + 1;
  return Array.from({ length: result.changes }, (_, i) => first + i);
}
