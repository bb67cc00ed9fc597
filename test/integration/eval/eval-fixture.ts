// A tiny dataset with ground truth built through the store services: two 10×10 images, three expressions that name a
// ground-truth annotation (one with a direction word) and one that names none, and two methods' candidates whose
// overlaps with the ground truth are counted by hand below. The CLI, API and e2e tests share it.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Rle, Split } from '../../../src/shared/domain';
import { type Mask, encodeRle } from '../../../src/main/masks';
import { insertAnnotations } from '../../../src/main/services/annotations';
import { createDataset } from '../../../src/main/services/datasets';
import { insertExpressions } from '../../../src/main/services/expressions';
import { addImages } from '../../../src/main/services/images';
import { saveCandidates } from '../../../src/main/services/predictions';
import type { Store } from '../../../src/main/store/types';

const W = 10;
const H = 10;

/** A W×H mask with the rectangles [x, y, w, h] set. */
export function rects(...list: [number, number, number, number][]): Rle {
  const data = new Uint8Array(W * H);
  for (const [x, y, w, h] of list) for (let yy = y; yy < y + h; yy++) data.fill(1, yy * W + x, yy * W + x + w);
  const mask: Mask = { width: W, height: H, data };
  return encodeRle(mask);
}

// Ground truth:  G1 (image a) 5×2 at (0,0) = 10 px;  G2 (image a) 5×10 at (5,0) = 50 px;  G3 (image b) 2×2 = 4 px.
const G1 = rects([0, 0, 5, 2]);
const G2 = rects([5, 0, 5, 10]);
const G3 = rects([0, 0, 2, 2]);

/**
 * Candidates, best first, with |P∩G| / |P∪G| against their expression's ground truth:
 *   alpha  E1: G1 itself                  10/10 = 1
 *          E2: top half of G2 (25 px)     25/50 = .5
 *          E3: 2×2 at (8,8), then G3      0/8 = 0, then 4/4 = 1
 *   beta   E1: no candidates              0/10 (an empty prediction)
 *          E2: 5×5 at (0,5) (disjoint)    0/75 = 0
 *              5×6 at (5,0)               30/50 = .6
 *              the whole image            50/100 = .5
 *              G2 itself (rank 4: beyond top-3, never counted)
 *          E3: G3 itself                  4/4 = 1
 */
export const CANDIDATES: Record<string, Record<'e1' | 'e2' | 'e3', Rle[]>> = {
  alpha: { e1: [G1], e2: [rects([5, 0, 5, 5])], e3: [rects([8, 8, 2, 2]), G3] },
  beta: {
    e1: [],
    e2: [rects([0, 5, 5, 5]), rects([5, 0, 5, 6]), rects([0, 0, 10, 10]), G2],
    e3: [G3],
  },
};

export const TEXTS = { e1: 'the cat on the left', e2: 'the big dog', e3: 'the bird' } as const;

export interface EvalFixture {
  datasetId: number;
  name: string;
  expressionIds: Record<'e1' | 'e2' | 'e3' | 'noTruth', number>;
}

export async function buildEvalDataset(store: Store, root: string, name = 'toy'): Promise<EvalFixture> {
  const dataset = await createDataset(store, { name, root: join(root, name) });
  const [a, b] = await addImages(
    store,
    ['a.png', 'b.png'].map((path) => ({
      datasetId: dataset.id,
      path,
      width: W,
      height: H,
      sha256: createHash('sha256').update(path).digest('hex'),
      bytes: 100,
    })),
  );
  const ids = await store.write(async (tx) => {
    const [g1, g2, g3] = await insertAnnotations(
      tx,
      [
        [a, G1],
        [a, G2],
        [b, G3],
      ].map(([imageId, mask]) => ({
        imageId: imageId as number,
        mask: mask as Rle,
        status: 'accepted',
        provenance: 'ground-truth',
        author: 'import',
      })),
    );
    const rows: { imageId: number; text: string; split: Split; groundTruthId: number | null }[] = [
      { imageId: a, text: TEXTS.e1, split: 'val', groundTruthId: g1 },
      { imageId: a, text: TEXTS.e2, split: 'val', groundTruthId: g2 },
      { imageId: b, text: TEXTS.e3, split: 'testA', groundTruthId: g3 },
      { imageId: a, text: 'the thing nobody outlined', split: 'val', groundTruthId: null },
    ];
    return insertExpressions(tx, rows);
  });
  const expressionIds = { e1: ids[0], e2: ids[1], e3: ids[2], noTruth: ids[3] };
  for (const [method, lists] of Object.entries(CANDIDATES)) {
    for (const key of ['e1', 'e2', 'e3'] as const) {
      if (lists[key].length === 0) continue;
      await saveCandidates(store, {
        expressionId: expressionIds[key],
        method,
        candidates: lists[key].map((mask, i) => ({ mask, score: 1 - i / 10 })),
      });
    }
  }
  // A method's candidates on the expression without ground truth must not count anywhere.
  await saveCandidates(store, {
    expressionId: expressionIds.noTruth,
    method: 'gamma',
    candidates: [{ mask: G1, score: 1 }],
  });
  return { datasetId: dataset.id, name, expressionIds };
}
