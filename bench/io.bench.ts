// Import and export of a generated COCO file with 5,000 images and 50,000 polygon annotations, and the database
// size it leaves. Targets (issue 2): import and export each under 30 s on a 2-core machine.
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { exportDataset } from '../src/main/services/export';
import { importPath } from '../src/main/services/import';
import { openStore } from '../src/main/store/open-store';

const IMAGES = Number(process.env.BENCH_IMAGES ?? 5000);
const PER_IMAGE = Number(process.env.BENCH_PER_IMAGE ?? 10);
const W = 640;
const H = 480;

function polygon(seed: number): number[] {
  // A 12-sided blob of varying size and place, like a COCO object outline.
  const cx = 60 + ((seed * 97) % (W - 120));
  const cy = 60 + ((seed * 57) % (H - 120));
  const r = 15 + (seed % 45);
  const out: number[] = [];
  for (let k = 0; k < 12; k++) {
    const a = (k / 12) * Math.PI * 2;
    const rr = r * (0.7 + 0.3 * Math.sin(seed + k * 1.7));
    out.push(+(cx + rr * Math.cos(a)).toFixed(2), +(cy + rr * Math.sin(a)).toFixed(2));
  }
  return out;
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'reflabel-bench-io-'));
  try {
    const images = join(dir, 'images');
    await mkdir(images);
    // One small JPEG written under many names: the bench measures RefLabel, not image generation. The COCO sizes
    // claim the file's real size, so the import's size check passes.
    const jpeg = await sharp({ create: { width: W, height: H, channels: 3, background: '#7a8b9c' } })
      .jpeg()
      .toBuffer();
    await Promise.all(
      Array.from({ length: IMAGES }, (_, i) => writeFile(join(images, `${String(i).padStart(6, '0')}.jpg`), jpeg)),
    );
    const annotations = [];
    for (let i = 0; i < IMAGES; i++) {
      for (let k = 0; k < PER_IMAGE; k++) {
        const id = i * PER_IMAGE + k + 1;
        annotations.push({ id, image_id: i + 1, category_id: 1 + (k % 5), segmentation: [polygon(id)], iscrowd: 0 });
      }
    }
    const cocoFile = join(images, 'instances.json');
    await writeFile(
      cocoFile,
      JSON.stringify({
        images: Array.from({ length: IMAGES }, (_, i) => ({
          id: i + 1,
          file_name: `${String(i).padStart(6, '0')}.jpg`,
          width: W,
          height: H,
        })),
        categories: ['person', 'dog', 'car', 'horse', 'bus'].map((name, i) => ({ id: i + 1, name })),
        annotations,
      }),
    );
    console.log(`io.dataset images=${IMAGES} annotations=${annotations.length} size=${W}x${H}`);

    const db = join(dir, 'bench.db');
    const store = await openStore(db);
    let t = performance.now();
    const report = await importPath(store, { path: cocoFile, name: 'bench' });
    console.log(`io.import_coco_s ${((performance.now() - t) / 1000).toFixed(2)}`);

    for (const segmentation of ['rle', 'polygon'] as const) {
      t = performance.now();
      await exportDataset(store, {
        datasetId: report.datasetId,
        format: 'coco',
        out: join(dir, `export-${segmentation}.json`),
        segmentation,
        include: 'gt',
      });
      console.log(`io.export_coco_${segmentation}_s ${((performance.now() - t) / 1000).toFixed(2)}`);
    }
    await store.close();
    const bytes = (await stat(db)).size + ((await stat(`${db}-wal`).catch(() => null))?.size ?? 0);
    console.log(`io.database_mib ${(bytes / 1024 / 1024).toFixed(1)}`);
    console.log(`io.database_bytes_per_annotation ${Math.round(bytes / annotations.length)}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
