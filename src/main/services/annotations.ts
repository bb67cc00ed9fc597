// Annotations and their history. Every save writes the annotation and a new row of annotation_versions in one
// transaction, so the history is complete and undo/redo survives restarts: reverting writes the old state again as a
// new version rather than deleting the ones after it.
import type { Annotation, AnnotationStatus, AnnotationVersion, Provenance, Rle } from '../../shared/domain';
import { ConflictError, NotFoundError } from '../store/errors';
import type { SqlWriter, Store } from '../store/types';
import {
  ANNOTATION_COLUMNS,
  ANNOTATION_VERSION_COLUMNS,
  NOW_SQL,
  measureMask,
  toAnnotation,
  toAnnotationVersion,
  toRle,
  type AnnotationRow,
  type AnnotationVersionRow,
  type MeasuredMask,
  chunks,
  insertedIds,
} from './rows';

const STATUSES: ReadonlySet<string> = new Set<AnnotationStatus>(['accepted', 'rejected', 'needs-review']);
const PROVENANCES: ReadonlySet<string> = new Set<Provenance>(['candidate', 'manual', 'ground-truth']);

export interface SaveAnnotationInput {
  /** Absent to create an annotation, present to update it. */
  id?: number;
  imageId: number;
  mask: Rle;
  categoryId: number | null;
  expressionId: number | null;
  status: AnnotationStatus;
  /** Fixed when the annotation is created; an update must repeat it. */
  provenance: Provenance;
  /** Absent on an update keeps the stored one. */
  candidateId?: number | null;
  /** Who or what writes this version: 'user', 'import', 'method:copatch', … */
  author: string;
}

/** A new annotation for a bulk insert inside a caller's transaction (an import). */
export interface NewAnnotation {
  imageId: number;
  mask: Rle;
  categoryId?: number | null;
  expressionId?: number | null;
  status: AnnotationStatus;
  provenance: Provenance;
  candidateId?: number | null;
  /** The annotation id in the file it was imported from. */
  sourceId?: number | null;
  /** COCO iscrowd = 1 in the file it was imported from. */
  crowd?: boolean;
  author: string;
}

/** Machines write as 'import' or 'method:<name>'; every other author is a person. */
export function isAutomaticAuthor(author: string): boolean {
  return author === 'import' || author.startsWith('method:');
}

function checkFields(record: string, fields: { status: string; provenance?: string; author: string }): void {
  if (!STATUSES.has(fields.status)) throw new Error(`${record}: unknown status '${fields.status}'`);
  if (fields.provenance !== undefined && !PROVENANCES.has(fields.provenance)) {
    throw new Error(`${record}: unknown provenance '${fields.provenance}'`);
  }
  if (typeof fields.author !== 'string' || fields.author.trim() === '')
    throw new Error(`${record}: the author is empty`);
}

/** What an annotation points at, as far as the checks need it; every column is null when its target is absent. */
interface LinksRow {
  width: number | null;
  height: number | null;
  dataset_id: number | null;
  category_dataset: number | null;
  expression_image: number | null;
  candidate_image: number | null;
  candidate_mask: string | null;
  candidate_h: number | null;
  candidate_w: number | null;
}

const LINK_COLUMNS = `i.width, i.height, i.dataset_id, c.dataset_id AS category_dataset, x.image_id AS expression_image,
  cx.image_id AS candidate_image, cd.mask AS candidate_mask, cd.mask_h AS candidate_h, cd.mask_w AS candidate_w`;

const LINK_JOINS = (image: string, category: string, expression: string, candidate: string) => `
  LEFT JOIN images i ON i.id = ${image}
  LEFT JOIN categories c ON c.id = ${category}
  LEFT JOIN expressions x ON x.id = ${expression}
  LEFT JOIN candidates cd ON cd.id = ${candidate}
  LEFT JOIN expressions cx ON cx.id = cd.expression_id`;

const LINKS_ONE = `SELECT ${LINK_COLUMNS} FROM (SELECT 1) ${LINK_JOINS('?1', '?2', '?3', '?4')}`;

/** One row per element of a JSON array of [imageId, categoryId, expressionId, candidateId], in array order. */
const LINKS_MANY = `SELECT ${LINK_COLUMNS} FROM json_each(?) j
  ${LINK_JOINS('j.value ->> 0', 'j.value ->> 1', 'j.value ->> 2', 'j.value ->> 3')}
  ORDER BY j.key`;

interface Links {
  imageId: number;
  categoryId: number | null;
  expressionId: number | null;
  candidateId: number | null;
}

/**
 * Checks that the mask fits the image and that the category, expression and candidate belong with it (foreign keys
 * only prove they exist). Returns the candidate's mask, if any, to tell whether a person edited it.
 */
function checkLinks(record: string, mask: MeasuredMask, want: Links, found: LinksRow): Rle | null {
  const { imageId, categoryId, expressionId, candidateId } = want;
  if (found.dataset_id === null) throw new NotFoundError(`${record}: image ${imageId} not found`);
  if (mask.mask_h !== found.height || mask.mask_w !== found.width) {
    throw new Error(
      `${record}: mask is ${mask.mask_h}x${mask.mask_w} (height x width) but image ${imageId} is ${found.height}x${found.width}`,
    );
  }
  if (categoryId !== null) {
    if (found.category_dataset === null) throw new NotFoundError(`${record}: category ${categoryId} not found`);
    if (found.category_dataset !== found.dataset_id) {
      throw new Error(
        `${record}: category ${categoryId} belongs to dataset ${found.category_dataset}, not ${found.dataset_id}`,
      );
    }
  }
  if (expressionId !== null) {
    if (found.expression_image === null) throw new NotFoundError(`${record}: expression ${expressionId} not found`);
    if (found.expression_image !== imageId) {
      throw new Error(`${record}: expression ${expressionId} is about image ${found.expression_image}, not ${imageId}`);
    }
  }
  if (candidateId === null) return null;
  if (found.candidate_image === null) throw new NotFoundError(`${record}: candidate ${candidateId} not found`);
  if (found.candidate_image !== imageId) {
    throw new Error(`${record}: candidate ${candidateId} is for image ${found.candidate_image}, not ${imageId}`);
  }
  return { size: [found.candidate_h as number, found.candidate_w as number], counts: found.candidate_mask as string };
}

async function checkLinksOne(tx: SqlWriter, record: string, mask: MeasuredMask, want: Links): Promise<Rle | null> {
  const found = await tx.get<LinksRow>(LINKS_ONE, [want.imageId, want.categoryId, want.expressionId, want.candidateId]);
  return checkLinks(record, mask, want, found as LinksRow);
}

/** The stored mask of an annotation with its stored area and box (already measured when it was saved). */
function storedMask(row: AnnotationRow): MeasuredMask {
  return {
    mask: row.mask,
    mask_h: row.mask_h,
    mask_w: row.mask_w,
    area: row.area,
    bbox: [row.bbox_x, row.bbox_y, row.bbox_w, row.bbox_h],
  };
}

function sameMask(a: Rle, b: Rle): boolean {
  return a.counts === b.counts && a.size[0] === b.size[0] && a.size[1] === b.size[1];
}

async function appendVersion(tx: SqlWriter, row: AnnotationRow, author: string): Promise<void> {
  await tx.run(
    `INSERT INTO annotation_versions (annotation_id, version, mask, mask_h, mask_w, category_id, status, edited, author)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [row.id, row.version, row.mask, row.mask_h, row.mask_w, row.category_id, row.status, row.edited, author],
  );
}

interface Fields {
  categoryId: number | null;
  expressionId: number | null;
  mask: MeasuredMask;
  status: AnnotationStatus;
  edited: boolean;
  candidateId: number | null;
}

async function insertVersionOne(
  tx: SqlWriter,
  imageId: number,
  fields: Fields,
  provenance: Provenance,
  sourceId: number | null,
  author: string,
): Promise<AnnotationRow> {
  const { mask: m } = fields;
  const row = (await tx.get<AnnotationRow>(
    `INSERT INTO annotations (image_id, category_id, expression_id, mask, mask_h, mask_w, area,
       bbox_x, bbox_y, bbox_w, bbox_h, status, provenance, edited, candidate_id, version, source_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)
     RETURNING ${ANNOTATION_COLUMNS}`,
    [
      imageId,
      fields.categoryId,
      fields.expressionId,
      m.mask,
      m.mask_h,
      m.mask_w,
      m.area,
      ...m.bbox,
      fields.status,
      provenance,
      fields.edited ? 1 : 0,
      fields.candidateId,
      sourceId,
    ],
  )) as AnnotationRow;
  await appendVersion(tx, row, author);
  return row;
}

/** Writes the next version of an existing annotation and records it in the history. */
async function updateToNextVersion(tx: SqlWriter, id: number, fields: Fields, author: string): Promise<AnnotationRow> {
  const { mask: m } = fields;
  const row = (await tx.get<AnnotationRow>(
    `UPDATE annotations SET category_id = ?, expression_id = ?, mask = ?, mask_h = ?, mask_w = ?, area = ?,
       bbox_x = ?, bbox_y = ?, bbox_w = ?, bbox_h = ?, status = ?, edited = ?, candidate_id = ?,
       version = version + 1, updated_at = ${NOW_SQL}
     WHERE id = ?
     RETURNING ${ANNOTATION_COLUMNS}`,
    [
      fields.categoryId,
      fields.expressionId,
      m.mask,
      m.mask_h,
      m.mask_w,
      m.area,
      ...m.bbox,
      fields.status,
      fields.edited ? 1 : 0,
      fields.candidateId,
      id,
    ],
  )) as AnnotationRow;
  await appendVersion(tx, row, author);
  return row;
}

async function currentRow(tx: SqlWriter, id: number): Promise<AnnotationRow> {
  const row = await tx.get<AnnotationRow>(`SELECT ${ANNOTATION_COLUMNS} FROM annotations WHERE id = ?`, [id]);
  if (!row) throw new NotFoundError(`annotation ${id} not found`);
  return row;
}

/**
 * A machine may replace only what machines made and nobody has touched: an untouched candidate that is not
 * accepted and whose last version a machine wrote. Anything else is a person's work (accepted, edited, rejected by
 * hand, drawn, or ground truth) and auto-labelling must never overwrite it.
 */
async function guardHumanWork(tx: SqlWriter, current: AnnotationRow, author: string): Promise<void> {
  if (!isAutomaticAuthor(author)) return;
  const refuse = (why: string): never => {
    throw new ConflictError(`annotation ${current.id}: ${author} may not overwrite it because ${why}`);
  };
  if (current.provenance !== 'candidate')
    refuse(`it is ${current.provenance === 'manual' ? 'drawn by hand' : 'ground truth'}`);
  if (current.edited === 1) refuse('a person edited it');
  if (current.status === 'accepted') refuse('it is accepted');
  const last = await tx.get<{ author: string }>(
    'SELECT author FROM annotation_versions WHERE annotation_id = ? ORDER BY version DESC LIMIT 1',
    [current.id],
  );
  if (last && !isAutomaticAuthor(last.author)) refuse(`its last change was by ${last.author}`);
}

/** Creates (no id) or updates an annotation; either way a new version is recorded. */
export async function saveAnnotation(store: Store, input: SaveAnnotationInput): Promise<Annotation> {
  const record = input.id === undefined ? `new annotation of image ${input.imageId}` : `annotation ${input.id}`;
  checkFields(record, input);
  const mask = measureMask(input.mask, record);
  return store.write(async (tx) => {
    if (input.id === undefined) {
      const candidateId = input.candidateId ?? null;
      const candidateMask = await checkLinksOne(tx, record, mask, { ...input, candidateId });
      const edited = candidateMask !== null && !isAutomaticAuthor(input.author) && !sameMask(candidateMask, input.mask);
      const fields = { ...input, mask, edited, candidateId };
      return toAnnotation(await insertVersionOne(tx, input.imageId, fields, input.provenance, null, input.author));
    }
    const current = await currentRow(tx, input.id);
    if (current.image_id !== input.imageId) {
      throw new Error(`${record}: belongs to image ${current.image_id}, not image ${input.imageId}`);
    }
    await guardHumanWork(tx, current, input.author);
    if (current.provenance !== input.provenance) {
      throw new Error(`${record}: provenance is '${current.provenance}' and cannot become '${input.provenance}'`);
    }
    const candidateId = input.candidateId === undefined ? current.candidate_id : input.candidateId;
    await checkLinksOne(tx, record, mask, { ...input, candidateId });
    const personChangedMask =
      !isAutomaticAuthor(input.author) && current.provenance !== 'manual' && !sameMask(toRle(current), input.mask);
    const fields = { ...input, mask, edited: current.edited === 1 || personChangedMask, candidateId };
    return toAnnotation(await updateToNextVersion(tx, input.id, fields, input.author));
  });
}

const INSERT_ANNOTATIONS = `
INSERT INTO annotations (image_id, category_id, expression_id, mask, mask_h, mask_w, area,
  bbox_x, bbox_y, bbox_w, bbox_h, status, provenance, edited, candidate_id, version, source_id, iscrowd)
SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6,
  value ->> 7, value ->> 8, value ->> 9, value ->> 10, value ->> 11, value ->> 12, value ->> 13, value ->> 14, 1,
  value ->> 15, value ->> 17
FROM json_each(?) ORDER BY key`;

/** Version 1 of each row the INSERT_ANNOTATIONS call with the same JSON made; ?2 is the first new id. */
const INSERT_FIRST_VERSIONS = `
INSERT INTO annotation_versions (annotation_id, version, mask, mask_h, mask_w, category_id, status, edited, author)
SELECT ?2 + key, 1, value ->> 3, value ->> 4, value ->> 5, value ->> 1, value ->> 11, value ->> 13, value ->> 16
FROM json_each(?1) ORDER BY key`;

/**
 * Inserts annotations inside the caller's transaction (version 1 of each, with its history row); returns their ids
 * in input order. Masks and links are checked as saveAnnotation checks them, a thousand rows per query.
 */
export async function insertAnnotations(tx: SqlWriter, annotations: readonly NewAnnotation[]): Promise<number[]> {
  const ids: number[] = [];
  let offset = 0;
  for (const chunk of chunks(annotations)) {
    const prepared = chunk.map((input, i) => {
      const record = `annotation ${input.sourceId ?? `#${offset + i}`} of image ${input.imageId}`;
      checkFields(record, input);
      const links: Links = {
        imageId: input.imageId,
        categoryId: input.categoryId ?? null,
        expressionId: input.expressionId ?? null,
        candidateId: input.candidateId ?? null,
      };
      return { input, record, links, mask: measureMask(input.mask, record) };
    });
    offset += chunk.length;
    const found = await tx.all<LinksRow>(LINKS_MANY, [
      JSON.stringify(prepared.map(({ links: l }) => [l.imageId, l.categoryId, l.expressionId, l.candidateId])),
    ]);
    const rows = prepared.map(({ input, record, links, mask }, i) => {
      const candidateMask = checkLinks(record, mask, links, found[i]);
      const edited = candidateMask !== null && !isAutomaticAuthor(input.author) && !sameMask(candidateMask, input.mask);
      return [
        links.imageId,
        links.categoryId,
        links.expressionId,
        mask.mask,
        mask.mask_h,
        mask.mask_w,
        mask.area,
        ...mask.bbox,
        input.status,
        input.provenance,
        edited ? 1 : 0,
        links.candidateId,
        input.sourceId ?? null,
        input.author,
        input.crowd ? 1 : 0,
      ];
    });
    const json = JSON.stringify(rows);
    const chunkIds = insertedIds(await tx.run(INSERT_ANNOTATIONS, [json]), rows.length, 'annotations');
    await tx.run(INSERT_FIRST_VERSIONS, [json, chunkIds[0]]);
    ids.push(...chunkIds);
  }
  return ids;
}

export async function setStatus(
  store: Store,
  annotationId: number,
  status: AnnotationStatus,
  author: string,
): Promise<Annotation> {
  const record = `annotation ${annotationId}`;
  checkFields(record, { status, author });
  return store.write(async (tx) => {
    const current = await currentRow(tx, annotationId);
    await guardHumanWork(tx, current, author);
    const fields = {
      categoryId: current.category_id,
      expressionId: current.expression_id,
      mask: storedMask(current),
      status,
      edited: current.edited === 1,
      candidateId: current.candidate_id,
    };
    return toAnnotation(await updateToNextVersion(tx, annotationId, fields, author));
  });
}

/**
 * Makes an earlier version current again by writing it as a new version (mask, category, status and the edited
 * flag as they were then), so undo and redo never destroy history.
 */
export async function revertTo(
  store: Store,
  annotationId: number,
  version: number,
  author = 'user',
): Promise<Annotation> {
  const record = `annotation ${annotationId}`;
  return store.write(async (tx) => {
    const current = await currentRow(tx, annotationId);
    await guardHumanWork(tx, current, author);
    const old = await tx.get<AnnotationVersionRow>(
      `SELECT ${ANNOTATION_VERSION_COLUMNS} FROM annotation_versions WHERE annotation_id = ? AND version = ?`,
      [annotationId, version],
    );
    if (!old) throw new NotFoundError(`${record} has no version ${version}`);
    const fields = {
      categoryId: old.category_id,
      expressionId: current.expression_id,
      mask: measureMask(toRle(old), `${record} version ${version}`),
      status: old.status,
      edited: old.edited === 1,
      candidateId: current.candidate_id,
    };
    return toAnnotation(await updateToNextVersion(tx, annotationId, fields, author));
  });
}

export async function getAnnotation(store: Store, annotationId: number): Promise<Annotation> {
  const row = await store.read((db) =>
    db.get<AnnotationRow>(`SELECT ${ANNOTATION_COLUMNS} FROM annotations WHERE id = ?`, [annotationId]),
  );
  if (!row) throw new NotFoundError(`annotation ${annotationId} not found`);
  return toAnnotation(row);
}

/** An image's annotations in creation order. */
export async function listAnnotations(store: Store, imageId: number): Promise<Annotation[]> {
  const rows = await store.read((db) =>
    db.all<AnnotationRow>(`SELECT ${ANNOTATION_COLUMNS} FROM annotations WHERE image_id = ? ORDER BY id`, [imageId]),
  );
  return rows.map(toAnnotation);
}

/** Every version of an annotation, oldest first. */
export async function getHistory(store: Store, annotationId: number): Promise<AnnotationVersion[]> {
  const rows = await store.read((db) =>
    db.all<AnnotationVersionRow>(
      `SELECT ${ANNOTATION_VERSION_COLUMNS} FROM annotation_versions WHERE annotation_id = ? ORDER BY version`,
      [annotationId],
    ),
  );
  if (rows.length === 0) throw new NotFoundError(`annotation ${annotationId} not found`);
  return rows.map(toAnnotationVersion);
}

/** Deletes the annotation and its history. */
export async function deleteAnnotation(store: Store, annotationId: number): Promise<void> {
  const { changes } = await store.write((tx) => tx.run('DELETE FROM annotations WHERE id = ?', [annotationId]));
  if (changes === 0) throw new NotFoundError(`annotation ${annotationId} not found`);
}
