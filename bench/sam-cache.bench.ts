// What the SAM embedding cache saves on a ViT-B-size random checkpoint: the embedding of an image by encoding it,
// from memory, and from the disk cache in a fresh instance (the cost of a restart), then click-to-refine steps
// (first click, and a click that feeds the previous mask back) on a cached embedding. Prints one figure per line;
// refine figures are medians over a few clicks.
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RgbImage } from '../src/main/vision/methods/shared/image';
import { SamProposals } from '../src/main/vision/pipeline/sam-proposals';
import { writeRandomSamCheckpoint } from './random-checkpoints';

const THREADS = Number(process.env.SAM_BENCH_THREADS ?? 2);
const CLICKS = 5;

function print(name: string, value: number | string): void {
  console.log(`${name} ${typeof value === 'number' ? value.toFixed(value < 10 ? 3 : 1) : value}`);
}

async function ms<T>(run: () => Promise<T>): Promise<[number, T]> {
  const start = performance.now();
  const value = await run();
  return [performance.now() - start, value];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function image(width: number, height: number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) {
    const x = i % width;
    const y = Math.floor(i / width);
    const inDisc = (x - 200) ** 2 + (y - 180) ** 2 < 90 ** 2;
    data.set(inDisc ? [220, 40, 128] : [(x * 255) / width, (y * 255) / height, 128], i * 3);
  }
  return { width, height, data };
}

const dir = await mkdtemp(join(tmpdir(), 'reflabel-sam-cache-bench-'));
const opened: SamProposals[] = [];
try {
  print('sam_cache.load_average_1m', loadavg()[0]);
  print('sam_cache.threads', THREADS);
  await writeRandomSamCheckpoint(dir);
  const open = async () => {
    const sam = await SamProposals.load(
      dir,
      { device: 'cuda', intraOpThreads: THREADS },
      { cacheDir: join(dir, 'cache') },
    );
    opened.push(sam);
    return sam;
  };
  const rgb = image(640, 480);
  const sha = createHash('sha256').update(rgb.data).digest('hex');
  const load = () => Promise.resolve(rgb);

  const sam = await open();
  // Compiling the graphs and opening the sessions are not the cache's business: a first image pays them.
  await sam.embedding(createHash('sha256').update('warm-up').digest('hex'), load);
  const [encodeMs] = await ms(() => sam.embedding(sha, load));
  print('sam_cache.encode_ms', encodeMs);
  const [memoryMs] = await ms(() => sam.embedding(sha, load));
  print('sam_cache.memory_hit_ms', memoryMs);

  const fresh = await open();
  const [diskMs] = await ms(() => fresh.embedding(sha, load));
  print('sam_cache.disk_hit_ms', diskMs);
  print('sam_cache.fresh_instance_encodes', fresh.encodes);
  const [isCachedMs] = await ms(() => fresh.isCached(sha));
  print('sam_cache.is_cached_ms', isCachedMs);

  const first: number[] = [];
  const next: number[] = [];
  for (let i = 0; i < CLICKS; i++) {
    const point = { x: 150 + 20 * i, y: 170, positive: true };
    const [a, r] = await ms(() => sam.refine({ imageSha: sha, image: load, points: [point] }));
    first.push(a);
    const [b] = await ms(() =>
      sam.refine({
        imageSha: sha,
        image: load,
        points: [point, { x: 500, y: 400, positive: false }],
        previous: r.refinementId,
      }),
    );
    next.push(b);
  }
  print('sam_cache.refine_first_click_ms_median', median(first));
  print('sam_cache.refine_with_previous_ms_median', median(next));
  print('sam_cache.encodes', sam.encodes);
} finally {
  for (const sam of opened) await sam.release();
  await rm(dir, { recursive: true, force: true });
}
