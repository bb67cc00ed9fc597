// The direction, size and containment words of METHODS.md §0.3, exactly as listed there. They are matched against
// whole tokens only, so "bright" is not "right" and "lefty" or "uppermost" are no direction at all.
import type { Direction, RelationKind } from './expression-parse';

export const DIRECTION_WORDS: Readonly<Record<Direction, readonly string[]>> = {
  left: ['left', 'leftmost', 'west'],
  right: ['right', 'rightmost', 'east'],
  up: ['top', 'above', 'upper', 'north', 'up'],
  down: ['bottom', 'below', 'lower', 'under', 'south', 'down'],
  middle: ['middle', 'center', 'centre', 'between'],
  front: ['front'],
  back: ['behind', 'back'],
};

/** Canonical order of the categories, used for `ExpressionParse.directions`. */
export const DIRECTIONS = Object.keys(DIRECTION_WORDS) as Direction[];

export const SIZE_WORDS: Readonly<Record<'big' | 'small', readonly string[]>> = {
  big: ['big', 'bigger', 'biggest', 'large', 'larger', 'largest'],
  small: ['small', 'smaller', 'smallest', 'tiny'],
};

export const WITHIN_WORDS: readonly string[] = ['inside', 'within', 'in'];

/**
 * Direction words that name a place and so act as nouns ("on the left", "in the middle") or, before a noun, as
 * adjectives ("left guy"). The others are prepositions or adverbs ("behind", "under", "up") or plain adjectives
 * ("upper", "lower").
 */
export const PLACE_WORDS: readonly string[] = [
  'left',
  'leftmost',
  'west',
  'right',
  'rightmost',
  'east',
  'top',
  'north',
  'bottom',
  'south',
  'middle',
  'center',
  'centre',
  'front',
  'back',
];

const relationOfWord = new Map<string, RelationKind>();
for (const direction of DIRECTIONS) for (const word of DIRECTION_WORDS[direction]) relationOfWord.set(word, direction);
for (const size of ['big', 'small'] as const) for (const word of SIZE_WORDS[size]) relationOfWord.set(word, size);
for (const word of WITHIN_WORDS) relationOfWord.set(word, 'within');

/** The relation a whole, normalised token expresses, if any. */
export function relationOfToken(normal: string): RelationKind | undefined {
  return relationOfWord.get(normal);
}

export function isDirection(kind: RelationKind): kind is Direction {
  return (DIRECTIONS as readonly string[]).includes(kind);
}

const placeWords = new Set(PLACE_WORDS);

export function isPlaceWord(normal: string): boolean {
  return placeWords.has(normal);
}

/**
 * Spatial words that count as CoPatch context. "in" is left out: the spec's example keeps "behind" but drops the
 * "in" of "man in red shirt behind the woman", and "in" mostly introduces clothing or a place phrase in RefCOCO.
 */
export function isContextSpatialWord(normal: string): boolean {
  return normal !== 'in' && relationOfWord.has(normal);
}
