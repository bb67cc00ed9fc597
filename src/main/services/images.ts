// Images of a dataset: bulk insertion for imports, and the paged, filtered listing behind the image grid.
import type { ImageRecord } from '../../shared/domain';
import { ConflictError, NotFoundError } from '../store/errors';
import type { SqlWriter, Store } from '../store/types';
import { IMAGE_COLUMNS, chunks, insertedIds, qualified, toImage, type ImageRow } from './rows';

export interface NewImage {
  datasetId: number;
  /** Relative to the dataset root, forward slashes, no '..'. */
  path: string;
  width: number;
  height: number;
  sha256: string;
  bytes: number;
  sourceId?: number | null;
}

export type ImageFilter = 'all' | 'unlabelled' | 'needs-review' | 'accepted' | 'has-ground-truth';

/** What an image's badges in the grid show. */
export interface ImageBadges {
  expressions: number;
  accepted: number;
  needsReview: number;
  groundTruth: number;
}

export interface ImageListItem extends ImageRecord, ImageBadges {}

export interface ListImagesInput {
  datasetId: number;
  filter?: ImageFilter;
  offset?: number;
  limit?: number;
}

export interface ImagePage {
  /** Images matching the filter, over all pages. */
  total: number;
  items: ImageListItem[];
}

function checkNewImage(image: NewImage): void {
  const where = `image '${image.path}' (dataset ${image.datasetId})`;
  const p = image.path;
  if (typeof p !== 'string' || p === '' || p.startsWith('/') || /^[A-Za-z]:/.test(p) || p.includes('\\')) {
    throw new Error(`${where}: the path must be relative to the dataset root, with forward slashes`);
  }
  if (p.split('/').some((part) => part === '' || part === '.' || part === '..')) {
    throw new Error(`${where}: the path must not contain empty, '.' or '..' parts`);
  }
  if (!Number.isInteger(image.width) || !Number.isInteger(image.height) || image.width < 1 || image.height < 1) {
    throw new Error(`${where}: size ${image.width}x${image.height} is not a positive integer size`);
  }
  if (!/^[0-9a-f]{64}$/.test(image.sha256)) throw new Error(`${where}: sha256 '${image.sha256}' is not 64 hex digits`);
  if (!Number.isInteger(image.bytes) || image.bytes < 0)
    throw new Error(`${where}: byte size ${image.bytes} is invalid`);
}

const INSERT_IMAGES = `
INSERT INTO images (dataset_id, path, width, height, sha256, bytes, source_id)
SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6
FROM json_each(?) ORDER BY key`;

const FIRST_TAKEN_PATH = `
SELECT j.value ->> 0 AS dataset_id, j.value ->> 1 AS path FROM json_each(?) j
JOIN images i ON i.dataset_id = j.value ->> 0 AND i.path = j.value ->> 1
ORDER BY j.key LIMIT 1`;

async function checkDatasetsExist(tx: SqlWriter, images: readonly NewImage[]): Promise<void> {
  for (const datasetId of new Set(images.map((image) => image.datasetId))) {
    if (!(await tx.get('SELECT 1 FROM datasets WHERE id = ?', [datasetId]))) {
      const first = images.find((image) => image.datasetId === datasetId)!;
      throw new NotFoundError(`image '${first.path}' (dataset ${datasetId}): dataset ${datasetId} not found`);
    }
  }
}

/** Inserts images inside the caller's transaction; returns their ids in input order. */
export async function insertImages(tx: SqlWriter, images: readonly NewImage[]): Promise<number[]> {
  const seen = new Set<string>();
  for (const image of images) {
    checkNewImage(image);
    const key = `${image.datasetId}/${image.path}`;
    if (seen.has(key)) throw new ConflictError(`image '${image.path}' (dataset ${image.datasetId}): listed twice`);
    seen.add(key);
  }
  await checkDatasetsExist(tx, images);
  const ids: number[] = [];
  for (const chunk of chunks(images)) {
    const json = JSON.stringify(
      chunk.map((i) => [i.datasetId, i.path, i.width, i.height, i.sha256, i.bytes, i.sourceId ?? null]),
    );
    try {
      ids.push(...insertedIds(await tx.run(INSERT_IMAGES, [json]), chunk.length, 'images'));
    } catch (error) {
      const taken = await tx.get<{ dataset_id: number; path: string }>(FIRST_TAKEN_PATH, [json]);
      if (!taken) throw error;
      throw new ConflictError(`image '${taken.path}' (dataset ${taken.dataset_id}): already in the dataset`);
    }
  }
  return ids;
}

export function addImages(store: Store, images: readonly NewImage[]): Promise<number[]> {
  return store.write((tx) => insertImages(tx, images));
}

export async function getImage(store: Store, imageId: number): Promise<ImageRecord> {
  const row = await store.read((db) => db.get<ImageRow>(`SELECT ${IMAGE_COLUMNS} FROM images WHERE id = ?`, [imageId]));
  if (!row) throw new NotFoundError(`image ${imageId} not found`);
  return toImage(row);
}

// "Labelled" means something is accepted or waiting for review; an image whose only annotations were rejected
// still needs a label. Every condition is answered from an (image_id, status|provenance) index.
const FILTERS: Record<ImageFilter, string> = {
  all: '',
  unlabelled: `AND NOT EXISTS (SELECT 1 FROM annotations a
    WHERE a.image_id = i.id AND a.status IN ('accepted', 'needs-review'))`,
  'needs-review': `AND EXISTS (SELECT 1 FROM annotations a WHERE a.image_id = i.id AND a.status = 'needs-review')`,
  accepted: `AND EXISTS (SELECT 1 FROM annotations a WHERE a.image_id = i.id AND a.status = 'accepted')`,
  'has-ground-truth': `AND EXISTS (SELECT 1 FROM annotations a
    WHERE a.image_id = i.id AND a.provenance = 'ground-truth')`,
};

const BADGE_COLUMNS = `
  (SELECT COUNT(*) FROM expressions x WHERE x.image_id = i.id) AS expressions,
  (SELECT COUNT(*) FROM annotations a WHERE a.image_id = i.id AND a.status = 'accepted') AS accepted,
  (SELECT COUNT(*) FROM annotations a WHERE a.image_id = i.id AND a.status = 'needs-review') AS needs_review,
  (SELECT COUNT(*) FROM annotations a WHERE a.image_id = i.id AND a.provenance = 'ground-truth') AS ground_truth`;

interface BadgeRow {
  expressions: number;
  accepted: number;
  needs_review: number;
  ground_truth: number;
}

function toBadges(row: BadgeRow): ImageBadges {
  return {
    expressions: row.expressions,
    accepted: row.accepted,
    needsReview: row.needs_review,
    groundTruth: row.ground_truth,
  };
}

/**
 * One page of a dataset's images in path order. The page walks the (dataset_id, path) index and skips `offset`
 * entries before computing any badge, so a page deep into 100,000 images costs an index scan, not a sort.
 */
export async function listImages(store: Store, input: ListImagesInput): Promise<ImagePage> {
  const { datasetId, filter = 'all', offset = 0, limit = 200 } = input;
  const condition = FILTERS[filter];
  if (condition === undefined) throw new Error(`image list of dataset ${datasetId}: unknown filter '${filter}'`);
  if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(limit) || limit < 1) {
    throw new Error(
      `image list of dataset ${datasetId}: offset ${offset} and limit ${limit} must be integers, limit ≥ 1`,
    );
  }
  return store.read(async (db) => {
    const counted = await db.get<{ n: number }>(
      `SELECT COUNT(*) AS n FROM images i WHERE i.dataset_id = ? ${condition}`,
      [datasetId],
    );
    const rows = await db.all<ImageRow & BadgeRow>(
      `SELECT ${qualified(IMAGE_COLUMNS, 'i')}, ${BADGE_COLUMNS}
       FROM images i WHERE i.dataset_id = ? ${condition}
       ORDER BY i.path LIMIT ? OFFSET ?`,
      [datasetId, limit, offset],
    );
    return { total: counted?.n ?? 0, items: rows.map((row) => ({ ...toImage(row), ...toBadges(row) })) };
  });
}

/** Fresh badges for some images (after a save, the grid refreshes just those); unknown ids are left out. */
export async function getImageBadges(store: Store, imageIds: readonly number[]): Promise<Map<number, ImageBadges>> {
  const rows = await store.read((db) =>
    db.all<BadgeRow & { id: number }>(
      `SELECT i.id, ${BADGE_COLUMNS} FROM images i WHERE i.id IN (SELECT value FROM json_each(?))`,
      [JSON.stringify(imageIds)],
    ),
  );
  return new Map(rows.map((row) => [row.id, toBadges(row)]));
}
