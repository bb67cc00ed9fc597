// Area, box, IoU and merge with pycocotools' semantics (maskApi.c rleArea, rleToBbox, rleIou, rleMerge). RLE
// inputs are handled on their runs without decoding; two row-major masks are compared byte by byte.

import { type Mask, assertSameSize } from './mask';
import { type AnyRle, type Runs, maskToRuns, runsArea, runsBbox, runsFromRle, runsToRle } from './rle';
import type { Rle } from '../../shared/domain';

export type MaskSource = Mask | AnyRle;

function isMask(m: MaskSource): m is Mask {
  return (m as Mask).data instanceof Uint8Array;
}

function runsOf(m: MaskSource): Runs {
  return isMask(m) ? maskToRuns(m) : runsFromRle(m);
}

/** Foreground pixel count. */
export function area(m: MaskSource): number {
  if (!isMask(m)) return runsArea(runsFromRle(m));
  const d = m.data;
  let n = 0;
  for (let i = 0; i < d.length; i++) if (d[i] !== 0) n++;
  return n;
}

/** [x, y, width, height] of the foreground in pixels; [0, 0, 0, 0] when empty (pycocotools toBbox). */
export function bbox(m: MaskSource): [number, number, number, number] {
  if (!isMask(m)) return runsBbox(runsFromRle(m));
  const { width: w, height: h, data } = m;
  let xs = w;
  let xe = -1;
  let ys = -1;
  let ye = -1;
  for (let y = 0; y < h; y++) {
    const row = y * w;
    let first = -1;
    let last = -1;
    for (let x = 0; x < w; x++) {
      if (data[row + x] !== 0) {
        if (first < 0) first = x;
        last = x;
      }
    }
    if (first < 0) continue;
    if (ys < 0) ys = y;
    ye = y;
    xs = Math.min(xs, first);
    xe = Math.max(xe, last);
  }
  if (ys < 0) return [0, 0, 0, 0];
  return [xs, ys, xe - xs + 1, ye - ys + 1];
}

export interface Overlap {
  intersection: number;
  union: number;
}

/** Pixels in both and in either of two run lists of the same size, walking both lists once. */
export function runsOverlap(a: Runs, b: Runs): Overlap {
  if (a.height !== b.height || a.width !== b.width) {
    throw new Error(`RLE sizes differ (${a.height}x${a.width} vs ${b.height}x${b.width})`);
  }
  const ac = a.counts;
  const bc = b.counts;
  let ia = 0;
  let ib = 0;
  let ra = ac.length ? ac[0] : 0;
  let rb = bc.length ? bc[0] : 0;
  let fa = false;
  let fb = false;
  let inter = 0;
  let union = 0;
  for (;;) {
    while (ra === 0 && ia + 1 < ac.length) {
      ra = ac[++ia];
      fa = !fa;
    }
    while (rb === 0 && ib + 1 < bc.length) {
      rb = bc[++ib];
      fb = !fb;
    }
    if (ra === 0 || rb === 0) break;
    const c = Math.min(ra, rb);
    if (fa || fb) {
      union += c;
      if (fa && fb) inter += c;
    }
    ra -= c;
    rb -= c;
  }
  return { intersection: inter, union };
}

function maskOverlap(a: Mask, b: Mask): Overlap {
  assertSameSize(a, b, 'IoU');
  const da = a.data;
  const db = b.data;
  let inter = 0;
  let union = 0;
  for (let i = 0; i < da.length; i++) {
    const fa = da[i] !== 0;
    const fb = db[i] !== 0;
    if (fa || fb) {
      union++;
      if (fa && fb) inter++;
    }
  }
  return { intersection: inter, union };
}

/**
 * pycocotools iou for one detection and one ground truth: intersection over union, or, when the ground truth is a
 * crowd region, intersection over the detection's area. 0 when they do not overlap (including empty masks).
 */
export function iou(dt: MaskSource, gt: MaskSource, iscrowd = false): number {
  let o: Overlap;
  let dtArea: number;
  if (isMask(dt) && isMask(gt)) {
    o = maskOverlap(dt, gt);
    dtArea = iscrowd ? area(dt) : 0;
  } else {
    const dr = runsOf(dt);
    o = runsOverlap(dr, runsOf(gt));
    dtArea = iscrowd ? runsArea(dr) : 0;
  }
  if (o.intersection === 0) return 0;
  return o.intersection / (iscrowd ? dtArea : o.union);
}

/** pycocotools iou(dt, gt, iscrowd) for lists: result[d][g]. Each input is converted to runs once. */
export function iouMatrix(dts: MaskSource[], gts: MaskSource[], iscrowd: boolean[] = []): number[][] {
  if (iscrowd.length !== 0 && iscrowd.length !== gts.length) {
    throw new Error(`iscrowd has ${iscrowd.length} entries for ${gts.length} ground-truth masks`);
  }
  const dr = dts.map(runsOf);
  const gr = gts.map(runsOf);
  const dtAreas = dr.map(runsArea);
  return dr.map((d, i) =>
    gr.map((g, j) => {
      const o = runsOverlap(d, g);
      if (o.intersection === 0) return 0;
      return o.intersection / (iscrowd[j] ? dtAreas[i] : o.union);
    }),
  );
}

/**
 * pycocotools rleMerge: union (or intersection) of run lists of one size, folded left to right. A single input
 * comes back unchanged, as in pycocotools.
 */
export function mergeRuns(list: Runs[], intersect = false): Runs {
  if (list.length === 0) throw new Error('merge needs at least one mask');
  const { height: h, width: w } = list[0];
  let acc = list[0].counts;
  for (let i = 1; i < list.length; i++) {
    const b = list[i];
    if (b.height !== h || b.width !== w) {
      throw new Error(`merge: mask ${i} is ${b.height}x${b.width}, mask 0 is ${h}x${w}`);
    }
    acc = mergeTwo(acc, b.counts, intersect, h * w);
  }
  return { height: h, width: w, counts: acc };
}

function mergeTwo(a: Uint32Array, b: Uint32Array, intersect: boolean, n: number): Uint32Array {
  if (n === 0) return Uint32Array.of(0);
  const out = new Uint32Array(a.length + b.length + 1);
  let m = 0;
  let ca = a[0];
  let cb = b[0];
  let ia = 1;
  let ib = 1;
  let va = false;
  let vb = false;
  let v = false;
  let cc = 0;
  let ct = 1;
  while (ct > 0) {
    const c = Math.min(ca, cb);
    cc += c;
    ct = 0;
    ca -= c;
    if (ca === 0 && ia < a.length) {
      ca = a[ia++];
      va = !va;
    }
    ct += ca;
    cb -= c;
    if (cb === 0 && ib < b.length) {
      cb = b[ib++];
      vb = !vb;
    }
    ct += cb;
    const vp: boolean = v;
    v = intersect ? va && vb : va || vb;
    if (v !== vp || ct === 0) {
      out[m++] = cc;
      cc = 0;
    }
  }
  return out.slice(0, m);
}

/** pycocotools merge on RLEs: the union (or intersection) as a compressed RLE. */
export function mergeRles(rles: AnyRle[], intersect = false): Rle {
  return runsToRle(mergeRuns(rles.map(runsFromRle), intersect));
}

/** Pixel-wise union (or intersection) of masks of one size. */
export function mergeMasks(masks: Mask[], intersect = false): Mask {
  if (masks.length === 0) throw new Error('merge needs at least one mask');
  const first = masks[0];
  const out = new Uint8Array(first.data.length);
  for (let i = 0; i < out.length; i++) out[i] = first.data[i] !== 0 ? 1 : 0;
  for (let k = 1; k < masks.length; k++) {
    assertSameSize(first, masks[k], `merge of mask ${k}`);
    const d = masks[k].data;
    if (intersect) {
      for (let i = 0; i < out.length; i++) if (d[i] === 0) out[i] = 0;
    } else {
      for (let i = 0; i < out.length; i++) if (d[i] !== 0) out[i] = 1;
    }
  }
  return { width: first.width, height: first.height, data: out };
}
