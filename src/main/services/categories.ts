// Categories of a dataset, unique by name: asking for one by name gets the existing row or makes it.
import type { Category } from '../../shared/domain';
import type { SqlWriter, Store } from '../store/types';
import { CATEGORY_COLUMNS, toCategory, type CategoryRow } from './rows';

export interface NewCategory {
  datasetId: number;
  name: string;
  supercategory?: string | null;
  /** The category id in the file it was imported from. */
  sourceId?: number | null;
}

/**
 * Gets or creates each category by (dataset, name), inside the caller's transaction, in input order. An existing
 * category keeps what it has; a missing supercategory or source id is filled in, never overwritten.
 */
export async function ensureCategories(tx: SqlWriter, categories: readonly NewCategory[]): Promise<Category[]> {
  const out: Category[] = [];
  for (const category of categories) {
    const name = category.name.trim();
    if (name === '') throw new Error(`category of dataset ${category.datasetId}: the name is empty`);
    try {
      const row = await tx.get<CategoryRow>(
        `INSERT INTO categories (dataset_id, name, supercategory, source_id) VALUES (?, ?, ?, ?)
         ON CONFLICT (dataset_id, name) DO UPDATE SET
           supercategory = coalesce(categories.supercategory, excluded.supercategory),
           source_id = coalesce(categories.source_id, excluded.source_id)
         RETURNING ${CATEGORY_COLUMNS}`,
        [category.datasetId, name, category.supercategory ?? null, category.sourceId ?? null],
      );
      out.push(toCategory(row as CategoryRow));
    } catch (error) {
      throw new Error(`category '${name}' (dataset ${category.datasetId}): ${(error as Error).message}`, {
        cause: error,
      });
    }
  }
  return out;
}

export async function ensureCategory(store: Store, category: NewCategory): Promise<Category> {
  const [made] = await store.write((tx) => ensureCategories(tx, [category]));
  return made;
}

/** In id order, which is creation order: exports number categories from 1 in this order. */
export async function listCategories(store: Store, datasetId: number): Promise<Category[]> {
  const rows = await store.read((db) =>
    db.all<CategoryRow>(`SELECT ${CATEGORY_COLUMNS} FROM categories WHERE dataset_id = ? ORDER BY id`, [datasetId]),
  );
  return rows.map(toCategory);
}
