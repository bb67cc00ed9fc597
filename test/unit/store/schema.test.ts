// The schema itself, through plain SQL: indexes behind every foreign key, cascades, SET NULLs and CHECKs.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SqlWriter } from '../../../src/main/store/types';
import { openTempStore, type TempStore } from './temp-store';

interface ForeignKey {
  table: string;
  from: string;
  to: string;
  on_delete: string;
}

/** One dataset with one of everything that hangs off it; returns the ids. */
async function seed(tx: SqlWriter, name: string) {
  const dataset = (await tx.run("INSERT INTO datasets (name, root) VALUES (?, '/data')", [name])).lastId;
  const image = (
    await tx.run(
      "INSERT INTO images (dataset_id, path, width, height, sha256, bytes) VALUES (?, 'a.jpg', 4, 3, 'h', 10)",
      [dataset],
    )
  ).lastId;
  const category = (await tx.run("INSERT INTO categories (dataset_id, name) VALUES (?, 'horse')", [dataset])).lastId;
  const expression = (await tx.run("INSERT INTO expressions (image_id, text) VALUES (?, 'the horse')", [image])).lastId;
  const set = (
    await tx.run("INSERT INTO proposal_sets (image_id, source, preset, model) VALUES (?, 'amg', 'dense', 'sam')", [
      image,
    ])
  ).lastId;
  await tx.run(
    "INSERT INTO proposals (proposal_set_id, idx, mask, mask_h, mask_w, score, area) VALUES (?, 0, 'm', 3, 4, 0.9, 2)",
    [set],
  );
  const candidate = (
    await tx.run(
      `INSERT INTO candidates (expression_id, proposal_set_id, proposal_idx, method, rank, score, mask, mask_h, mask_w)
       VALUES (?, ?, 0, 'copatch', 1, 0.5, 'm', 3, 4)`,
      [expression, set],
    )
  ).lastId;
  const annotation = (
    await tx.run(
      `INSERT INTO annotations (image_id, category_id, expression_id, mask, mask_h, mask_w, area,
         bbox_x, bbox_y, bbox_w, bbox_h, status, provenance, candidate_id)
       VALUES (?, ?, ?, 'm', 3, 4, 2, 0, 0, 1, 2, 'accepted', 'candidate', ?)`,
      [image, category, expression, candidate],
    )
  ).lastId;
  await tx.run(
    `INSERT INTO annotation_versions (annotation_id, version, mask, mask_h, mask_w, category_id, status, edited, author)
     VALUES (?, 1, 'm', 3, 4, ?, 'accepted', 0, 'user')`,
    [annotation, category],
  );
  await tx.run('UPDATE expressions SET ground_truth_id = ? WHERE id = ?', [annotation, expression]);
  return { dataset, image, category, expression, set, candidate, annotation };
}

async function count(t: TempStore, table: string): Promise<number> {
  const row = await t.store.read((db) => db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`));
  return row!.n;
}

describe('schema', () => {
  let t: TempStore;
  before(async () => {
    t = await openTempStore();
  });
  after(() => t.dispose());

  it('has an index starting with the column of every foreign key', async () => {
    const keys = await t.store.read(async (db) => {
      const tables = await db.all<{ name: string }>(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
      );
      const out: ForeignKey[] = [];
      for (const { name } of tables) {
        const fks = await db.all<Omit<ForeignKey, 'table'>>(
          `SELECT "from", "to", on_delete FROM pragma_foreign_key_list(?)`,
          [name],
        );
        out.push(...fks.map((fk) => ({ ...fk, table: name })));
      }
      return out;
    });
    assert.ok(keys.length >= 15, `found ${keys.length} foreign keys`);
    for (const fk of keys) {
      const leading = await t.store.read((db) =>
        db.all<{ name: string }>(
          `SELECT l.name FROM pragma_index_list(?1) l
           WHERE (SELECT name FROM pragma_index_info(l.name) WHERE seqno = 0) = ?2`,
          [fk.table, fk.from],
        ),
      );
      assert.ok(leading.length > 0, `${fk.table}.${fk.from} → ${fk.to} has no index`);
    }
  });

  it('cascades a dataset delete to everything under it and leaves other datasets alone', async () => {
    const ids = await t.store.write(async (tx) => {
      await seed(tx, 'keep');
      return seed(tx, 'drop');
    });
    const tables = [
      'images',
      'categories',
      'expressions',
      'proposal_sets',
      'proposals',
      'candidates',
      'annotations',
      'annotation_versions',
    ];
    const before = await Promise.all(tables.map((table) => count(t, table)));
    await t.store.write((tx) => tx.run('DELETE FROM datasets WHERE id = ?', [ids.dataset]));
    const afterDelete = await Promise.all(tables.map((table) => count(t, table)));
    tables.forEach((table, i) => assert.equal(afterDelete[i], before[i] - 1, table));
  });

  it('sets references to NULL where the schema says so', async () => {
    const ids = await t.store.write((tx) => seed(tx, 'set-null'));
    await t.store.write((tx) => tx.run('DELETE FROM candidates WHERE id = ?', [ids.candidate]));
    await t.store.write((tx) => tx.run('DELETE FROM categories WHERE id = ?', [ids.category]));
    const annotation = await t.store.read((db) =>
      db.get<{ candidate_id: number | null; category_id: number | null }>(
        'SELECT candidate_id, category_id FROM annotations WHERE id = ?',
        [ids.annotation],
      ),
    );
    assert.deepEqual(annotation, { candidate_id: null, category_id: null });
    const version = await t.store.read((db) =>
      db.get<{ category_id: number | null }>('SELECT category_id FROM annotation_versions WHERE annotation_id = ?', [
        ids.annotation,
      ]),
    );
    assert.equal(version?.category_id, null);
    await t.store.write((tx) => tx.run('DELETE FROM annotations WHERE id = ?', [ids.annotation]));
    const expression = await t.store.read((db) =>
      db.get<{ ground_truth_id: number | null }>('SELECT ground_truth_id FROM expressions WHERE id = ?', [
        ids.expression,
      ]),
    );
    assert.equal(expression?.ground_truth_id, null);
    assert.equal(
      (await t.store.read((db) =>
        db.get<{ n: number }>('SELECT COUNT(*) AS n FROM annotation_versions WHERE annotation_id = ?', [
          ids.annotation,
        ]),
      ))!.n,
      0,
    );
  });

  it('enforces foreign keys and CHECK constraints', async () => {
    const ids = await t.store.write((tx) => seed(tx, 'checks'));
    const refused = async (sql: string, params: (string | number)[]) =>
      assert.rejects(
        t.store.write((tx) => tx.run(sql, params)),
        { code: 'SQLITE_CONSTRAINT' },
      );
    await refused(
      "INSERT INTO images (dataset_id, path, width, height, sha256, bytes) VALUES (?, 'x.jpg', 1, 1, 'h', 1)",
      [999999],
    );
    await refused("UPDATE annotations SET status = 'maybe' WHERE id = ?", [ids.annotation]);
    await refused("UPDATE annotations SET provenance = 'guess' WHERE id = ?", [ids.annotation]);
    await refused('UPDATE annotations SET edited = 2 WHERE id = ?', [ids.annotation]);
    await refused("UPDATE expressions SET split = 'testC' WHERE id = ?", [ids.expression]);
    await refused("INSERT INTO jobs (kind, state) VALUES ('prelabel', 'sleeping')", []);
    await refused("INSERT INTO job_items (job_id, item_key, state) VALUES (?, 'k', 'pending')", [999999]);
    await refused("UPDATE candidates SET params = 'not json' WHERE id = ?", [ids.candidate]);
    await refused(
      "INSERT INTO images (dataset_id, path, width, height, sha256, bytes) VALUES (?, 'a.jpg', 1, 1, 'h', 1)",
      [ids.dataset],
    );
  });
});
