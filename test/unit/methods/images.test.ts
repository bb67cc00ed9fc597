import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maskToRuns } from '../../../src/main/masks';
import {
  CLIP_MEAN,
  gaussianBlur,
  gaussianBlurFloat,
  gaussianKernel,
  gaussianKernelFixedPoint,
  gaussianSigma,
  localImage,
} from '../../../src/main/vision/methods/shared';
import { blurredBackground, globalImage } from '../../../src/main/vision/methods/hybridgl';
import { assertClose, loadFixture, maskFromText } from './helpers';

interface BlurCase {
  name: string;
  width: number;
  height: number;
  image: string;
  blurred: string;
  blurredFloat: number[];
}
const blur = loadFixture<{ opencv: string; kernel: number[]; cases: BlurCase[] }>('blur.json');
const bytes = (hex: string): Uint8Array => Uint8Array.from(Buffer.from(hex, 'hex'));

// A 3×2 image whose pixel i is (10i, 10i + 1, 10i + 2).
const image = {
  width: 3,
  height: 2,
  data: Uint8Array.from({ length: 18 }, (_, k) => 10 * Math.floor(k / 3) + (k % 3)),
};

test('local image: proposal pixels in 0..1, CLIP mean elsewhere, cropped to the box', () => {
  const m = maskFromText(['.#.', '.##']);
  // Box x 1..2, y 0..1: pixels 1 (inside), 2 (outside), 4 and 5 (inside).
  const out = localImage(image, m, { crop: true });
  assert.equal(out.width, 2);
  assert.equal(out.height, 2);
  const f = (v: number): number => Math.fround(v / 255);
  // prettier-ignore
  assertClose(out.data, [
    f(10), f(11), f(12), ...CLIP_MEAN.map(Math.fround),
    f(40), f(41), f(42), f(50), f(51), f(52),
  ], 0);
  // Uncropped, with a given fill, from runs.
  const full = localImage(image, maskToRuns(m), { fill: [0, 0.5, 1] });
  assert.equal(full.width, 3);
  assertClose(full.data.subarray(0, 6), [0, 0.5, 1, f(10), f(11), f(12)], 0);
  assert.throws(() => localImage(image, maskFromText(['...', '...']), { crop: true }), /empty proposal/);
  assert.throws(() => localImage(image, maskFromText(['..', '..'])), /proposal is 2x2, the image is 3x2/);
});

test('Gaussian σ rule and kernel: σ(15) = 2.6, as OpenCV getGaussianKernel(15, 0)', () => {
  assert.equal(gaussianSigma(15), 2.6);
  assertClose(gaussianKernel(15), blur.kernel, 1e-9, 'kernel');
  // OpenCV's fixed small kernels for k ≤ 7.
  assert.deepEqual(Array.from(gaussianKernel(5)), [0.0625, 0.25, 0.375, 0.25, 0.0625]);
  const fixed = gaussianKernelFixedPoint(15);
  assert.equal(
    fixed.reduce((a, b) => a + b, 0),
    256,
  );
  // Each tap is within one unit of the float kernel × 256 (error diffusion moves rounding, never by more).
  gaussianKernel(15).forEach((v, i) => assert.ok(Math.abs(fixed[i] - v * 256) <= 1, `tap ${i}`));
  assert.throws(() => gaussianKernel(4), /positive odd integer/);
});

test('8-bit blur equals cv2.GaussianBlur((15, 15), 0) byte for byte', () => {
  for (const c of blur.cases) {
    const out = gaussianBlur({ width: c.width, height: c.height, data: bytes(c.image) });
    assert.deepEqual(Buffer.from(out.data).toString('hex'), c.blurred, `${c.name} (OpenCV ${blur.opencv})`);
  }
});

test('float blur matches OpenCV on float32 to float rounding', () => {
  for (const c of blur.cases) {
    const f = Float32Array.from(bytes(c.image), (v) => v / 255);
    const out = gaussianBlurFloat({ width: c.width, height: c.height, data: f });
    assertClose(out.data, c.blurredFloat, 1e-6, c.name);
  }
});

test('blur of a constant image is the same image (the fixed-point kernel sums to exactly 1)', () => {
  const flat = { width: 20, height: 3, data: new Uint8Array(180).fill(201) };
  assert.deepEqual(gaussianBlur(flat).data, flat.data);
});

test('global image: sharp inside the proposal, the blurred background outside', () => {
  const background = blurredBackground(image);
  assert.deepEqual(background.data, gaussianBlur(image, 15).data);
  const m = maskFromText(['#..', '..#']);
  const out = globalImage(image, background, maskToRuns(m));
  const want = background.data.slice();
  want.set(image.data.subarray(0, 3), 0);
  want.set(image.data.subarray(15, 18), 15);
  assert.deepEqual(out.data, want);
});
