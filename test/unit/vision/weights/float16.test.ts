import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  bfloat16ToFloat32,
  float16ToFloat32,
  float32ToBfloat16,
  float32ToFloat16,
} from '../../../../src/main/vision/weights/float16';

test('every float16 bit pattern widens and narrows back to itself (NaNs stay NaN)', () => {
  const all = new Uint16Array(65536).map((_, i) => i);
  const wide = float16ToFloat32(all);
  const back = float32ToFloat16(wide);
  for (let h = 0; h < 65536; h++) {
    if (Number.isNaN(wide[h])) assert.ok(Number.isNaN(float16ToFloat32(back.subarray(h, h + 1))[0]));
    else assert.equal(back[h], h, `pattern 0x${h.toString(16)}`);
  }
});

test('float16 landmarks: smallest subnormal, largest normal, overflow, ties to even', () => {
  const bits = float32ToFloat16(new Float32Array([2 ** -24, 65504, 65520, 2049, 2051, -0, 2 ** -25, 2 ** -25 * 1.5]));
  // 65520 is the tie between 65504 and infinity, and rounds to infinity (even); 2049 → 2048, 2051 → 2052 (even
  // mantissas); 2^-25 is the tie between 0 and the smallest subnormal and rounds to 0; 1.5·2^-25 rounds up.
  assert.deepEqual([...bits], [0x0001, 0x7bff, 0x7c00, 0x6800, 0x6802, 0x8000, 0x0000, 0x0001]);
  assert.deepEqual(
    [...float16ToFloat32(new Uint16Array([0x3c00, 0xc000, 0x0400, 0x7c00, 0xfc00]))],
    [1, -2, 2 ** -14, Infinity, -Infinity],
  );
});

test('bfloat16 keeps the top 16 bits, rounding to nearest even', () => {
  const values = new Float32Array([1, 1 + 2 ** -8, 1 + 3 * 2 ** -8, -3.5, NaN]);
  // 1 + 2^-8 is the tie between 1 and 1 + 2^-7 → 1 (even); 1 + 3·2^-8 → 1 + 2^-6.
  const bits = float32ToBfloat16(values);
  assert.deepEqual([...bits.subarray(0, 4)], [0x3f80, 0x3f80, 0x3f82, 0xc060]);
  const back = bfloat16ToFloat32(bits);
  assert.deepEqual([...back.subarray(0, 4)], [1, 1, 1 + 2 ** -6, -3.5]);
  assert.ok(Number.isNaN(back[4]));
});
