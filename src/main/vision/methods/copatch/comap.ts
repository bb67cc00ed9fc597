// CoPatch's spatial map (METHODS.md §1.3–1.4): patch/text similarity on the patch grid, δ-clusters of
// 4-adjacent active patches found by BFS, and the CoMap made from the kept clusters.

import { resizeBilinear } from '../../../masks';
import { checkMatrix, checkVector, row } from '../shared/features';
import { minmax } from '../shared/scores';
import type { FeatureMatrix } from '../shared/types';
import { cosine } from '../shared/vector';
import type { ClusterKeep } from './params';

/** M^l[p] = cos(E_p^l[p], E_CT), one value per patch, row-major over the grid. */
export function patchSimilarity(patches: FeatureMatrix, text: Float32Array): Float32Array {
  checkMatrix('CoPatch patch features', patches);
  checkVector('CoPatch text feature E_CT', text, patches.dim);
  const out = new Float32Array(patches.rows);
  for (let p = 0; p < patches.rows; p++) out[p] = cosine(row(patches, p), text);
  return out;
}

export interface PatchCluster {
  /** Grid indices (row-major) in BFS order from the cluster's first patch in raster order. */
  patches: number[];
  /** Σ of the minmax-normalised similarity over the cluster's patches. */
  sum: number;
}

/**
 * Active patches (normalised value ≥ δ) grouped into 4-adjacent clusters by BFS, seeded in raster order, so
 * clusters come out ordered by their first patch.
 */
export function findClusters(
  normalized: ArrayLike<number>,
  gridWidth: number,
  gridHeight: number,
  delta: number,
): PatchCluster[] {
  if (normalized.length !== gridWidth * gridHeight) {
    throw new Error(`CoPatch similarity map has ${normalized.length} values, the grid is ${gridWidth}x${gridHeight}`);
  }
  const seen = new Uint8Array(normalized.length);
  const clusters: PatchCluster[] = [];
  const queue = new Int32Array(normalized.length);
  for (let start = 0; start < normalized.length; start++) {
    if (seen[start] || !(normalized[start] >= delta)) continue;
    let head = 0;
    let tail = 0;
    queue[tail++] = start;
    seen[start] = 1;
    const patches: number[] = [];
    let sum = 0;
    while (head < tail) {
      const p = queue[head++];
      patches.push(p);
      sum += normalized[p];
      const x = p % gridWidth;
      const y = (p - x) / gridWidth;
      const visit = (q: number): void => {
        if (!seen[q] && normalized[q] >= delta) {
          seen[q] = 1;
          queue[tail++] = q;
        }
      };
      if (x > 0) visit(p - 1);
      if (x < gridWidth - 1) visit(p + 1);
      if (y > 0) visit(p - gridWidth);
      if (y < gridHeight - 1) visit(p + gridWidth);
    }
    clusters.push({ patches, sum });
  }
  return clusters;
}

export interface CoMapGrid {
  /** minmax(M^l) on the grid. */
  normalized: Float64Array;
  clusters: PatchCluster[];
  /** Indices into clusters of those rasterised into the CoMap. */
  kept: number[];
  /** 1 on the kept clusters' patches, 0 elsewhere, row-major over the grid. */
  grid: Float32Array;
}

/** minmax, δ-threshold, BFS clusters, keep all or the best (highest sum; the first on a tie), rasterise. */
export function coMapGrid(
  similarity: ArrayLike<number>,
  gridWidth: number,
  gridHeight: number,
  delta: number,
  keep: ClusterKeep,
): CoMapGrid {
  const normalized = minmax(similarity);
  const clusters = findClusters(normalized, gridWidth, gridHeight, delta);
  let kept = clusters.map((_, i) => i);
  if (keep === 'best' && clusters.length > 0) {
    let best = 0;
    for (let i = 1; i < clusters.length; i++) if (clusters[i].sum > clusters[best].sum) best = i;
    kept = [best];
  }
  const grid = new Float32Array(gridWidth * gridHeight);
  for (const c of kept) for (const p of clusters[c].patches) grid[p] = 1;
  return { normalized, clusters, kept, grid };
}

/** The CoMap at image resolution: the rasterised grid bilinearly interpolated (align_corners=False) to W × H. */
export function coMapAtImage(
  grid: Float32Array,
  gridWidth: number,
  gridHeight: number,
  width: number,
  height: number,
): Float32Array {
  return resizeBilinear(grid, gridWidth, gridHeight, width, height);
}
