// The SAM pipeline end to end on the tiny 1024-frame checkpoint: image → preprocessing → compiled encoder →
// batched decoder → automatic mask generation, and click-to-refine with the previous logits fed back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { resizeBilinear } from '../../../../src/main/masks';
import { amgPreset } from '../../../../src/main/vision/sam/amg/params';
import { resizedShape } from '../../../../src/main/vision/sam/amg/frame';
import { compileSam } from '../../../../src/main/vision/sam/model/compile';
import { SamPredictor } from '../../../../src/main/vision/sam/predictor/predictor';
import { readRgbImage } from '../../../../src/main/vision/sam/predictor/read-image';
import { decodeRle } from '../../../../src/main/masks';
import { withTempDir } from '../../../helpers/temp-dir';

const CHECKPOINT = join(import.meta.dirname, '../../../fixtures/vision/sam/frame1024-w14');

/** segment-anything's postprocess_masks, written plainly: 256 → 1024, crop the resized image, → H × W, > 0. */
function officialUpsample(logits: Float32Array, width: number, height: number): Uint8Array {
  const frame = resizeBilinear(logits, 256, 256, 1024, 1024);
  const r = resizedShape({ width, height });
  const cropped = new Float32Array(r.width * r.height);
  for (let y = 0; y < r.height; y++) cropped.set(frame.subarray(y * 1024, y * 1024 + r.width), y * r.width);
  const full = resizeBilinear(cropped, r.width, r.height, width, height);
  return Uint8Array.from(full, (v) => (v > 0 ? 1 : 0));
}

test('SAM predictor end to end on a tiny checkpoint', async (t) => {
  await withTempDir(async (dir) => {
    for (const f of ['model.safetensors', 'config.json']) await copyFile(join(CHECKPOINT, f), join(dir, f));
    const encoder = await compileSam({ weightsDir: dir, variant: 'sam.encoder' });
    const decoder = await compileSam({ weightsDir: dir, variant: 'sam.decoder' });
    const width = 300;
    const height = 200;
    const pixels = Buffer.alloc(width * height * 3);
    for (let i = 0; i < width * height; i++) {
      const x = i % width;
      const y = Math.floor(i / width);
      const inside = (x - 120) ** 2 + (y - 90) ** 2 < 50 ** 2;
      pixels.set(inside ? [230, 30, 30] : [20, (x * 3) % 256, (y * 5) % 256], i * 3);
    }
    const file = join(dir, 'scene.png');
    await sharp(pixels, { raw: { width, height, channels: 3 } })
      .png()
      .toFile(file);
    const image = await readRgbImage(file);
    assert.equal(image.width, width);
    assert.deepEqual(image.data, new Uint8Array(pixels), 'PNG round trip is lossless');

    const predictor = await SamPredictor.load({ encoderPath: encoder.path, decoderPath: decoder.path });
    try {
      const embedding = await predictor.encode(image);
      assert.deepEqual(embedding.dims, [1, 32, 64, 64]);

      await t.test('automatic mask generation decodes every grid point and returns image-size RLE', async () => {
        let batches = 0;
        const params = amgPreset('sam-default', {
          pointsPerSide: 4,
          pointsPerBatch: 5,
          predIouThresh: 0,
          stabilityScoreThresh: 0,
        });
        const result = await predictor.proposals(image, params, { embedding, onProgress: () => batches++ });
        assert.equal(batches, 4, '16 points in batches of 5');
        assert.equal(result.counts.decoded, 16 * 3, 'three multimask outputs per point');
        assert.ok(result.masks.length >= 1);
        for (const m of result.masks) {
          assert.deepEqual(m.segmentation.size, [height, width]);
          const decoded = decodeRle(m.segmentation);
          assert.equal(
            decoded.data.reduce((a, v) => a + v, 0),
            m.area,
          );
        }
      });

      await t.test('click-to-refine upsamples as segment-anything and feeds its logits back', async () => {
        const click = { points: [{ x: 120, y: 90, label: 1 as const }] };
        const first = await predictor.refine(embedding, click);
        assert.equal(first.mask.length, width * height);
        assert.ok(first.token >= 1, 'a lone click takes the best multimask output');
        assert.deepEqual(first.mask, officialUpsample(first.lowResLogits, width, height));

        const again = await predictor.refine(embedding, {
          points: [...click.points, { x: 250, y: 40, label: 0 }],
          box: [60, 30, 190, 160],
          maskInput: first.lowResLogits,
        });
        assert.equal(again.token, 0, 'several prompts take the single-mask output');
        assert.deepEqual(again.mask, officialUpsample(again.lowResLogits, width, height));
        const withoutMask = await predictor.refine(embedding, {
          points: [...click.points, { x: 250, y: 40, label: 0 }],
          box: [60, 30, 190, 160],
        });
        assert.notDeepEqual(again.lowResLogits, withoutMask.lowResLogits, 'the previous logits change the result');
      });
    } finally {
      await predictor.release();
    }
  });
});
