// Referring expressions: the sentences an annotator types or a RefCOCO file brings, each about one image.
import { SPLITS, type Expression, type Split } from '../../shared/domain';
import { NotFoundError } from '../store/errors';
import type { SqlWriter, Store } from '../store/types';
import { EXPRESSION_COLUMNS, chunks, insertedIds, qualified, toExpression, type ExpressionRow } from './rows';

const SPLIT_NAMES: ReadonlySet<string> = new Set<Split>(SPLITS);

export interface NewExpression {
  imageId: number;
  text: string;
  split?: Split;
  refId?: number | null;
  sentId?: number | null;
  /** The ground-truth annotation the expression refers to (RefCOCO ann_id, after import). */
  groundTruthId?: number | null;
}

function checkNewExpression(expression: NewExpression): string {
  const text = expression.text.trim();
  if (text === '') throw new Error(`expression of image ${expression.imageId}: the text is empty`);
  if (expression.split !== undefined && !SPLIT_NAMES.has(expression.split)) {
    throw new Error(`expression '${text}' (image ${expression.imageId}): unknown split '${expression.split}'`);
  }
  return text;
}

const INSERT_EXPRESSIONS = `
INSERT INTO expressions (image_id, text, split, ref_id, sent_id, ground_truth_id)
SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5
FROM json_each(?) ORDER BY key`;

/** The first row of a JSON batch whose image is missing or whose ground truth is missing or on another image. */
const FIRST_BAD_LINK = `
SELECT j.key AS k, i.id AS image, a.image_id AS ground_truth_image FROM json_each(?) j
LEFT JOIN images i ON i.id = j.value ->> 0
LEFT JOIN annotations a ON a.id = j.value ->> 5
WHERE i.id IS NULL OR (j.value ->> 5 IS NOT NULL AND a.image_id IS NOT i.id)
ORDER BY j.key LIMIT 1`;

/** Inserts expressions inside the caller's transaction; returns their ids in input order. */
export async function insertExpressions(tx: SqlWriter, expressions: readonly NewExpression[]): Promise<number[]> {
  const ids: number[] = [];
  for (const chunk of chunks(expressions)) {
    const rows = chunk.map((e) => [
      e.imageId,
      checkNewExpression(e),
      e.split ?? 'none',
      e.refId ?? null,
      e.sentId ?? null,
      e.groundTruthId ?? null,
    ]);
    const json = JSON.stringify(rows);
    const bad = await tx.get<{ k: number; image: number | null; ground_truth_image: number | null }>(FIRST_BAD_LINK, [
      json,
    ]);
    if (bad) {
      const e = chunk[bad.k];
      const record = `expression '${rows[bad.k][1]}' (image ${e.imageId})`;
      if (bad.image === null) throw new NotFoundError(`${record}: image ${e.imageId} not found`);
      if (bad.ground_truth_image === null)
        throw new NotFoundError(`${record}: annotation ${e.groundTruthId} not found`);
      throw new Error(`${record}: ground-truth annotation ${e.groundTruthId} is on image ${bad.ground_truth_image}`);
    }
    ids.push(...insertedIds(await tx.run(INSERT_EXPRESSIONS, [json]), rows.length, 'expressions'));
  }
  return ids;
}

export async function addExpression(
  store: Store,
  input: { imageId: number; text: string; split?: Split },
): Promise<Expression> {
  return store.write(async (tx) => {
    const [id] = await insertExpressions(tx, [input]);
    const row = await tx.get<ExpressionRow>(`SELECT ${EXPRESSION_COLUMNS} FROM expressions WHERE id = ?`, [id]);
    return toExpression(row as ExpressionRow);
  });
}

export async function getExpression(store: Store, expressionId: number): Promise<Expression> {
  const row = await store.read((db) =>
    db.get<ExpressionRow>(`SELECT ${EXPRESSION_COLUMNS} FROM expressions WHERE id = ?`, [expressionId]),
  );
  if (!row) throw new NotFoundError(`expression ${expressionId} not found`);
  return toExpression(row);
}

/** An image's expressions in the order they were added. */
export async function listExpressions(store: Store, imageId: number): Promise<Expression[]> {
  const rows = await store.read((db) =>
    db.all<ExpressionRow>(`SELECT ${EXPRESSION_COLUMNS} FROM expressions WHERE image_id = ? ORDER BY id`, [imageId]),
  );
  return rows.map(toExpression);
}

/** A dataset's expressions, image by image in path order. */
export async function listDatasetExpressions(store: Store, datasetId: number): Promise<Expression[]> {
  const rows = await store.read((db) =>
    db.all<ExpressionRow>(
      `SELECT ${qualified(EXPRESSION_COLUMNS, 'x')}
       FROM images i JOIN expressions x ON x.image_id = i.id
       WHERE i.dataset_id = ? ORDER BY i.path, x.id`,
      [datasetId],
    ),
  );
  return rows.map(toExpression);
}

/** Deletes the expression and its candidates; annotations made for it stay, no longer tied to it. */
export async function deleteExpression(store: Store, expressionId: number): Promise<void> {
  const { changes } = await store.write((tx) => tx.run('DELETE FROM expressions WHERE id = ?', [expressionId]));
  if (changes === 0) throw new NotFoundError(`expression ${expressionId} not found`);
}
