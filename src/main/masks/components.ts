// Connected components of a binary mask, and the two clean-ups built on them. Labelling works on horizontal runs
// (a union-find over runs that touch the runs of the row above), so its cost follows the number of runs rather
// than the number of pixels.

import { type Mask, invertMask } from './mask';
import { GrowableI32 } from './growable';

export type Connectivity = 4 | 8;

export interface Component {
  /** The value of this component's pixels in `labels`. */
  label: number;
  area: number;
  /** [x, y, width, height]. */
  bbox: [number, number, number, number];
}

export interface Components {
  /** Row-major, one entry per pixel: 0 for background, otherwise the component's label. */
  labels: Int32Array;
  /** components[i].label === i + 1; labels are numbered in raster order of each component's first pixel. */
  components: Component[];
}

function findRoot(parent: Int32Array, i: number): number {
  let r = i;
  while (parent[r] !== r) r = parent[r];
  while (parent[i] !== r) {
    const next = parent[i];
    parent[i] = r;
    i = next;
  }
  return r;
}

/** Horizontal foreground runs, row by row, each with its component's label. */
export interface LabelledRuns {
  /** Run i covers pixels [start[i], end[i]) of row row[i]. */
  start: Int32Array;
  end: Int32Array;
  row: Int32Array;
  /** Runs of row y are rowFirst[y] .. rowFirst[y + 1] - 1. */
  rowFirst: Int32Array;
  label: Int32Array;
  components: Component[];
}

/** Skips background (or foreground) bytes in [i, end), four at a time where the buffer allows. */
function scanner(data: Uint8Array): { skip: (i: number, end: number, fg: boolean) => number } {
  const words = data.byteOffset % 4 === 0 ? new Uint32Array(data.buffer, data.byteOffset, data.length >> 2) : null;
  return {
    skip(i: number, end: number, fg: boolean): number {
      if (words) {
        while (i < end && (i & 3) !== 0 && (data[i] !== 0) === fg) i++;
        if ((i & 3) === 0) {
          const same = fg ? 0x01010101 : 0;
          let k = i >> 2;
          const kEnd = end >> 2;
          while (k < kEnd && words[k] === same) k++;
          i = k << 2;
        }
      }
      while (i < end && (data[i] !== 0) === fg) i++;
      return i;
    },
  };
}

/** The work behind connectedComponents, without painting a label image. */
export function labelRuns(mask: Mask, connectivity: Connectivity = 8): LabelledRuns {
  const { width: w, height: h, data } = mask;
  const reach = connectivity === 8 ? 1 : 0;
  const { skip } = scanner(data);
  const starts = new GrowableI32();
  const ends = new GrowableI32();
  const rows = new GrowableI32();
  const rowFirst = new Int32Array(h + 1);
  for (let y = 0; y < h; y++) {
    rowFirst[y] = starts.length;
    const row = y * w;
    let i = row;
    const rowEnd = row + w;
    for (;;) {
      i = skip(i, rowEnd, false);
      if (i === rowEnd) break;
      const s = i;
      i = skip(i, rowEnd, true);
      starts.push(s - row);
      ends.push(i - row);
      rows.push(y);
    }
  }
  rowFirst[h] = starts.length;
  const n = starts.length;
  const start = starts.values.slice(0, n);
  const end = ends.values.slice(0, n);
  const row = rows.values.slice(0, n);
  // Union-find over runs; a root is always the smallest run index of its set, i.e. the component's first run.
  const parent = new Int32Array(n);
  for (let i = 0; i < n; i++) parent[i] = i;
  for (let y = 1; y < h; y++) {
    let above = rowFirst[y - 1];
    const aboveEnd = rowFirst[y];
    for (let r = rowFirst[y], rEnd = rowFirst[y + 1]; r < rEnd; r++) {
      const s = start[r];
      const e = end[r];
      // Runs of the row above that touch [s - reach, e + reach) join this run's component.
      while (above < aboveEnd && end[above] + reach <= s) above++;
      for (let a = above; a < aboveEnd && start[a] < e + reach; a++) {
        const ra = findRoot(parent, a);
        const rb = findRoot(parent, r);
        if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
      }
    }
  }
  const label = new Int32Array(n);
  const components: Component[] = [];
  const xe: number[] = [];
  for (let i = 0; i < n; i++) {
    const root = findRoot(parent, i);
    if (root === i) {
      components.push({ label: components.length + 1, area: 0, bbox: [start[i], row[i], 0, 0] });
      xe.push(0);
    }
    const l = root === i ? components.length : label[root];
    label[i] = l;
    const c = components[l - 1];
    c.area += end[i] - start[i];
    const b = c.bbox;
    if (start[i] < b[0]) b[0] = start[i];
    if (end[i] > xe[l - 1]) xe[l - 1] = end[i];
    b[3] = row[i] - b[1] + 1;
  }
  components.forEach((c, k) => (c.bbox[2] = xe[k] - c.bbox[0]));
  return { start, end, row, rowFirst, label, components };
}

/** Foreground components (non-zero pixels) with 4- or 8-connectivity. */
export function connectedComponents(mask: Mask, connectivity: Connectivity = 8): Components {
  const { start, end, row, label, components } = labelRuns(mask, connectivity);
  const w = mask.width;
  const labels = new Int32Array(w * mask.height);
  for (let i = 0; i < start.length; i++) labels.fill(label[i], row[i] * w + start[i], row[i] * w + end[i]);
  return { labels, components };
}

export interface RegionCleanup {
  mask: Mask;
  /** False when nothing was small enough to change; `mask` is then the input itself. */
  changed: boolean;
}

/**
 * segment-anything's remove_small_regions, with the same choices as its cv2 code: 8-connectivity for both modes;
 * 'holes' fills every background region smaller than minArea, including regions that touch the image border;
 * 'islands' removes every foreground region smaller than minArea, but keeps the largest one (the first in raster
 * order on a tie) when all of them are small.
 */
export function removeSmallRegions(mask: Mask, minArea: number, mode: 'holes' | 'islands'): RegionCleanup {
  const holes = mode === 'holes';
  const working = holes ? invertMask(mask) : mask;
  const { labels, components } = connectedComponents(working, 8);
  const small = components.filter((c) => c.area < minArea);
  if (small.length === 0) return { mask, changed: false };
  // Which labels of the working mask end up as foreground.
  const keep = new Uint8Array(components.length + 1);
  if (holes) {
    keep[0] = 1;
    for (const c of small) keep[c.label] = 1;
  } else {
    for (const c of components) if (c.area >= minArea) keep[c.label] = 1;
    if (small.length === components.length) {
      let largest = components[0];
      for (const c of components) if (c.area > largest.area) largest = c;
      keep[largest.label] = 1;
    }
  }
  const out = new Uint8Array(labels.length);
  for (let i = 0; i < labels.length; i++) out[i] = keep[labels[i]];
  return { mask: { width: mask.width, height: mask.height, data: out }, changed: true };
}

/**
 * Fills every hole: background regions that do not touch the image border. Background is taken 4-connected, the
 * dual of 8-connected foreground, so a diagonal gap in an outline does not open a hole to the outside.
 */
export function fillHoles(mask: Mask): Mask {
  const { width: w, height: h } = mask;
  const { labels, components } = connectedComponents(invertMask(mask), 4);
  const fill = new Uint8Array(components.length + 1);
  for (const c of components) {
    const [x, y, bw, bh] = c.bbox;
    fill[c.label] = x > 0 && y > 0 && x + bw < w && y + bh < h ? 1 : 0;
  }
  const out = new Uint8Array(labels.length);
  for (let i = 0; i < labels.length; i++) out[i] = labels[i] === 0 ? 1 : fill[labels[i]];
  return { width: w, height: h, data: out };
}
