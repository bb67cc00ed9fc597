// How each method fares with the people who review its output: for every expression of a dataset that a method
// answered, was the method's top-1 mask accepted as it was, accepted after an edit, or passed over?
import type { Store } from '../store/types';

export interface MethodAcceptance {
  method: string;
  /** Expressions the method produced a top-1 candidate for. */
  expressions: number;
  /** The accepted mask started as this method's top-1 mask and nobody changed it. */
  acceptedUnedited: number;
  /** The accepted mask started as this method's top-1 mask and a person corrected it. */
  acceptedEdited: number;
  /** Decided otherwise: everything rejected, another mask accepted, or drawn by hand. */
  rejected: number;
  /** No decision yet (nothing saved, or only waiting for review). */
  pending: number;
}

// An expression's decision is its newest accepted or rejected annotation. A top-1 counts as the accepted one when
// the accepted annotation came from a candidate with the very same mask, so two methods that found the same object
// are both credited. Both subqueries walk indexes: candidates by (expression, method, rank), annotations by
// expression.
const ACCEPTANCE_SQL = `
WITH top1 AS (
  SELECT c.expression_id, c.method, c.mask, c.mask_h, c.mask_w
  FROM images i
  JOIN expressions x ON x.image_id = i.id
  JOIN candidates c ON c.expression_id = x.id AND c.rank = 1
  WHERE i.dataset_id = ?
),
decided AS (
  SELECT a.expression_id, a.status, a.edited, cd.mask AS mask, cd.mask_h AS mask_h, cd.mask_w AS mask_w
  FROM annotations a
  LEFT JOIN candidates cd ON cd.id = a.candidate_id
  WHERE a.id IN (
    SELECT MAX(b.id) FROM annotations b
    WHERE b.expression_id IN (SELECT expression_id FROM top1) AND b.status IN ('accepted', 'rejected')
    GROUP BY b.expression_id
  )
),
judged AS (
  SELECT t.method,
    CASE
      WHEN d.status IS NULL THEN 'pending'
      WHEN d.status = 'accepted' AND d.mask = t.mask AND d.mask_h = t.mask_h AND d.mask_w = t.mask_w
        THEN CASE WHEN d.edited = 1 THEN 'edited' ELSE 'unedited' END
      ELSE 'rejected'
    END AS outcome
  FROM top1 t LEFT JOIN decided d ON d.expression_id = t.expression_id
)
SELECT method, COUNT(*) AS expressions,
  SUM(outcome = 'unedited') AS accepted_unedited,
  SUM(outcome = 'edited') AS accepted_edited,
  SUM(outcome = 'rejected') AS rejected,
  SUM(outcome = 'pending') AS pending
FROM judged GROUP BY method ORDER BY method`;

interface AcceptanceRow {
  method: string;
  expressions: number;
  accepted_unedited: number;
  accepted_edited: number;
  rejected: number;
  pending: number;
}

/** One row per method that produced candidates in the dataset, by method name. */
export async function methodAcceptance(store: Store, datasetId: number): Promise<MethodAcceptance[]> {
  const rows = await store.read((db) => db.all<AcceptanceRow>(ACCEPTANCE_SQL, [datasetId]));
  return rows.map((row) => ({
    method: row.method,
    expressions: row.expressions,
    acceptedUnedited: row.accepted_unedited,
    acceptedEdited: row.accepted_edited,
    rejected: row.rejected,
    pending: row.pending,
  }));
}
