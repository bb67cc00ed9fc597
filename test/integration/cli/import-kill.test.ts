// kill -9 of the CLI in the middle of a large import's write: on reopen the database passes integrity_check, what
// was saved before is intact, and the import is either wholly absent or wholly present — never half written.
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { importPath } from '../../../src/main/services/import';
import { openStore } from '../../../src/main/store/open-store';
import { writeTestImage } from '../../helpers/images';
import { withTempDir } from '../../helpers/temp-dir';
import { spawnCli } from './run-cli';

const IMAGES = 300;
const PER_IMAGE = 40;

async function writeLargeCoco(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  await Promise.all(Array.from({ length: IMAGES }, (_, i) => writeTestImage(join(dir, `im${i}.png`), 64, 48, i)));
  const annotations = [];
  for (let i = 0; i < IMAGES; i++) {
    for (let k = 0; k < PER_IMAGE; k++) {
      const x = (k * 7) % 50;
      const y = (k * 5) % 36;
      annotations.push({
        id: i * PER_IMAGE + k + 1,
        image_id: i + 1,
        category_id: 1,
        segmentation: [[x, y, x + 10, y + 1, x + 12, y + 11, x + 1, y + 9]],
        iscrowd: 0,
      });
    }
  }
  const file = join(dir, 'instances.json');
  await writeFile(
    file,
    JSON.stringify({
      images: Array.from({ length: IMAGES }, (_, i) => ({ id: i + 1, file_name: `im${i}.png`, width: 64, height: 48 })),
      categories: [{ id: 1, name: 'thing' }],
      annotations,
    }),
  );
  return file;
}

test('kill -9 during an import leaves a consistent database', async (t) => {
  await withTempDir(async (dir) => {
    const db = join(dir, 'kill.db');
    const before = await openStore(db);
    await mkdir(join(dir, 'saved'));
    await writeTestImage(join(dir, 'saved', 'keep.png'), 10, 10);
    await importPath(before, { path: join(dir, 'saved'), name: 'saved' });
    await before.close();

    const file = await writeLargeCoco(join(dir, 'big'));
    const child = spawnCli(['import', file, '--db', db, '--name', 'big']);
    let stderr = '';
    let exited = false;
    child.on('exit', () => (exited = true));
    await new Promise<void>((resolve, reject) => {
      child.stderr!.on('data', (chunk) => {
        stderr += chunk;
        // The write phase has begun: the transaction is open and rows are going in.
        if (/writing 0\//.test(stderr)) setTimeout(resolve, 150);
      });
      child.on('exit', () => reject(new Error(`the import ended before it could be killed:\n${stderr}`)));
    });
    assert.equal(exited, false, 'the import was still running when killed');
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));

    const after = await openStore(db);
    try {
      const check = await after.read((r) => r.all<{ integrity_check: string }>('PRAGMA integrity_check'));
      assert.deepEqual(check, [{ integrity_check: 'ok' }]);
      const datasets = await after.read((r) => r.all<{ name: string }>('SELECT name FROM datasets ORDER BY id'));
      const annotations = await after.read((r) =>
        r.get<{ n: number }>(
          "SELECT count(*) AS n FROM annotations a JOIN images i ON i.id = a.image_id JOIN datasets d ON d.id = i.dataset_id WHERE d.name = 'big'",
        ),
      );
      t.diagnostic(`after kill: ${datasets.length === 1 ? 'import absent' : 'import complete'}`);
      if (datasets.length === 1) {
        assert.deepEqual(datasets, [{ name: 'saved' }]);
        assert.equal(annotations!.n, 0);
      } else {
        assert.deepEqual(datasets, [{ name: 'saved' }, { name: 'big' }]);
        assert.equal(annotations!.n, IMAGES * PER_IMAGE);
      }
      const kept = await after.read((r) =>
        r.get<{ n: number }>('SELECT count(*) AS n FROM images WHERE path = ?', ['keep.png']),
      );
      assert.equal(kept!.n, 1);
    } finally {
      await after.close();
    }
  });
});
