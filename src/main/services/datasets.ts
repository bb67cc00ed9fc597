// Datasets: a name, the folder its image paths are relative to, and the counts the dataset list shows.
import path from 'node:path';
import type { Dataset, DatasetSummary } from '../../shared/domain';
import { ConflictError, NotFoundError } from '../store/errors';
import type { SqlReader, SqlWriter, Store } from '../store/types';
import { DATASET_COLUMNS, toDataset, type DatasetRow } from './rows';

export interface NewDataset {
  name: string;
  /** Absolute folder the dataset's image paths are relative to. */
  root: string;
}

interface SummaryRow extends DatasetRow {
  images: number;
  expressions: number;
  annotations: number;
  accepted: number;
  needs_review: number;
  ground_truth: number;
}

// Each count walks the dataset's images by index and probes the child table's image index, so no count reads a
// table row: annotations_by_image_status answers the status counts, annotations_by_image_provenance ground truth.
const SUMMARY_SELECT = `
SELECT d.id, d.name, d.root, d.created_at,
  (SELECT COUNT(*) FROM images i WHERE i.dataset_id = d.id) AS images,
  (SELECT COUNT(*) FROM images i JOIN expressions x ON x.image_id = i.id WHERE i.dataset_id = d.id) AS expressions,
  (SELECT COUNT(*) FROM images i JOIN annotations a ON a.image_id = i.id WHERE i.dataset_id = d.id) AS annotations,
  (SELECT COUNT(*) FROM images i JOIN annotations a ON a.image_id = i.id
    WHERE i.dataset_id = d.id AND a.status = 'accepted') AS accepted,
  (SELECT COUNT(*) FROM images i JOIN annotations a ON a.image_id = i.id
    WHERE i.dataset_id = d.id AND a.status = 'needs-review') AS needs_review,
  (SELECT COUNT(*) FROM images i JOIN annotations a ON a.image_id = i.id
    WHERE i.dataset_id = d.id AND a.provenance = 'ground-truth') AS ground_truth
FROM datasets d`;

function toSummary(row: SummaryRow): DatasetSummary {
  return {
    ...toDataset(row),
    images: row.images,
    expressions: row.expressions,
    annotations: row.annotations,
    accepted: row.accepted,
    needsReview: row.needs_review,
    groundTruth: row.ground_truth,
  };
}

/** Creates a dataset inside the caller's transaction (an import creates its dataset and content in one commit). */
export async function insertDataset(tx: SqlWriter, input: NewDataset): Promise<Dataset> {
  const name = input.name.trim();
  if (name === '') throw new Error('new dataset: the name is empty');
  if (!path.isAbsolute(input.root)) {
    throw new Error(`dataset '${name}': root '${input.root}' is not an absolute path`);
  }
  const taken = await tx.get<{ id: number }>('SELECT id FROM datasets WHERE name = ?', [name]);
  if (taken) throw new ConflictError(`dataset name '${name}' is already used by dataset ${taken.id}`);
  const row = await tx.get<DatasetRow>(`INSERT INTO datasets (name, root) VALUES (?, ?) RETURNING ${DATASET_COLUMNS}`, [
    name,
    input.root,
  ]);
  return toDataset(row as DatasetRow);
}

export function createDataset(store: Store, input: NewDataset): Promise<Dataset> {
  return store.write((tx) => insertDataset(tx, input));
}

/** Every dataset with its counts, by name. */
export async function listDatasets(store: Store): Promise<DatasetSummary[]> {
  const rows = await store.read((db) => db.all<SummaryRow>(`${SUMMARY_SELECT} ORDER BY d.name`));
  return rows.map(toSummary);
}

async function summaryWhere(db: SqlReader, where: string, value: number | string): Promise<DatasetSummary | undefined> {
  const row = await db.get<SummaryRow>(`${SUMMARY_SELECT} WHERE ${where}`, [value]);
  return row && toSummary(row);
}

export async function getDataset(store: Store, datasetId: number): Promise<DatasetSummary> {
  const found = await store.read((db) => summaryWhere(db, 'd.id = ?', datasetId));
  if (!found) throw new NotFoundError(`dataset ${datasetId} not found`);
  return found;
}

/** Only the root folder, for every image request: a key lookup, without the summary's counts. */
export async function datasetRoot(store: Store, datasetId: number): Promise<string> {
  const row = await store.read((db) => db.get<{ root: string }>('SELECT root FROM datasets WHERE id = ?', [datasetId]));
  if (!row) throw new NotFoundError(`dataset ${datasetId} not found`);
  return row.root;
}

export async function getDatasetByName(store: Store, name: string): Promise<DatasetSummary> {
  const found = await store.read((db) => summaryWhere(db, 'd.name = ?', name));
  if (!found) throw new NotFoundError(`dataset '${name}' not found`);
  return found;
}

/** Deletes the dataset and, by cascade, its images, categories, expressions, predictions and annotations. */
export async function deleteDataset(store: Store, datasetId: number): Promise<void> {
  const { changes } = await store.write((tx) => tx.run('DELETE FROM datasets WHERE id = ?', [datasetId]));
  if (changes === 0) throw new NotFoundError(`dataset ${datasetId} not found`);
}
