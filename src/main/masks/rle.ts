// COCO run-length encoding exactly as pycocotools (maskApi.c) writes it: the mask read column by column (x outer,
// y inner), run lengths alternating background/foreground and always starting with a background run (0 when the
// first pixel is foreground). Masks here are row-major, so encoding and decoding never walk the image column by
// column (a cache miss per pixel on large images); both work on whole rows and on the few places where a column
// changes colour.

import type { Rle } from '../../shared/domain';
import { type Mask } from './mask';
import { countsToString, stringToCounts } from './rle-string';
import { GrowableI32 } from './growable';

/** RLE counts as plain numbers, the form COCO files use for iscrowd annotations. */
export interface UncompressedRle {
  /** [height, width], COCO's order. */
  size: [number, number];
  counts: number[];
}

export type AnyRle = Rle | UncompressedRle;

/** Decoded run lengths; the working form for area, bbox, IoU and merge without touching pixels. */
export interface Runs {
  height: number;
  width: number;
  counts: Uint32Array;
}

/** Row-major bytes whose rows start on 4-byte boundaries, so rows can be compared and combined a word at a time. */
interface WordRows {
  bytes: Uint8Array;
  words: Uint32Array;
  /** Bytes per row (width rounded up to a multiple of 4). */
  stride: number;
}

function wordRowsOf(mask: Mask): WordRows {
  const { width: w, height: h, data } = mask;
  if (w % 4 === 0 && data.byteOffset % 4 === 0) {
    return { bytes: data, words: new Uint32Array(data.buffer, data.byteOffset, (w * h) / 4), stride: w };
  }
  const stride = Math.ceil(w / 4) * 4;
  const bytes = new Uint8Array(stride * h);
  for (let y = 0; y < h; y++) bytes.set(data.subarray(y * w, y * w + w), y * stride);
  return { bytes, words: new Uint32Array(bytes.buffer), stride };
}

/** Column-major run lengths of a row-major mask; any non-zero byte is foreground. */
export function maskToRuns(mask: Mask): Runs {
  const { width: w, height: h, data } = mask;
  const n = w * h;
  // A transition is a pixel whose colour differs from the pixel before it in column-major order.
  // Find them row by row: rows 1.. against the row above (a word compare skips 4 unchanged pixels at once),
  // row 0 against the bottom of the previous column.
  const tx = new GrowableI32();
  const ty = new GrowableI32();
  let prevFg = false;
  for (let x = 0; x < w && h > 0; x++) {
    const fg = data[x] !== 0;
    if (fg !== prevFg) {
      tx.push(x);
      ty.push(0);
    }
    prevFg = data[(h - 1) * w + x] !== 0;
  }
  const { bytes, words, stride } = wordRowsOf(mask);
  const wordsPerRow = stride / 4;
  for (let y = 1; y < h; y++) {
    const row = y * wordsPerRow;
    for (let k = row, end = row + wordsPerRow; k < end; k++) {
      if (words[k] === words[k - wordsPerRow]) continue;
      const x0 = (k - row) * 4;
      const i0 = y * stride + x0;
      for (let b = 0; b < 4; b++) {
        if ((bytes[i0 + b] !== 0) !== (bytes[i0 + b - stride] !== 0)) {
          tx.push(x0 + b);
          ty.push(y);
        }
      }
    }
  }
  // Order the transitions column by column (counting sort on x; y order within a column is already right).
  const t = tx.length;
  const columnStart = new Uint32Array(w + 1);
  for (let i = 0; i < t; i++) columnStart[tx.values[i] + 1]++;
  for (let x = 0; x < w; x++) columnStart[x + 1] += columnStart[x];
  const positions = new Uint32Array(t);
  for (let i = 0; i < t; i++) positions[columnStart[tx.values[i]]++] = tx.values[i] * h + ty.values[i];
  const counts = new Uint32Array(t + 1);
  let last = 0;
  for (let i = 0; i < t; i++) {
    counts[i] = positions[i] - last;
    last = positions[i];
  }
  counts[t] = n - last;
  return { height: h, width: w, counts };
}

/** Paints runs into a row-major mask. The runs must be valid for their size (see runsFromRle). */
export function runsToMask(runs: Runs): Mask {
  const { width: w, height: h, counts } = runs;
  if (w === 0 || h === 0) return { width: w, height: h, data: new Uint8Array(0) };
  const stride = Math.ceil(w / 4) * 4;
  const bytes = new Uint8Array(stride * h);
  // Row 0 gets the real colours; every later row gets a 1 where its column changes colour there. XOR-ing each row
  // into the next then turns change marks into colours, a word at a time.
  let pos = 0;
  for (let r = 0; r < counts.length; r++) {
    const len = counts[r];
    if (r & 1 && len > 0) {
      for (let x = Math.ceil(pos / h), end = pos + len; x * h < end; x++) bytes[x] = 1;
    }
    if (r > 0) {
      const x = Math.floor(pos / h);
      const y = pos - x * h;
      if (y > 0) bytes[y * stride + x] ^= 1;
    }
    pos += len;
  }
  const words = new Uint32Array(bytes.buffer);
  const wordsPerRow = stride / 4;
  for (let k = wordsPerRow, end = wordsPerRow * h; k < end; k++) words[k] ^= words[k - wordsPerRow];
  if (stride === w) return { width: w, height: h, data: bytes };
  const data = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) data.set(bytes.subarray(y * stride, y * stride + w), y * w);
  return { width: w, height: h, data };
}

function checkRleSize(size: unknown): [number, number] {
  if (!Array.isArray(size) || size.length !== 2 || !size.every((v) => Number.isInteger(v) && v >= 0)) {
    throw new Error(`RLE size must be [height, width] with non-negative integers, got ${JSON.stringify(size)}`);
  }
  return [size[0], size[1]];
}

function checkRunsCoverImage(counts: Uint32Array, h: number, w: number): void {
  let sum = 0;
  for (let i = 0; i < counts.length; i++) sum += counts[i];
  if (sum !== h * w) {
    throw new Error(`RLE counts sum to ${sum} pixels but size ${h}x${w} has ${h * w}`);
  }
}

/** Validated runs of a compressed or uncompressed RLE; throws when malformed or when runs do not cover h*w. */
export function runsFromRle(rle: AnyRle): Runs {
  if (rle === null || typeof rle !== 'object') throw new Error(`RLE must be an object, got ${JSON.stringify(rle)}`);
  const [h, w] = checkRleSize(rle.size);
  let counts: Uint32Array;
  if (typeof rle.counts === 'string') {
    counts = stringToCounts(rle.counts);
  } else if (Array.isArray(rle.counts)) {
    const list = rle.counts;
    list.forEach((v, i) => {
      if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) {
        throw new Error(`RLE count ${i} must be a non-negative integer, got ${JSON.stringify(v)}`);
      }
    });
    counts = Uint32Array.from(list);
  } else {
    throw new Error(`RLE counts must be a string or an array of numbers, got ${typeof rle.counts}`);
  }
  checkRunsCoverImage(counts, h, w);
  return { height: h, width: w, counts };
}

export function runsToRle(runs: Runs): Rle {
  return { size: [runs.height, runs.width], counts: countsToString(runs.counts) };
}

export function runsToUncompressedRle(runs: Runs): UncompressedRle {
  return { size: [runs.height, runs.width], counts: Array.from(runs.counts) };
}

/** Compressed COCO RLE of a mask, byte-identical to pycocotools.mask.encode. */
export function encodeRle(mask: Mask): Rle {
  return runsToRle(maskToRuns(mask));
}

/** Mask of a compressed or uncompressed RLE; throws on malformed input. */
export function decodeRle(rle: AnyRle): Mask {
  return runsToMask(runsFromRle(rle));
}

/** Uncompressed → compressed, as pycocotools.mask.frPyObjects does for an uncompressed RLE. */
export function compressRle(rle: UncompressedRle): Rle {
  return runsToRle(runsFromRle(rle));
}

export function decompressRle(rle: Rle): UncompressedRle {
  return runsToUncompressedRle(runsFromRle(rle));
}

/** Foreground pixel count (pycocotools rleArea): the sum of every second run. */
export function runsArea(runs: Runs): number {
  const c = runs.counts;
  let a = 0;
  for (let j = 1; j < c.length; j += 2) a += c[j];
  return a;
}

/**
 * [x, y, width, height] of the foreground, as pycocotools toBbox computes it from the runs: a foreground run that
 * spans two columns makes the box cover the full height. Empty masks give [0, 0, 0, 0]. Zero-length runs (possible in
 * uncompressed input) are skipped, so the box is that of the decoded pixels.
 */
export function runsBbox(runs: Runs): [number, number, number, number] {
  const { height: h, width: w, counts } = runs;
  let xs = w;
  let ys = h;
  let xe = 0;
  let ye = 0;
  let found = false;
  let pos = 0;
  for (let j = 0; j < counts.length; j++) {
    const len = counts[j];
    if (j & 1 && len > 0) {
      found = true;
      const first = pos;
      const last = pos + len - 1;
      const x0 = Math.floor(first / h);
      const x1 = Math.floor(last / h);
      const y0 = first - x0 * h;
      const y1 = last - x1 * h;
      if (x0 < x1) {
        ys = 0;
        ye = h - 1;
      }
      xs = Math.min(xs, x0);
      xe = Math.max(xe, x1);
      ys = Math.min(ys, y0, y1);
      ye = Math.max(ye, y0, y1);
    }
    pos += len;
  }
  if (!found) return [0, 0, 0, 0];
  return [xs, ys, xe - xs + 1, ye - ys + 1];
}

export function rleArea(rle: AnyRle): number {
  return runsArea(runsFromRle(rle));
}

export function rleBbox(rle: AnyRle): [number, number, number, number] {
  return runsBbox(runsFromRle(rle));
}
