// Properties of the method variants on tiny weights: each must reduce to the plain model where the method says it
// does, and proposals must not leak into each other.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, readFile, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { compileClip } from '../../../../src/main/vision/clip/compile';
import type { ClipVariant } from '../../../../src/main/vision/clip/variant';
import { withTempDir } from '../../../helpers/temp-dir';
import { rng } from '../../../helpers/random';

const FIXTURE = join(import.meta.dirname, '../../../fixtures/vision/clip/quick-w32-p8');
const SIZE = 32;
const PATCHES = 16;
const PROJ = 16;

async function withCheckpoint<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  return withTempDir(async (dir) => {
    for (const f of ['model.safetensors', 'config.json']) await copyFile(join(FIXTURE, f), join(dir, f));
    return fn(dir);
  });
}

async function run(
  dir: string,
  variant: ClipVariant,
  feeds: Record<string, ort.Tensor>,
  dtype: 'float32' | 'float16' = 'float32',
): Promise<Record<string, Float32Array>> {
  const { path } = await compileClip({ weightsDir: dir, variant, dtype });
  const session = await ort.InferenceSession.create(path, { executionProviders: ['cpu'] });
  try {
    const out = await session.run(feeds);
    return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.data as Float32Array]));
  } finally {
    await session.release();
  }
}

function pixels(batch: number, seed: number): ort.Tensor {
  const r = rng(seed);
  const data = Float32Array.from({ length: batch * 3 * SIZE * SIZE }, () => r() * 4 - 2);
  return new ort.Tensor('float32', data, [batch, 3, SIZE, SIZE]);
}

function masks(rows: number[][]): ort.Tensor {
  return new ort.Tensor('float32', Float32Array.from(rows.flat()), [rows.length, PATCHES]);
}

function row(data: Float32Array, i: number, width = PROJ): Float32Array {
  return data.subarray(i * width, (i + 1) * width);
}

function assertNear(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what: string): void {
  assert.equal(actual.length, expected.length, what);
  for (let i = 0; i < actual.length; i++) {
    assert.ok(Math.abs(actual[i] - expected[i]) <= tol, `${what}[${i}]: ${actual[i]} vs ${expected[i]}`);
  }
}

const full = new Array(PATCHES).fill(1);
const half = full.map((_, i) => (i % 3 === 0 ? 1 : 0));
const corner = full.map((_, i) => (i < 4 ? 1 : 0));

test('token masking with an all-ones mask equals the plain model', async () => {
  await withCheckpoint(async (dir) => {
    const image = pixels(1, 1);
    const plain = await run(dir, { variant: 'clip.image' }, { pixel_values: image });
    const masked = await run(
      dir,
      { variant: 'clip.image.token-mask', fromBlock: 1 },
      {
        pixel_values: image,
        token_mask: masks([full, full]),
      },
    );
    assertNear(row(masked.image_embeds, 0), plain.image_embeds, 1e-5, 'row 0');
    assertNear(row(masked.image_embeds, 1), plain.image_embeds, 1e-5, 'row 1');
    const partial = await run(
      dir,
      { variant: 'clip.image.token-mask', fromBlock: 1 },
      {
        pixel_values: image,
        token_mask: masks([half]),
      },
    );
    assert.ok(Math.abs(partial.image_embeds[0] - plain.image_embeds[0]) > 1e-3, 'a partial mask changes the feature');
  });
});

test('mask-CLS: a full mask gives the plain CLS, the plain CLS ignores mask tokens, and masks do not see each other', async () => {
  await withCheckpoint(async (dir) => {
    const image = pixels(1, 2);
    const plain = await run(dir, { variant: 'clip.image' }, { pixel_values: image });
    const variant: ClipVariant = { variant: 'clip.image.mask-cls' };
    const all = await run(dir, variant, { pixel_values: image, patch_masks: masks([half, full, corner]) });
    assertNear(row(all.mask_embeds, 1), plain.image_embeds, 1e-5, 'full-mask token');
    assertNear(all.image_embeds, plain.image_embeds, 1e-5, 'class token');
    for (const [i, m] of [half, corner].entries()) {
      const alone = await run(dir, variant, { pixel_values: image, patch_masks: masks([m]) });
      assertNear(row(all.mask_embeds, i === 0 ? 0 : 2), alone.mask_embeds, 1e-5, `mask ${i} alone`);
    }
  });
});

test('G2L hybrid: each proposal is computed independently of the others', async () => {
  await withCheckpoint(async (dir) => {
    const local = pixels(2, 3);
    const global = pixels(2, 4);
    const variant: ClipVariant = { variant: 'clip.image.hybrid', fromBlock: 1 };
    const both = await run(dir, variant, {
      local_pixel_values: local,
      global_pixel_values: global,
      token_mask: masks([half, corner]),
    });
    const n = 3 * SIZE * SIZE;
    const first = await run(dir, variant, {
      local_pixel_values: new ort.Tensor('float32', (local.data as Float32Array).slice(0, n), [1, 3, SIZE, SIZE]),
      global_pixel_values: new ort.Tensor('float32', (global.data as Float32Array).slice(0, n), [1, 3, SIZE, SIZE]),
      token_mask: masks([half]),
    });
    assertNear(row(both.image_embeds, 0), first.image_embeds, 1e-5, 'proposal 0');
  });
});

test('GEM keeps the original path: its image embedding equals the plain one', async () => {
  await withCheckpoint(async (dir) => {
    const image = pixels(2, 5);
    const plain = await run(dir, { variant: 'clip.image' }, { pixel_values: image });
    const gem = await run(dir, { variant: 'clip.image.gem', gemBlocks: 2 }, { pixel_values: image });
    assertNear(gem.image_embeds, plain.image_embeds, 1e-5, 'image_embeds');
    assert.equal(gem.gem_patch_embeds.length, 2 * PATCHES * PROJ);
  });
});

test('float16 graphs (for CUDA) agree with float32 to half-precision accuracy', async () => {
  await withCheckpoint(async (dir) => {
    const image = pixels(2, 6);
    const ids = new ort.Tensor(
      'int64',
      BigInt64Array.from({ length: 77 }, (_, i) => BigInt(i === 0 ? 118 : i < 6 ? 10 + i : i === 6 ? 119 : 0)),
      [1, 77],
    );
    for (const [variant, feeds, output] of [
      [{ variant: 'clip.image', taps: [2] }, { pixel_values: image }, 'image_embeds'],
      [{ variant: 'clip.text' }, { input_ids: ids }, 'text_embeds'],
    ] as const) {
      const f32 = await run(dir, variant, feeds);
      const f16 = await run(dir, variant, feeds, 'float16');
      const scale = Math.max(...Array.from(f32[output], Math.abs));
      assertNear(f16[output], f32[output], 2e-2 * scale, `${variant.variant} ${output}`);
    }
  });
});

test('bad model files are refused before any session is built', async () => {
  await withCheckpoint(async (dir) => {
    const weights = join(dir, 'model.safetensors');
    const config = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8'));
    config.vision_config.intermediate_size = 80;
    await writeFile(join(dir, 'config.json'), JSON.stringify(config));
    await assert.rejects(
      compileClip({ weightsDir: dir, variant: { variant: 'clip.image' } }),
      new RegExp(
        `${weights}: tensor 'vision_model\\.encoder\\.layers\\.0\\.mlp\\.fc1\\.weight' has shape \\[64, 32\\], but the model config implies \\[80, 32\\]`,
      ),
    );
    await truncate(weights, 5000);
    await assert.rejects(
      compileClip({ weightsDir: dir, variant: { variant: 'clip.text' } }),
      /model\.safetensors: truncated/,
    );
    await writeFile(weights, 'this is not a checkpoint, just some text that is long enough');
    await assert.rejects(
      compileClip({ weightsDir: dir, variant: { variant: 'clip.text' } }),
      /model\.safetensors: not a safetensors file/,
    );
    await assert.rejects(
      compileClip({ weightsDir: join(dir, 'nowhere'), variant: { variant: 'clip.text' } }),
      /config\.json: cannot read the model config/,
    );
  });
});
