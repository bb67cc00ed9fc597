// Store figures: a 100,000-image dataset, 50,000 annotations (with their versions) in one transaction, image-grid
// pages deep into the dataset, single saves, and the database size.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { AnnotationStatus, Provenance, Rle } from '../src/shared/domain';
import { createMask, encodeRle } from '../src/main/masks';
import { insertAnnotations, saveAnnotation, type NewAnnotation } from '../src/main/services/annotations';
import { getDataset, insertDataset, listDatasets } from '../src/main/services/datasets';
import { insertImages, listImages, type ImageFilter, type NewImage } from '../src/main/services/images';
import { openStore } from '../src/main/store/open-store';

const IMAGES = 100_000;
const ANNOTATIONS = 50_000;
const WIDTH = 640;
const HEIGHT = 480;

function figure(name: string, value: number, digits = 1): void {
  console.log(`${name} ${value.toFixed(digits)}`);
}

/** Ellipses of varied size and place, so the RLE strings are as long as real object masks' are. */
function ellipseMasks(n: number): Rle[] {
  const masks: Rle[] = [];
  for (let k = 0; k < n; k++) {
    const mask = createMask(WIDTH, HEIGHT);
    const cx = 80 + ((k * 97) % 480);
    const cy = 60 + ((k * 61) % 360);
    const rx = 20 + ((k * 13) % 100);
    const ry = 15 + ((k * 29) % 80);
    for (let y = Math.max(0, cy - ry); y < Math.min(HEIGHT, cy + ry); y++) {
      for (let x = Math.max(0, cx - rx); x < Math.min(WIDTH, cx + rx); x++) {
        if (((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1) mask.data[y * WIDTH + x] = 1;
      }
    }
    masks.push(encodeRle(mask));
  }
  return masks;
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const value = await fn();
  return [value, performance.now() - start];
}

async function median(runs: number, fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push((await timed(fn))[1]);
  times.sort((a, b) => a - b);
  return times[Math.floor(runs / 2)];
}

const dir = await mkdtemp(path.join(os.tmpdir(), 'reflabel-bench-'));
const file = path.join(dir, 'bench.db');
try {
  const store = await openStore(file);
  const databaseBytes = async (): Promise<number> => {
    const row = await store.read((db) =>
      db.get<{ bytes: number }>('SELECT page_count * page_size AS bytes FROM pragma_page_count(), pragma_page_size()'),
    );
    return row!.bytes;
  };
  const masks = ellipseMasks(64);
  figure('store.mask_counts_chars_mean', masks.reduce((s, m) => s + m.counts.length, 0) / masks.length, 0);

  const [imageIds, imagesMs] = await timed(() =>
    store.write(async (tx) => {
      const dataset = await insertDataset(tx, { name: 'bench', root: '/data/bench' });
      const rows: NewImage[] = Array.from({ length: IMAGES }, (_, i) => ({
        datasetId: dataset.id,
        path: `images/${String((i * 7919) % IMAGES).padStart(6, '0')}.jpg`,
        width: WIDTH,
        height: HEIGHT,
        sha256: i.toString(16).padStart(64, '0'),
        bytes: 150_000 + i,
      }));
      return insertImages(tx, rows);
    }),
  );
  figure('store.images_insert_100k_ms', imagesMs, 0);
  const imagesOnly = await databaseBytes();

  const statuses: [AnnotationStatus, Provenance][] = [
    ['accepted', 'ground-truth'],
    ['accepted', 'candidate'],
    ['accepted', 'manual'],
    ['needs-review', 'candidate'],
    ['rejected', 'candidate'],
  ];
  const annotations: NewAnnotation[] = Array.from({ length: ANNOTATIONS }, (_, i) => {
    const [status, provenance] = statuses[i % statuses.length];
    return {
      imageId: imageIds[i * 2],
      mask: masks[i % masks.length],
      status,
      provenance,
      sourceId: i,
      author: 'import',
    };
  });
  const [, annotationsMs] = await timed(() => store.write((tx) => insertAnnotations(tx, annotations)));
  figure('store.annotations_insert_50k_one_tx_ms', annotationsMs, 0);
  figure('store.annotations_insert_per_s', ANNOTATIONS / (annotationsMs / 1000), 0);
  figure('store.bytes_per_annotation_with_version', ((await databaseBytes()) - imagesOnly) / ANNOTATIONS, 0);

  const [datasets, listMs] = await timed(() => listDatasets(store));
  figure('store.list_datasets_ms', listMs);
  const datasetId = datasets[0].id;
  const filters: ImageFilter[] = ['all', 'unlabelled', 'accepted', 'needs-review', 'has-ground-truth'];
  for (const filter of filters) {
    const first = await median(5, () => listImages(store, { datasetId, filter, offset: 0, limit: 200 }));
    const total = (await listImages(store, { datasetId, filter, limit: 1 })).total;
    const deep = await median(5, () =>
      listImages(store, { datasetId, filter, offset: Math.max(0, total - 200), limit: 200 }),
    );
    figure(`store.list_images_${filter}_first_page_ms`, first);
    figure(`store.list_images_${filter}_last_page_ms`, deep);
  }
  figure('store.dataset_summary_ms', await median(5, () => getDataset(store, datasetId)));

  const saves = 200;
  const [, savesMs] = await timed(async () => {
    for (let i = 0; i < saves; i++) {
      await saveAnnotation(store, {
        imageId: imageIds[i * 2 + 1],
        mask: masks[i % masks.length],
        categoryId: null,
        expressionId: null,
        status: 'accepted',
        provenance: 'manual',
        author: 'user',
      });
    }
  });
  figure('store.save_annotation_ms', savesMs / saves, 2);

  await store.close();
  const size = (await stat(file)).size;
  figure('store.db_size_mb', size / 2 ** 20);
} finally {
  await rm(dir, { recursive: true, force: true });
}
