// COCO polygon rasterisation, pixel for pixel as pycocotools does it (frPyObjects + merge, maskApi.c rleFrPoly):
// vertices are scaled by 5 and rounded, edges are stepped one unit along their longer axis, and every crossing of
// a pixel-centre column becomes a toggle at the first pixel centre below it; toggles at the same place cancel,
// so a polygon is filled by the even-odd rule. C's (int) casts truncate toward zero, hence Math.trunc, which
// matters for vertices left of or above the image.

import { type Mask } from './mask';
import { type Runs, runsToMask, runsToRle } from './rle';
import type { Rle } from '../../shared/domain';

const SCALE = 5;
// The rasteriser visits five points per pixel of edge length, so a vertex absurdly far outside any image would
// exhaust memory (pycocotools overflows its ints at about 4e8). Real annotations stay far inside this bound.
const MAX_COORDINATE = 1e6;

function checkPolygon(poly: ArrayLike<number>, index: number): void {
  if (poly.length % 2 !== 0) {
    throw new Error(`polygon ${index} has an odd number of coordinates (${poly.length})`);
  }
  if (poly.length < 6) {
    throw new Error(`polygon ${index} has ${poly.length / 2} points; at least 3 are needed`);
  }
  for (let i = 0; i < poly.length; i++) {
    if (!Number.isFinite(poly[i])) {
      throw new Error(`polygon ${index} has a non-numeric coordinate at position ${i}: ${String(poly[i])}`);
    }
    if (Math.abs(poly[i]) > MAX_COORDINATE) {
      throw new Error(`polygon ${index} has coordinate ${poly[i]} at position ${i}, beyond ±${MAX_COORDINATE}`);
    }
  }
}

/** Runs of one polygon, identical to pycocotools rleFrPoly. */
function rasterizeOne(poly: ArrayLike<number>, h: number, w: number): Runs {
  const k = poly.length / 2;
  const x = new Int32Array(k + 1);
  const y = new Int32Array(k + 1);
  for (let j = 0; j < k; j++) {
    x[j] = Math.trunc(SCALE * poly[2 * j] + 0.5);
    y[j] = Math.trunc(SCALE * poly[2 * j + 1] + 0.5);
  }
  x[k] = x[0];
  y[k] = y[0];
  let total = 0;
  for (let j = 0; j < k; j++) total += Math.max(Math.abs(x[j] - x[j + 1]), Math.abs(y[j] - y[j + 1])) + 1;
  // Dense boundary points of the upscaled polygon, one per unit step along each edge's longer axis.
  const u = new Int32Array(total);
  const v = new Int32Array(total);
  let m = 0;
  for (let j = 0; j < k; j++) {
    let xs = x[j];
    let xe = x[j + 1];
    let ys = y[j];
    let ye = y[j + 1];
    const dx = Math.abs(xe - xs);
    const dy = Math.abs(ys - ye);
    const flip = (dx >= dy && xs > xe) || (dx < dy && ys > ye);
    if (flip) {
      [xs, xe] = [xe, xs];
      [ys, ye] = [ye, ys];
    }
    if (dx >= dy) {
      // A zero-length edge yields its single point (pycocotools computes 0/0 there but never reads the result).
      const s = dx === 0 ? 0 : (ye - ys) / dx;
      for (let d = 0; d <= dx; d++) {
        const t = flip ? dx - d : d;
        u[m] = t + xs;
        v[m] = Math.trunc(ys + s * t + 0.5);
        m++;
      }
    } else {
      const s = (xe - xs) / dy;
      for (let d = 0; d <= dy; d++) {
        const t = flip ? dy - d : d;
        v[m] = t + ys;
        u[m] = Math.trunc(xs + s * t + 0.5);
        m++;
      }
    }
  }
  // Where the boundary crosses a pixel-centre column, record the first pixel below the crossing.
  const toggles = new Float64Array(m + 1);
  let n = 0;
  for (let j = 1; j < m; j++) {
    if (u[j] === u[j - 1]) continue;
    const xd = ((u[j] < u[j - 1] ? u[j] : u[j] - 1) + 0.5) / SCALE - 0.5;
    if (Math.floor(xd) !== xd || xd < 0 || xd > w - 1) continue;
    let yd = ((v[j] < v[j - 1] ? v[j] : v[j - 1]) + 0.5) / SCALE - 0.5;
    if (yd < 0) yd = 0;
    else if (yd > h) yd = h;
    toggles[n++] = xd * h + Math.ceil(yd);
  }
  toggles[n++] = h * w;
  const sorted = toggles.subarray(0, n).sort();
  // Differences between consecutive toggles are the run lengths; a zero difference (two toggles at one pixel)
  // cancels by folding the next run into the previous one, exactly as maskApi.c does.
  const diffs = new Float64Array(n);
  for (let i = 0; i < n; i++) diffs[i] = sorted[i] - (i === 0 ? 0 : sorted[i - 1]);
  const counts = new Uint32Array(n);
  let c = 0;
  let j = 0;
  counts[c++] = diffs[j++];
  while (j < n) {
    if (diffs[j] > 0) {
      counts[c++] = diffs[j++];
    } else {
      j++;
      if (j < n) counts[c - 1] += diffs[j++];
    }
  }
  return { height: h, width: w, counts: counts.slice(0, c) };
}

/**
 * Union of many run lists of one size. Sorting all foreground intervals' starts and ends and sweeping once costs
 * O(runs log runs) however many polygons there are, where folding pairwise (as pycocotools merge does) would cost
 * O(polygons x runs). For run lists without zero-length runs inside (what rleFrPoly makes) the result is the same
 * run list pycocotools merge gives.
 */
function unionRuns(list: Runs[], h: number, w: number): Runs {
  let intervals = 0;
  for (const r of list) intervals += r.counts.length >> 1;
  const starts = new Float64Array(intervals);
  const ends = new Float64Array(intervals);
  let q = 0;
  for (const r of list) {
    let pos = 0;
    for (let i = 0; i < r.counts.length; i++) {
      const len = r.counts[i];
      if (i & 1 && len > 0) {
        starts[q] = pos;
        ends[q] = pos + len;
        q++;
      }
      pos += len;
    }
  }
  starts.subarray(0, q).sort();
  ends.subarray(0, q).sort();
  const counts: number[] = [];
  let depth = 0;
  let segStart = 0;
  let lastEnd = 0;
  let i = 0;
  let e = 0;
  while (e < q) {
    // At equal positions a start goes first, so touching intervals join into one run.
    if (i < q && starts[i] <= ends[e]) {
      if (depth++ === 0) segStart = starts[i];
      i++;
    } else {
      if (--depth === 0) {
        counts.push(segStart - lastEnd, ends[e] - segStart);
        lastEnd = ends[e];
      }
      e++;
    }
  }
  if (counts.length === 0 || lastEnd < h * w) counts.push(h * w - lastEnd);
  return { height: h, width: w, counts: Uint32Array.from(counts) };
}

function checkImageSize(height: number, width: number): void {
  if (!Number.isInteger(height) || !Number.isInteger(width) || height < 0 || width < 0) {
    throw new Error(`image size must be non-negative integers, got ${width}x${height}`);
  }
}

/**
 * Runs of the union of an object's polygons, identical to pycocotools merge(frPyObjects(polys, h, w)). Each polygon
 * is flat [x1, y1, x2, y2, ...] in pixel units with pixel (0, 0) covering [0, 1) x [0, 1). Throws, naming the
 * polygon, when one has fewer than 3 points, an odd coordinate count or a non-finite coordinate. No polygons give
 * an empty mask.
 */
export function polygonsToRuns(polys: ArrayLike<number>[], height: number, width: number): Runs {
  checkImageSize(height, width);
  polys.forEach(checkPolygon);
  const runs = polys.map((p) => rasterizeOne(p, height, width));
  if (runs.length === 1) return runs[0];
  return unionRuns(runs, height, width);
}

export function rasterizePolygons(polys: ArrayLike<number>[], height: number, width: number): Mask {
  return runsToMask(polygonsToRuns(polys, height, width));
}

/** Compressed RLE of an object's polygons, as pycocotools' annToRLE gives for a polygon segmentation. */
export function polygonsToRle(polys: ArrayLike<number>[], height: number, width: number): Rle {
  return runsToRle(polygonsToRuns(polys, height, width));
}
