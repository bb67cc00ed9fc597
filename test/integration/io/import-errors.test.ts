// Bad input: every failure names the file, the record and the problem, and leaves the database as it was.
import assert from 'node:assert/strict';
import { copyFile, mkdir, readFile, symlink, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { importPath } from '../../../src/main/services/import';
import { openStore } from '../../../src/main/store/open-store';
import type { Store } from '../../../src/main/store/types';
import { writeCocoImages, writeTestImage } from '../../helpers/images';
import { withTempDir } from '../../helpers/temp-dir';

const FIXTURES = new URL('../../fixtures/io/', import.meta.url);

async function counts(store: Store) {
  return store.read(async (db) => ({
    datasets: (await db.get<{ n: number }>('SELECT count(*) AS n FROM datasets'))!.n,
    images: (await db.get<{ n: number }>('SELECT count(*) AS n FROM images'))!.n,
    annotations: (await db.get<{ n: number }>('SELECT count(*) AS n FROM annotations'))!.n,
    expressions: (await db.get<{ n: number }>('SELECT count(*) AS n FROM expressions'))!.n,
  }));
}

/** Runs the import, expects it to fail with a message matching every pattern, and the store to be unchanged. */
async function expectRejected(store: Store, input: Parameters<typeof importPath>[1], patterns: RegExp[]) {
  const before = await counts(store);
  const error = await importPath(store, input).then(
    () => assert.fail('the import should have failed'),
    (e: Error) => e,
  );
  for (const pattern of patterns) assert.match(error.message, pattern);
  assert.deepEqual(await counts(store), before, 'the database is as it was');
}

async function withStore(fn: (store: Store, dir: string) => Promise<void>) {
  await withTempDir(async (dir) => {
    const store = await openStore(join(dir, 'db.sqlite'));
    try {
      // Something already saved, which no failed import may disturb.
      await mkdir(join(dir, 'good'));
      await writeTestImage(join(dir, 'good', 'x.png'), 8, 6);
      await importPath(store, { path: join(dir, 'good'), name: 'existing' });
      await fn(store, dir);
    } finally {
      await store.close();
    }
  });
}

// The fixture edited in place by each test: any field may be broken on purpose.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function cocoWith(dir: string, edit: (coco: any) => void): Promise<string> {
  const coco = JSON.parse(await readFile(new URL('coco-mixed.json', FIXTURES), 'utf8'));
  await writeCocoImages(join(dir, 'coco'), coco.images);
  edit(coco);
  const file = join(dir, 'coco', 'instances.json');
  await writeFile(file, JSON.stringify(coco));
  return file;
}

test('a truncated image in a folder names the file; nothing is imported', async () => {
  await withStore(async (store, dir) => {
    const folder = join(dir, 'photos');
    await writeTestImage(join(folder, 'ok.jpg'), 32, 24);
    await writeTestImage(join(folder, 'deep', 'cut.jpg'), 32, 24);
    await truncate(join(folder, 'deep', 'cut.jpg'), 200);
    await writeFile(join(folder, 'garbage.png'), 'not a png at all');
    await expectRejected(store, { path: folder }, [/photos: 2 problems/, /deep\/cut\.jpg/, /garbage\.png/]);
  });
});

test('truncated JSON is reported with the line and column', async () => {
  await withStore(async (store, dir) => {
    const file = await cocoWith(dir, () => {});
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.slice(0, text.length / 2));
    await expectRejected(store, { path: file }, [/instances\.json/, /malformed JSON at line \d+ column \d+/]);
  });
});

test('an annotation whose image is missing names the annotation', async () => {
  await withStore(async (store, dir) => {
    const file = await cocoWith(dir, (coco) => {
      coco.annotations[2].image_id = 999;
    });
    await expectRejected(store, { path: file }, [/instances\.json/, /annotation 103/, /999/]);
  });
});

test('an RLE whose size disagrees with its image is refused', async () => {
  await withStore(async (store, dir) => {
    const file = await cocoWith(dir, (coco) => {
      coco.annotations[2].segmentation.size = [10, 10];
    });
    await expectRejected(store, { path: file }, [/annotation 103/, /size/]);
  });
});

test('a polygon with fewer than 3 points is refused', async () => {
  await withStore(async (store, dir) => {
    const file = await cocoWith(dir, (coco) => {
      coco.annotations[0].segmentation = [[1, 1, 5, 5]];
    });
    await expectRejected(store, { path: file }, [/annotation 101/, /3 points|fewer than/]);
  });
});

test('an image file missing from disk names the image', async () => {
  await withStore(async (store, dir) => {
    const file = await cocoWith(dir, (coco) => {
      coco.images[1].file_name = 'nested/not-there.png';
    });
    await expectRejected(store, { path: file }, [/nested\/not-there\.png/]);
  });
});

test('an image whose size disagrees with the JSON is refused', async () => {
  await withStore(async (store, dir) => {
    const file = await cocoWith(dir, (coco) => {
      coco.images[2].width = 26;
    });
    await expectRejected(store, { path: file }, [/image 13 \('c\.webp'\)/, /26×25/, /25×25/]);
  });
});

test('file names escaping the images folder are refused', async () => {
  await withStore(async (store, dir) => {
    await writeTestImage(join(dir, 'outside.jpg'), 48, 36);
    await symlink(join(dir, 'outside.jpg'), join(dir, 'link.jpg'));
    const file = await cocoWith(dir, (coco) => {
      coco.images[0].file_name = '../outside.jpg';
    });
    await expectRejected(store, { path: file }, [/\.\.\/outside\.jpg/]);
  });
});

test('a pickle that is not a refs file is refused by name', async () => {
  await withStore(async (store, dir) => {
    const folder = join(dir, 'refcoco');
    const instances = JSON.parse(await readFile(new URL('instances.json', FIXTURES), 'utf8'));
    await writeCocoImages(folder, instances.images);
    await copyFile(new URL('instances.json', FIXTURES), join(folder, 'instances.json'));
    await copyFile(new URL('values_p2.p', FIXTURES), join(folder, 'refs(unc).p'));
    await expectRejected(store, { path: folder }, [/refs\(unc\)\.p/, /not a RefCOCO refs file/]);
  });
});

test('a ref pointing at an unknown annotation is refused by ref id', async () => {
  await withStore(async (store, dir) => {
    const folder = join(dir, 'refcoco');
    const instances = JSON.parse(await readFile(new URL('instances.json', FIXTURES), 'utf8'));
    await writeCocoImages(folder, instances.images);
    await copyFile(new URL('instances.json', FIXTURES), join(folder, 'instances.json'));
    const refs = JSON.parse(await readFile(new URL('refs.json', FIXTURES), 'utf8'));
    refs[0].ann_id = 424242;
    await writeFile(join(folder, 'refs(unc).json'), JSON.stringify(refs));
    await expectRejected(store, { path: folder }, [
      /refs\(unc\)\.json/,
      new RegExp(`ref ${refs[0].ref_id}: ann_id 424242`),
    ]);
  });
});

test('a dataset name already in use is refused', async () => {
  await withStore(async (store, dir) => {
    await mkdir(join(dir, 'again'));
    await writeTestImage(join(dir, 'again', 'y.png'), 4, 4);
    await expectRejected(store, { path: join(dir, 'again'), name: 'existing' }, [/existing/, /already/]);
  });
});
