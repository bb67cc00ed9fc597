// GEM's dense map for a text (METHODS.md §2.4): cos(patch feature, text feature) per patch on the square patch grid,
// as the GEM code's image-text matching of L2-normalised features. Its upsampling and minmax are HybridGL's own.
import type { FeatureMatrix, HeatMap } from '../methods/shared/types';
import { cosineScores } from '../methods/shared/vector';

/** The grid × grid map of cosine similarities; patches are rows of `patches`, row-major. */
export function gemMap(patches: FeatureMatrix, grid: number, text: Float32Array): HeatMap {
  if (patches.rows !== grid * grid) throw new Error(`GEM map: ${patches.rows} patch features for a ${grid}² grid`);
  return { width: grid, height: grid, data: Float32Array.from(cosineScores(patches, text, 1)) };
}
