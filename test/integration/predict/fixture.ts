// A one-image dataset and tiny random-weight CLIP and SAM checkpoints in a temp folder, for the prediction tests.
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { addImages } from '../../../src/main/services/images';
import { createDataset } from '../../../src/main/services/datasets';
import { openStore } from '../../../src/main/store/open-store';
import type { Store } from '../../../src/main/store/types';

const FIXTURES = join(import.meta.dirname, '../../fixtures/vision');

/**
 * A 56-token BPE vocabulary whose ids stay below the tiny checkpoint's vocab_size (120): the letters with and
 * without '</w>', two merges, and the specials last (the checkpoint's eos_token_id 2 finds the end token as the
 * largest id, as in OpenAI's files).
 */
export async function writeTinyVocabulary(dir: string): Promise<void> {
  const letters = 'abcdefghijklmnopqrstuvwxyz'.split('');
  const tokens = [...letters, ...letters.map((c) => `${c}</w>`), 'th', 'the</w>', '<|startoftext|>', '<|endoftext|>'];
  await writeFile(join(dir, 'vocab.json'), JSON.stringify(Object.fromEntries(tokens.map((t, i) => [t, i]))));
  await writeFile(join(dir, 'merges.txt'), '#version: 0.2\nt h\nth e</w>\n');
}

export interface PredictFixture {
  dbFile: string;
  store: Store;
  imageId: number;
  imageFile: string;
  clipDir: string;
  samDir: string;
}

/** A red disc on a gradient, 96 × 64: a few distinct regions for AMG to find. */
async function writeScene(file: string): Promise<void> {
  const width = 96;
  const height = 64;
  const pixels = Buffer.alloc(width * height * 3);
  for (let i = 0; i < width * height; i++) {
    const x = i % width;
    const y = Math.floor(i / width);
    const inside = (x - 30) ** 2 + (y - 30) ** 2 < 18 ** 2;
    pixels.set(inside ? [230, 30, 30] : [20, (x * 3) % 256, (y * 5) % 256], i * 3);
  }
  await sharp(pixels, { raw: { width, height, channels: 3 } })
    .png()
    .toFile(file);
}

export async function makePredictFixture(dir: string): Promise<PredictFixture> {
  const clipDir = join(dir, 'clip');
  const samDir = join(dir, 'sam');
  const root = join(dir, 'images');
  for (const d of [clipDir, samDir, root]) await mkdir(d, { recursive: true });
  for (const f of ['model.safetensors', 'config.json']) {
    await copyFile(join(FIXTURES, 'clip/quick-w32-p8', f), join(clipDir, f));
    await copyFile(join(FIXTURES, 'sam/frame1024-w14', f), join(samDir, f));
  }
  await writeTinyVocabulary(clipDir);
  const imageFile = join(root, 'scene.png');
  await writeScene(imageFile);
  const bytes = await readFile(imageFile);
  const dbFile = join(dir, 'reflabel.db');
  const store = await openStore(dbFile);
  const dataset = await createDataset(store, { name: 'scenes', root });
  const [imageId] = await addImages(store, [
    {
      datasetId: dataset.id,
      path: 'scene.png',
      width: 96,
      height: 64,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      bytes: (await stat(imageFile)).size,
    },
  ]);
  return { dbFile, store, imageId, imageFile, clipDir, samDir };
}
