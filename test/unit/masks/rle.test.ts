import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  area,
  bbox,
  compressRle,
  countsToString,
  decodeRle,
  decompressRle,
  encodeRle,
  maskFromData,
  maskToRuns,
  rleArea,
  rleBbox,
  runsFromRle,
  stringToCounts,
} from '../../../src/main/masks';
import {
  loadFixture,
  maskFromBits,
  maskFromRects,
  maskFromText,
  naiveRuns,
  randomMask,
  rng,
  sameMask,
} from './helpers';

interface RleCase {
  name: string;
  height: number;
  width: number;
  bits?: string;
  rects?: number[][];
  counts: string;
  uncompressed: number[];
  area: number;
  bbox: [number, number, number, number];
}
interface UncompressedCase {
  size: [number, number];
  counts: number[];
  compressed: string;
}
const fixture = loadFixture<{ cases: RleCase[]; uncompressed: UncompressedCase[] }>('rle.json');

function caseMask(c: RleCase) {
  return c.bits !== undefined
    ? maskFromBits(c.height, c.width, c.bits)
    : maskFromRects(c.height, c.width, c.rects ?? []);
}

// Worked by hand: columns top to bottom, left to right: 0 0 1 | 1 1 1 | 1 0 0 | 0 0 1 → runs 2, 5, 4, 1.
// String: '2' '5' '4', then 1 - 5 = -4, whose 5-bit two's complement 28 (sign bit set, nothing more) is 'L'.
const HAND = maskFromText(['.##.', '.#..', '##.#']);

test('encodes a hand-worked 3x4 mask', () => {
  assert.deepEqual(Array.from(maskToRuns(HAND).counts), [2, 5, 4, 1]);
  assert.deepEqual(encodeRle(HAND), { size: [3, 4], counts: '254L' });
  assert.equal(rleArea({ size: [3, 4], counts: '254L' }), 6);
  assert.deepEqual(rleBbox({ size: [3, 4], counts: '254L' }), [0, 0, 4, 3]);
});

test('decodes hand-worked RLEs', () => {
  assert.ok(sameMask(decodeRle({ size: [3, 4], counts: '254L' }), HAND));
  // One pixel at x=2, y=1 sits at column-major index 2*3+1 = 7.
  const one = decodeRle({ size: [3, 4], counts: '714' });
  assert.deepEqual(Array.from(one.data), [0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0]);
  assert.deepEqual(rleBbox({ size: [3, 4], counts: '714' }), [2, 1, 1, 1]);
});

test('a foreground run crossing into the next column makes the box full height', () => {
  // Pixels (0,3), (0,4) and (1,0) are one run in column-major order (indices 3..5). Its first and last pixels are
  // in rows 3 and 0, yet row 4 is covered too: the run wraps from the bottom of column 0 to the top of column 1.
  const m = maskFromText(['.#.', '...', '...', '#..', '#..']);
  assert.deepEqual(Array.from(maskToRuns(m).counts), [3, 3, 9]);
  assert.deepEqual(rleBbox(encodeRle(m)), [0, 0, 2, 5]);
  assert.deepEqual(bbox(m), [0, 0, 2, 5]);
});

test('writes multi-character counts by hand', () => {
  // 100 = 3*32 + 4: low group 4 with the continuation bit (36 → 'T'), then 3 → '3'.
  assert.equal(countsToString([100]), 'T3');
  // 16 has the sign bit of its first group set, so a zero group must follow: 48 → '`', then '0'.
  assert.equal(countsToString([16]), '`0');
  assert.deepEqual(Array.from(stringToCounts('T3')), [100]);
  assert.deepEqual(Array.from(stringToCounts('`0')), [16]);
  assert.deepEqual(Array.from(stringToCounts('254L')), [2, 5, 4, 1]);
});

test('uncompressed and compressed forms convert both ways', () => {
  assert.deepEqual(compressRle({ size: [3, 4], counts: [2, 5, 4, 1] }), { size: [3, 4], counts: '254L' });
  assert.deepEqual(decompressRle({ size: [3, 4], counts: '254L' }), { size: [3, 4], counts: [2, 5, 4, 1] });
  assert.ok(sameMask(decodeRle({ size: [3, 4], counts: [2, 5, 4, 1] }), HAND));
});

test('matches pycocotools on every fixture mask', () => {
  assert.ok(fixture.cases.length > 20);
  for (const c of fixture.cases) {
    const mask = caseMask(c);
    const rle = encodeRle(mask);
    assert.deepEqual(rle, { size: [c.height, c.width], counts: c.counts }, c.name);
    assert.deepEqual(Array.from(maskToRuns(mask).counts), c.uncompressed, c.name);
    assert.ok(sameMask(decodeRle(rle), mask), c.name);
    assert.ok(sameMask(decodeRle({ size: [c.height, c.width], counts: c.uncompressed }), mask), c.name);
    assert.equal(rleArea(rle), c.area, c.name);
    assert.deepEqual(rleBbox(rle), c.bbox, c.name);
    assert.equal(area(mask), c.area, c.name);
    assert.deepEqual(bbox(mask), c.bbox, c.name);
  }
});

test('fixtures include runs long enough to need several characters', () => {
  const longest = Math.max(...fixture.cases.flatMap((c) => c.uncompressed));
  assert.ok(longest > 2 ** 20, `longest run ${longest}`);
});

test('compresses uncompressed RLEs exactly as pycocotools frPyObjects', () => {
  for (const c of fixture.uncompressed) {
    const label = JSON.stringify(c.counts);
    assert.deepEqual(compressRle({ size: c.size, counts: c.counts }), { size: c.size, counts: c.compressed }, label);
    assert.deepEqual(decompressRle({ size: c.size, counts: c.compressed }).counts, c.counts, label);
  }
});

test('random masks round-trip and agree with a naive column-major encoder', () => {
  const rand = rng(11);
  for (let i = 0; i < 300; i++) {
    const w = 1 + Math.floor(rand() * 45);
    const h = 1 + Math.floor(rand() * 45);
    const mask = randomMask(rand, w, h, rand() < 0.5 ? 0 : rand() * 0.3);
    const runs = maskToRuns(mask);
    assert.deepEqual(Array.from(runs.counts), naiveRuns(mask), `${w}x${h}`);
    const rle = encodeRle(mask);
    assert.ok(sameMask(decodeRle(rle), mask), `${w}x${h}`);
    const plain = decompressRle(rle);
    assert.deepEqual(plain.counts, naiveRuns(mask));
    assert.deepEqual(compressRle(plain), rle);
  }
});

test('reads masks whose bytes start at any offset and treats any non-zero byte as foreground', () => {
  const rand = rng(5);
  const base = randomMask(rand, 13, 9);
  const buffer = new Uint8Array(base.data.length + 3);
  for (let i = 0; i < base.data.length; i++) buffer[i + 3] = base.data[i] * (1 + Math.floor(rand() * 200));
  const shifted = maskFromData(13, 9, buffer.subarray(3));
  assert.deepEqual(encodeRle(shifted), encodeRle(base));
  const aligned = maskFromData(
    12,
    9,
    new Uint8Array(108).map(() => (rand() < 0.5 ? 0 : 7)),
  );
  assert.deepEqual(Array.from(maskToRuns(aligned).counts), naiveRuns(aligned));
});

test('counts strings round-trip for values up to 2^32 - 1', () => {
  const rand = rng(3);
  for (let i = 0; i < 200; i++) {
    const n = 1 + Math.floor(rand() * 12);
    const counts = Array.from({ length: n }, () => Math.floor(rand() ** 4 * 0xffffffff));
    assert.deepEqual(Array.from(stringToCounts(countsToString(counts))), counts);
  }
  assert.deepEqual(
    Array.from(stringToCounts(countsToString([0xffffffff, 0, 0, 0xffffffff]))),
    [0xffffffff, 0, 0, 0xffffffff],
  );
});

test('empty and zero-sized masks', () => {
  assert.deepEqual(encodeRle(maskFromData(0, 0, new Uint8Array(0))), { size: [0, 0], counts: '0' });
  const none = decodeRle({ size: [0, 5], counts: '' });
  assert.equal(none.data.length, 0);
  assert.deepEqual(rleBbox({ size: [4, 4], counts: [16] }), [0, 0, 0, 0]);
});

test('rejects malformed RLEs with a clear message', () => {
  assert.throws(() => decodeRle({ size: [3, 4], counts: '254' }), /sum to 11 pixels but size 3x4 has 12/);
  assert.throws(() => decodeRle({ size: [3, 4], counts: [2, 5, 4] }), /sum to 11 pixels/);
  assert.throws(() => decodeRle({ size: [3, 4], counts: [2, 5, 4, 2] }), /sum to 13 pixels/);
  assert.throws(() => decodeRle({ size: [3, 4], counts: '25 4L' }), /invalid character " " at offset 2/);
  assert.throws(() => decodeRle({ size: [3, 4], counts: '25~' }), /invalid character "~"/);
  assert.throws(() => decodeRle({ size: [4, 4], counts: '`' }), /ends in the middle of run 0/);
  // '2' '5' then 'L' (-4) as the third count is a negative run, not a delta.
  assert.throws(() => decodeRle({ size: [3, 4], counts: '25L' }), /invalid run 2 \(-4\)/);
  assert.throws(() => decodeRle({ size: [3, 4], counts: [2, -5, 4, 1] }), /count 1 must be a non-negative integer/);
  assert.throws(() => decodeRle({ size: [3, 4], counts: [2, 5.5, 4, 1] }), /count 1/);
  assert.throws(
    () => decodeRle({ size: [3] as unknown as [number, number], counts: '' }),
    /size must be \[height, width\]/,
  );
  assert.throws(() => decodeRle({ size: [-3, 4], counts: '' }), /size must be/);
  assert.throws(
    () => runsFromRle({ size: [3, 4], counts: 7 } as unknown as { size: [number, number]; counts: string }),
    /counts must be a string or an array/,
  );
  assert.throws(() => maskFromData(3, 4, new Uint8Array(11)), /11 bytes, expected 3x4 = 12/);
});
