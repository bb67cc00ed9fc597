// What HybridGL needs from the expression parse, as an interface the parser's output is adapted to. The authors'
// code reduces an expression to one relation (for the spatial relationship guidance) and one positional cue (for
// the ramp on the GEM map), picking, when several words qualify, the one whose syntactic head comes first.

import type { PositionalCue } from '../shared/ramps';

/**
 * How the target relates to the other noun phrases (METHODS.md §2.3). The authors' word lists (utils.py):
 * left {left, west}; right {right, east}; up {above, north, top, back, behind}; down {below, south, under,
 * front}; big {bigger, larger, closer}; small {smaller, tinier, further, smallest}; within {inside, within,
 * contained}. They use 'none' whenever another noun phrase's head is a frame word {part, image, side, picture,
 * half, region, section, photo} ("left side of the picture"), leaving position to the ramp.
 */
export type SpatialRelation = 'none' | 'left' | 'right' | 'up' | 'down' | 'big' | 'small' | 'within';

export interface HybridGLLanguage {
  relation: SpatialRelation;
  /**
   * The ramp on the GEM map (§2.4). The authors' words: left {left}; right {right}; middle {middle, between};
   * up {up, top, above}; down {down, under, bottom, low}.
   */
  position: PositionalCue;
}

export const SPATIAL_RELATIONS: readonly SpatialRelation[] = [
  'none',
  'left',
  'right',
  'up',
  'down',
  'big',
  'small',
  'within',
];
