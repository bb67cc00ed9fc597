// Reads what an export needs from the store in one read: the dataset, its images and categories, the annotations
// the include rule selects, and the expressions that point at them.
import type { Category, Dataset, ExportInclude, Expression, ImageRecord } from '../../shared/domain';
import { getDataset } from '../services/datasets';
import {
  ANNOTATION_COLUMNS,
  CATEGORY_COLUMNS,
  EXPRESSION_COLUMNS,
  IMAGE_COLUMNS,
  qualified,
  toAnnotation,
  toCategory,
  toExpression,
  toImage,
  type AnnotationRow,
  type CategoryRow,
  type ExpressionRow,
  type ImageRow,
} from '../services/rows';
import type { Store } from '../store/types';
import type { Annotation } from '../../shared/domain';

export interface ExportData {
  dataset: Dataset;
  images: ImageRecord[];
  categories: Category[];
  annotations: Annotation[];
  expressions: Expression[];
}

/** accepted: what people accepted; gt: that plus imported ground truth; all: every annotation whatever its status. */
const INCLUDE_SQL: Record<ExportInclude, string> = {
  accepted: "a.status = 'accepted' AND a.provenance IN ('candidate', 'manual')",
  gt: "a.status = 'accepted'",
  all: '1 = 1',
};

export async function loadExportData(store: Store, datasetId: number, include: ExportInclude): Promise<ExportData> {
  const dataset = await getDataset(store, datasetId);
  return store.read(async (db) => {
    const images = (
      await db.all<ImageRow>(`SELECT ${IMAGE_COLUMNS} FROM images WHERE dataset_id = ? ORDER BY id`, [datasetId])
    ).map(toImage);
    const categories = (
      await db.all<CategoryRow>(`SELECT ${CATEGORY_COLUMNS} FROM categories WHERE dataset_id = ? ORDER BY id`, [
        datasetId,
      ])
    ).map(toCategory);
    const annotations = (
      await db.all<AnnotationRow>(
        `SELECT ${qualified(ANNOTATION_COLUMNS, 'a')} FROM annotations a JOIN images i ON i.id = a.image_id
         WHERE i.dataset_id = ? AND ${INCLUDE_SQL[include]} ORDER BY a.id`,
        [datasetId],
      )
    ).map(toAnnotation);
    const expressions = (
      await db.all<ExpressionRow>(
        `SELECT ${qualified(EXPRESSION_COLUMNS, 'e')} FROM expressions e JOIN images i ON i.id = e.image_id
         WHERE i.dataset_id = ? ORDER BY e.id`,
        [datasetId],
      )
    ).map(toExpression);
    return {
      dataset: { id: dataset.id, name: dataset.name, root: dataset.root, createdAt: dataset.createdAt },
      images,
      categories,
      annotations,
      expressions,
    };
  });
}
