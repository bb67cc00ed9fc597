// A RefCOCO-format sample (instances.json + a pickled refs file, made by test/tools/make_refs_fixtures.py) imports
// with its sentences and splits, exports as refs JSON, and that export imports back to the same content.
import assert from 'node:assert/strict';
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { exportDataset } from '../../../src/main/services/export';
import { importPath } from '../../../src/main/services/import';
import { openStore } from '../../../src/main/store/open-store';
import type { Store } from '../../../src/main/store/types';
import { writeCocoImages } from '../../helpers/images';
import { withTempDir } from '../../helpers/temp-dir';

const FIXTURES = new URL('../../fixtures/io/', import.meta.url);

/** Everything a dataset holds, keyed by what the files carry (source ids), so two imports can be compared. */
async function snapshot(store: Store, datasetId: number) {
  return store.read(async (db) => ({
    images: await db.all(
      'SELECT source_id, path, width, height, sha256 FROM images WHERE dataset_id = ? ORDER BY source_id',
      [datasetId],
    ),
    categories: await db.all('SELECT source_id, name FROM categories WHERE dataset_id = ? ORDER BY source_id', [
      datasetId,
    ]),
    annotations: await db.all(
      `SELECT a.source_id, i.source_id AS image, c.name AS category, a.mask, a.mask_h, a.mask_w, a.area, a.status,
              a.provenance
       FROM annotations a JOIN images i ON i.id = a.image_id LEFT JOIN categories c ON c.id = a.category_id
       WHERE i.dataset_id = ? ORDER BY a.source_id`,
      [datasetId],
    ),
    expressions: await db.all(
      `SELECT e.text, e.split, e.ref_id, e.sent_id, i.source_id AS image, g.source_id AS target
       FROM expressions e JOIN images i ON i.id = e.image_id LEFT JOIN annotations g ON g.id = e.ground_truth_id
       WHERE i.dataset_id = ? ORDER BY e.sent_id`,
      [datasetId],
    ),
  }));
}

async function makeRefcocoFolder(dir: string, refsFixture: string, refsName: string): Promise<string> {
  const folder = join(dir, 'refcoco');
  await mkdir(folder, { recursive: true });
  const instances = JSON.parse(await readFile(new URL('instances.json', FIXTURES), 'utf8'));
  await writeCocoImages(folder, instances.images);
  await copyFile(new URL('instances.json', FIXTURES), join(folder, 'instances.json'));
  await copyFile(new URL(refsFixture, FIXTURES), join(folder, refsName));
  return folder;
}

test('RefCOCO pickle imports with sentences and splits, exports as refs JSON and re-imports identically', async () => {
  await withTempDir(async (dir) => {
    const folder = await makeRefcocoFolder(dir, 'refs_py2_p2.p', 'refs(unc).p');
    const store = await openStore(join(dir, 'db.sqlite'));
    try {
      const first = await importPath(store, { path: folder, name: 'refcoco' });
      const refs = JSON.parse(await readFile(new URL('refs.json', FIXTURES), 'utf8'));
      const sentences = refs
        .flatMap((r: { sentences: { raw: string }[] }) => r.sentences)
        .filter((s: { raw: string }) => s.raw.trim() !== '');
      assert.match(first.warnings.join('\n'), /1 empty sentence\(s\) skipped/);
      assert.equal(first.expressions, sentences.length);

      const before = await snapshot(store, first.datasetId);
      assert.deepEqual(
        before.expressions.map((e) => [e.sent_id, e.text, e.split, e.ref_id]),
        refs
          .flatMap((r: { ref_id: number; split: string; sentences: { sent_id: number; raw: string }[] }) =>
            r.sentences.filter((s) => s.raw.trim() !== '').map((s) => [s.sent_id, s.raw.trim(), r.split, r.ref_id]),
          )
          .sort((a: number[], b: number[]) => a[0] - b[0]),
      );

      const out = join(dir, 'export');
      const exported = await exportDataset(store, {
        datasetId: first.datasetId,
        format: 'refcoco',
        out,
        segmentation: 'rle',
        include: 'gt',
      });
      assert.equal(exported.expressions, sentences.length);
      const written = JSON.parse(await readFile(join(out, 'refs(reflabel).json'), 'utf8'));
      for (const ref of written) {
        for (const s of ref.sentences) {
          assert.deepEqual(Object.keys(s).sort(), ['raw', 'sent', 'sent_id', 'tokens']);
          assert.equal(s.sent, s.tokens.join(' '));
        }
      }

      const second = await importPath(store, { path: out, name: 'reimported', imagesDir: folder });
      const after = await snapshot(store, second.datasetId);
      assert.deepEqual(after, before);
    } finally {
      await store.close();
    }
  });
});

test('the refs JSON twin and every pickle protocol import to the same expressions', async () => {
  await withTempDir(async (dir) => {
    const store = await openStore(join(dir, 'db.sqlite'));
    try {
      const results = [];
      for (const [fixture, name] of [
        ['refs.json', 'refs(umd).json'],
        ['refs_p0.p', 'refs(unc).p'],
        ['refs_p4.p', 'refs(google).p'],
      ]) {
        const folder = await makeRefcocoFolder(join(dir, fixture), fixture, name);
        const report = await importPath(store, { path: folder, name: fixture });
        results.push((await snapshot(store, report.datasetId)).expressions);
      }
      assert.deepEqual(results[1], results[0]);
      assert.deepEqual(results[2], results[0]);
    } finally {
      await store.close();
    }
  });
});
