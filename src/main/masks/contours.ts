// Mask → polygons. Boundaries are traced along pixel edges (crack following), so every vertex is a pixel corner
// at integer coordinates. The pycocotools rasteriser counts a pixel as inside a polygon when its centre is (to
// within its 1/5-pixel grid), and pixel centres sit half a pixel away from every such edge, so an outline traced
// this way re-rasterises to exactly the pixels it encloses. Foreground is 8-connected and background 4-connected: where two foreground pixels touch
// only at a corner the outline passes through that corner twice, which the even-odd fill handles.

import { type Mask } from './mask';
import { labelRuns } from './components';
import { maskToRuns } from './rle';
import { polygonsToRuns } from './polygon';
import { runsOverlap } from './geometry';

/** A closed ring of vertices, flat [x0, y0, x1, y1, ...]; the first vertex is not repeated at the end. */
export type Ring = number[];

/** One 8-connected foreground part: its outline and the outlines of the holes inside it. */
export interface MaskPart {
  /** Clockwise on screen (y pointing down), foreground on the right of each edge. */
  outer: Ring;
  /** Counter-clockwise on screen; the hole's pixels are background pixels enclosed by this part. */
  holes: Ring[];
  /** Foreground pixels of the part. */
  area: number;
}

// Directions: 0 = +x, 1 = +y, 2 = -x, 3 = -y.
const DX = [1, 0, -1, 0];
const DY = [0, 1, 0, -1];
// The two pixels ahead of vertex (vx, vy) when arriving in direction d, as offsets from the vertex:
// ahead-left and ahead-right (right is the foreground side).
const AL_DX = [0, 0, -1, -1];
const AL_DY = [-1, 0, 0, -1];
const AR_DX = [0, -1, -1, 0];
const AR_DY = [0, 0, -1, -1];

function signedArea(ring: Ring): number {
  let s = 0;
  const n = ring.length;
  for (let i = 0; i < n; i += 2) {
    const j = (i + 2) % n;
    s += ring[i] * ring[j + 1] - ring[j] * ring[i + 1];
  }
  return s / 2;
}

/** Outline and holes of every connected part, parts in raster order of their first pixel. */
export function traceContours(mask: Mask): MaskPart[] {
  const { width: w, height: h, data } = mask;
  const fg = (x: number, y: number): boolean => x >= 0 && y >= 0 && x < w && y < h && data[y * w + x] !== 0;
  const runs = labelRuns(mask, 8);
  const parts: MaskPart[] = runs.components.map((c) => ({ outer: [], holes: [], area: c.area }));
  // Every boundary cycle has at least one edge along the top of a foreground pixel whose upper neighbour is
  // background, traversed in +x; marking those edges as used finds each cycle exactly once. Such pixels are the
  // parts of each horizontal run not covered by a run of the row above.
  const usedTop = new Uint8Array(w * h);
  const traceFrom = (x: number, y: number): Ring => {
    const ring: Ring = [x, y];
    usedTop[y * w + x] = 1;
    let vx = x + 1;
    let vy = y;
    let d = 0;
    for (;;) {
      // Turn left whenever the pixel ahead-left is foreground, even when the one ahead-right is not: that keeps
      // foreground pixels that meet only at a corner on one outline (8-connectivity).
      let nd: number;
      if (fg(vx + AL_DX[d], vy + AL_DY[d])) nd = (d + 3) & 3;
      else if (fg(vx + AR_DX[d], vy + AR_DY[d])) nd = d;
      else nd = (d + 1) & 3;
      if (vx === x && vy === y && nd === 0) return ring;
      if (nd !== d) ring.push(vx, vy);
      if (nd === 0) usedTop[vy * w + vx] = 1;
      d = nd;
      vx += DX[d];
      vy += DY[d];
    }
  };
  const { start, end, rowFirst, label } = runs;
  for (let y = 0; y < h; y++) {
    let above = y > 0 ? rowFirst[y - 1] : 0;
    const aboveEnd = y > 0 ? rowFirst[y] : 0;
    for (let r = rowFirst[y]; r < rowFirst[y + 1]; r++) {
      const part = parts[label[r] - 1];
      let x = start[r];
      while (x < end[r]) {
        while (above < aboveEnd && end[above] <= x) above++;
        // Pixels from x up to the next covering run above (or the end of this run) have background above.
        const open = above < aboveEnd ? Math.min(Math.max(start[above], x), end[r]) : end[r];
        for (; x < open; x++) {
          if (usedTop[y * w + x] !== 0) continue;
          const ring = traceFrom(x, y);
          if (signedArea(ring) > 0) part.outer = ring;
          else part.holes.push(ring);
        }
        if (above < aboveEnd && x < end[r]) x = Math.min(end[above], end[r]);
      }
    }
  }
  return parts;
}

export interface PolygonExportReport {
  /** Holes that the polygons cannot carry (COCO fills each polygon and unions them). */
  lostHoles: number;
  /** Parts dropped because simplification left fewer than 3 vertices. */
  lostParts: number;
  /** Pixels that differ between the mask and the polygons re-rasterised the pycocotools way. */
  lostPixels: number;
}

export interface CocoPolygons {
  /** COCO segmentation polygons, one flat [x1, y1, x2, y2, ...] list per part. */
  polygons: number[][];
  report: PolygonExportReport;
}

export interface PolygonExportOptions {
  /**
   * Douglas–Peucker tolerance in pixels. 0 (the default) keeps every corner of the traced outline, which
   * re-rasterises exactly; larger values give fewer vertices and some lost pixels, and may drop tiny parts.
   */
  tolerance?: number;
}

/** Perpendicular distance from (px, py) to the line through (ax, ay) and (bx, by). */
function distanceToLine(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len = Math.hypot(dx, dy);
  if (len === 0) return Math.hypot(px - ax, py - ay);
  return Math.abs(dy * (px - ax) - dx * (py - ay)) / len;
}

/** Douglas–Peucker on a closed ring, anchored at vertex 0 and the vertex farthest from it. */
function simplifyRing(ring: Ring, tolerance: number): Ring {
  const n = ring.length / 2;
  let far = 0;
  let farDist = -1;
  for (let i = 1; i < n; i++) {
    const d = Math.hypot(ring[2 * i] - ring[0], ring[2 * i + 1] - ring[1]);
    if (d > farDist) {
      farDist = d;
      far = i;
    }
  }
  const keep = new Uint8Array(n + 1);
  keep[0] = keep[far] = keep[n] = 1;
  const at = (i: number): number => (i % n) * 2;
  const stack: [number, number][] = [
    [0, far],
    [far, n],
  ];
  while (stack.length > 0) {
    const [a, b] = stack.pop() as [number, number];
    let best = -1;
    let bestDist = tolerance;
    for (let i = a + 1; i < b; i++) {
      const dist = distanceToLine(
        ring[at(i)],
        ring[at(i) + 1],
        ring[at(a)],
        ring[at(a) + 1],
        ring[at(b)],
        ring[at(b) + 1],
      );
      if (dist > bestDist) {
        bestDist = dist;
        best = i;
      }
    }
    if (best >= 0) {
      keep[best] = 1;
      stack.push([a, best], [best, b]);
    }
  }
  const out: Ring = [];
  for (let i = 0; i < n; i++) if (keep[i]) out.push(ring[2 * i], ring[2 * i + 1]);
  return out;
}

/**
 * COCO polygons for a mask, one per 8-connected part, with a report of what polygons lose. With the default
 * tolerance the polygons re-rasterise (pycocotools rules) to the mask with its holes filled, so lostPixels is the
 * number of hole pixels; nothing else is lost.
 */
export function maskToCocoPolygons(mask: Mask, options: PolygonExportOptions = {}): CocoPolygons {
  const tolerance = options.tolerance ?? 0;
  if (!(tolerance >= 0)) throw new Error(`polygon tolerance must be >= 0, got ${tolerance}`);
  const parts = traceContours(mask);
  const polygons: number[][] = [];
  let lostHoles = 0;
  let lostParts = 0;
  for (const part of parts) {
    lostHoles += part.holes.length;
    const ring = tolerance > 0 ? simplifyRing(part.outer, tolerance) : part.outer;
    if (ring.length < 6) lostParts++;
    else polygons.push(ring);
  }
  const back = polygonsToRuns(polygons, mask.height, mask.width);
  const o = runsOverlap(maskToRuns(mask), back);
  return { polygons, report: { lostHoles, lostParts, lostPixels: o.union - o.intersection } };
}
