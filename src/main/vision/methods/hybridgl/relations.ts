// HybridGL's spatial relationship guidance (METHODS.md §2.3), transcribed from the authors' relation_boxes with
// "right" compared correctly. Candidates i are the top-k1 proposals by p; partners j the top-k2 by q, or the
// candidates themselves (with q = p) when the expression has no other noun phrase. As in the authors' code a
// proposal can be its own partner: strict comparisons then contribute nothing, "within" contributes p_i·q_i.

import { type ProposalMask, proposalArea, proposalBox, proposalIntersection } from '../shared/proposals';
import { softmax, topK } from '../shared/scores';
import type { SpatialRelation } from './language';
import type { RelationGeometry } from './params';

/** What relations compare, per proposal: the box (pixel extent) and its centre, the mask's pixel area. */
export interface ProposalGeometry {
  box: [number, number, number, number];
  cx: number;
  cy: number;
  pixelArea: number;
}

export function proposalGeometry(p: ProposalMask): ProposalGeometry {
  const box = proposalBox(p);
  return { box, cx: box[0] + box[2] / 2, cy: box[1] + box[3] / 2, pixelArea: proposalArea(p) };
}

function boxIntersection(a: number[], b: number[]): number {
  const x1 = Math.max(a[0], b[0]);
  const x2 = Math.max(x1, Math.min(a[0] + a[2], b[0] + b[2]));
  const y1 = Math.max(a[1], b[1]);
  const y2 = Math.max(y1, Math.min(a[1] + a[3], b[1] + b[3]));
  return (x2 - x1) * (y2 - y1);
}

export interface PairInput {
  relation: SpatialRelation;
  geometry: RelationGeometry;
  i: ProposalGeometry;
  j: ProposalGeometry;
  pi: number;
  qj: number;
  /** |M_i ∩ M_j| in pixels; asked for only by "within" with mask geometry. */
  maskIntersection: () => number;
}

/**
 * R(i, j): none → p_i; left/right/up/down → p_i·q_j·[centre comparison]; big/small → p_i·q_j·[area comparison];
 * within → p_i·q_j·|i ∩ j| / |i| (0 when i is empty).
 */
export function pairScore(x: PairInput): number {
  const { i, j, pi, qj } = x;
  const areaOf = (g: ProposalGeometry): number => (x.geometry === 'box' ? g.box[2] * g.box[3] : g.pixelArea);
  switch (x.relation) {
    case 'none':
      return pi;
    case 'left':
      return i.cx < j.cx ? pi * qj : 0;
    case 'right':
      return i.cx > j.cx ? pi * qj : 0;
    case 'up':
      return i.cy < j.cy ? pi * qj : 0;
    case 'down':
      return i.cy > j.cy ? pi * qj : 0;
    case 'big':
      return areaOf(i) > areaOf(j) ? pi * qj : 0;
    case 'small':
      return areaOf(i) < areaOf(j) ? pi * qj : 0;
    case 'within': {
      const a = areaOf(i);
      if (a === 0) return 0;
      const inter = x.geometry === 'box' ? boxIntersection(i.box, j.box) : x.maskIntersection();
      return (pi * qj * inter) / a;
    }
  }
}

export interface RelationGuidance {
  /** Top-k1 proposal indices by p, best first. */
  candidates: number[];
  /** Partner proposal indices (top-k2 by q, or the candidates). */
  partners: number[];
  /** Σ_j R(i, j) per candidate. */
  sums: number[];
  /** T = softmax over the candidates of the sums. */
  scores: number[];
}

/** T_i for the top-k1 candidates; q null means the expression has no other noun phrase. */
export function relationGuidance(
  p: ArrayLike<number>,
  q: ArrayLike<number> | null,
  proposals: ProposalMask[],
  relation: SpatialRelation,
  geometry: RelationGeometry,
  k1: number,
  k2: number,
): RelationGuidance {
  if (p.length !== proposals.length || (q && q.length !== proposals.length)) {
    throw new Error(`HybridGL relations: ${proposals.length} proposals, ${p.length} p, ${q?.length} q`);
  }
  if (proposals.length === 0) return { candidates: [], partners: [], sums: [], scores: [] };
  const candidates = topK(p, k1);
  const partners = q ? topK(q, k2) : candidates;
  const qq = q ?? p;
  const geo = new Map<number, ProposalGeometry>();
  const geometryOf = (k: number): ProposalGeometry => {
    let g = geo.get(k);
    if (!g) geo.set(k, (g = proposalGeometry(proposals[k])));
    return g;
  };
  const sums = candidates.map((i) => {
    let s = 0;
    for (const j of partners) {
      s += pairScore({
        relation,
        geometry,
        i: geometryOf(i),
        j: geometryOf(j),
        pi: p[i],
        qj: qq[j],
        maskIntersection: () => proposalIntersection(proposals[i], proposals[j]),
      });
    }
    return s;
  });
  return { candidates, partners, sums, scores: Array.from(softmax(sums)) };
}
