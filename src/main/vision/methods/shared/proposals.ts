// Proposal masks as the methods take them: a row-major Mask or COCO runs (column-major), both at image
// resolution. Sums of a map over a mask walk only the mask's foreground, so per-proposal scores cost the
// proposal's area, not the image's.

import { type Mask, type Runs, area, bbox, runsArea, runsBbox, runsOverlap, runsToMask } from '../../../masks';

export type ProposalMask = Mask | Runs;

function isMask(p: ProposalMask): p is Mask {
  return (p as Mask).data instanceof Uint8Array;
}

/** Throws unless every proposal is width × height; `what` names the input in the message. */
export function checkProposals(what: string, proposals: ProposalMask[], width: number, height: number): void {
  proposals.forEach((p, k) => {
    if (p.width !== width || p.height !== height) {
      throw new Error(`${what}: proposal ${k} is ${p.width}x${p.height}, the image is ${width}x${height}`);
    }
  });
}

export function proposalToMask(p: ProposalMask): Mask {
  return isMask(p) ? p : runsToMask(p);
}

export function proposalArea(p: ProposalMask): number {
  return isMask(p) ? area(p) : runsArea(p);
}

/** [x, y, width, height] of the foreground's pixel extent; [0, 0, 0, 0] when empty. */
export function proposalBox(p: ProposalMask): [number, number, number, number] {
  return isMask(p) ? bbox(p) : runsBbox(p);
}

/** Pixels in both proposals. */
export function proposalIntersection(a: ProposalMask, b: ProposalMask): number {
  if (!isMask(a) && !isMask(b)) return runsOverlap(a, b).intersection;
  const ma = proposalToMask(a).data;
  const mb = proposalToMask(b).data;
  let n = 0;
  for (let i = 0; i < ma.length; i++) if (ma[i] !== 0 && mb[i] !== 0) n++;
  return n;
}

/** Σ map over the proposal's foreground pixels; map is row-major at the proposal's size. */
export function sumInside(map: Float32Array, p: ProposalMask): number {
  const { width: w, height: h } = p;
  if (map.length !== w * h) throw new Error(`map has ${map.length} values, the proposal is ${w}x${h}`);
  let s = 0;
  if (isMask(p)) {
    const d = p.data;
    for (let i = 0; i < d.length; i++) if (d[i] !== 0) s += map[i];
    return s;
  }
  const counts = p.counts;
  let pos = 0;
  for (let r = 0; r < counts.length; r++) {
    const len = counts[r];
    if (r & 1) {
      // A foreground run, column-major: split it at column ends and read each piece down its column.
      const end = pos + len;
      let q = pos;
      while (q < end) {
        const x = Math.floor(q / h);
        const y0 = q - x * h;
        const y1 = Math.min(h, y0 + end - q);
        for (let y = y0; y < y1; y++) s += map[y * w + x];
        q += y1 - y0;
      }
    }
    pos += len;
  }
  return s;
}
