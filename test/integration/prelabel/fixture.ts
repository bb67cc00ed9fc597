// A three-image dataset with seven expressions (two splits, one text said twice of an image) on top of the prediction
// fixture's tiny CLIP and SAM, saved once as a template database that each test copies.
import { createHash } from 'node:crypto';
import { copyFile, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { insertExpressions } from '../../../src/main/services/expressions';
import { addImages } from '../../../src/main/services/images';
import type { SqlReader } from '../../../src/main/store/types';
import { makePredictFixture } from '../predict/fixture';

/** The tiny models' settings (as in the prediction tests): 3 CLIP blocks, a 4 × 4 AMG grid with the filters off. */
export const TINY_PARAMS = {
  glclip: { maskingBlock: 1 },
  copatch: { exitLayer: 2 },
  amg: { pointsPerSide: 4, predIouThresh: 0, stabilityScoreThresh: 0, minMaskRegionArea: 0, nmsBy: 'mask' },
};

export const TINY_SETTINGS = Object.entries(TINY_PARAMS).flatMap(([group, values]) =>
  Object.entries(values).map(([name, value]) => `${group}.${name}=${value}`),
);

export interface PrelabelFixture {
  /** The template database; copy it with freshDatabase. */
  template: string;
  datasetId: number;
  clipDir: string;
  samDir: string;
  /** Expression ids in insertion order. */
  expressionIds: number[];
}

/** A disc on a gradient like the prediction fixture's scene, 96 × 64, moved and recoloured by the seed. */
async function writeDisc(file: string, seed: number): Promise<Buffer> {
  const width = 96;
  const height = 64;
  const [cx, cy, r] = [20 + 12 * seed, 18 + 4 * seed, 10 + 2 * seed];
  const pixels = Buffer.alloc(width * height * 3);
  for (let i = 0; i < width * height; i++) {
    const x = i % width;
    const y = Math.floor(i / width);
    const inside = (x - cx) ** 2 + (y - cy) ** 2 < r ** 2;
    pixels.set(inside ? [30, 60 * seed, 220] : [(y * 4) % 256, 20, (x * 5) % 256], i * 3);
  }
  await sharp(pixels, { raw: { width, height, channels: 3 } })
    .png()
    .toFile(file);
  return readFile(file);
}

export async function makePrelabelFixture(dir: string): Promise<PrelabelFixture> {
  const fx = await makePredictFixture(dir);
  const root = dirname(fx.imageFile);
  const datasetId = (await fx.store.read((db) => db.get<{ id: number }>('SELECT id FROM datasets')))!.id;
  const more = [];
  for (const seed of [2, 3]) {
    const path = `disc${seed}.png`;
    const bytes = await writeDisc(join(root, path), seed);
    more.push({
      datasetId,
      path,
      width: 96,
      height: 64,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      bytes: bytes.length,
    });
  }
  const [b1, b2] = await addImages(fx.store, more);
  const expressionIds = await fx.store.write((tx) =>
    insertExpressions(tx, [
      { imageId: fx.imageId, text: 'the red ball', split: 'train' },
      { imageId: fx.imageId, text: 'left thing', split: 'val' },
      { imageId: fx.imageId, text: 'the red ball', split: 'train' },
      { imageId: b1, text: 'blue square', split: 'train' },
      { imageId: b1, text: 'the big one', split: 'val' },
      { imageId: b2, text: 'green stripe', split: 'train' },
      { imageId: b2, text: 'right part', split: 'train' },
    ]),
  );
  await fx.store.close();
  return { template: fx.dbFile, datasetId, clipDir: fx.clipDir, samDir: fx.samDir, expressionIds };
}

export async function freshDatabase(fixture: PrelabelFixture, file: string): Promise<string> {
  await copyFile(fixture.template, file);
  return file;
}

export function prelabelParams(fixture: PrelabelFixture, extra: Record<string, unknown> = {}) {
  return {
    datasetId: fixture.datasetId,
    methods: ['glclip', 'samclip'],
    preset: 'hybridgl-refcoco',
    clipDir: fixture.clipDir,
    samDir: fixture.samDir,
    params: TINY_PARAMS,
    ...extra,
  };
}

/** The whole candidates table in a stable order, without ids or timestamps, for comparing two databases. */
export function candidateRows(db: SqlReader) {
  return db.all(
    `SELECT expression_id, method, rank, score, mask, mask_h, mask_w, proposal_idx, params, heatmap_ref
     FROM candidates ORDER BY expression_id, method, rank`,
  );
}

/** Every image's stored proposals, for the same comparison. */
export function proposalRows(db: SqlReader) {
  return db.all(
    `SELECT s.image_id, s.source, s.preset, s.model, p.idx, p.mask, p.score, p.area
     FROM proposals p JOIN proposal_sets s ON s.id = p.proposal_set_id ORDER BY s.image_id, p.idx`,
  );
}
