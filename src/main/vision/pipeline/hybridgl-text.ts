// What HybridGL reads from an expression (METHODS.md §2.1, §2.3, §2.4), taken from the shared parse with the
// authors' word lists (utils.py), not the parser's own relation words: HybridGL's relations are defined by those
// lists ("behind" is up, "front" is down, "bigger" but not "big" is big, "in" is no containment). Where the authors
// keep the word whose syntactic head comes first, the first word in the text is kept: the parse has no dependency
// heads, and in a referring expression the earlier word almost always modifies the earlier head.
import type { ExpressionParse } from '../../nlp';
import type { HybridGLLanguage, SpatialRelation } from '../methods/hybridgl';
import type { PositionalCue } from '../methods/shared/ramps';

export interface HybridGLText {
  /** CLIP(T): the expression. */
  sentence: string;
  /** CLIP(root noun phrase); the whole expression when the parse has none. */
  rootPhrase: string;
  /** The GEM map's text: "a photo of a <root noun phrase>." (GEM's own template around the phrase). */
  gemPrompt: string;
  /** "a photo of <phrase>" for each other noun phrase. */
  otherPhrases: string[];
  language: HybridGLLanguage;
}

const RELATION_WORDS: readonly (readonly [Exclude<SpatialRelation, 'none'>, readonly string[]])[] = [
  ['left', ['left', 'west']],
  ['right', ['right', 'east']],
  ['up', ['above', 'north', 'top', 'back', 'behind']],
  ['down', ['below', 'south', 'under', 'front']],
  ['big', ['bigger', 'larger', 'closer']],
  ['small', ['smaller', 'tinier', 'further', 'smallest']],
  ['within', ['inside', 'within', 'contained']],
];

const POSITION_WORDS: readonly (readonly [Exclude<PositionalCue, 'none'>, readonly string[]])[] = [
  ['left', ['left']],
  ['right', ['right']],
  ['middle', ['middle', 'between']],
  ['up', ['up', 'top', 'above']],
  ['down', ['down', 'under', 'bottom', 'low']],
];

/** Heads that make a noun phrase no object of its own (the authors' RELATION_WORDS, which extract_nouns skips). */
const NOT_OBJECT_HEADS = new Set([
  'left',
  'west',
  'right',
  'east',
  'above',
  'north',
  'top',
  'back',
  'behind',
  'below',
  'south',
  'under',
  'front',
  'bigger',
  'larger',
  'closer',
  'smaller',
  'tinier',
  'further',
  'inside',
  'within',
  'contained',
  'who',
  'what',
  'which',
  'middle',
]);

/** Heads of another noun phrase that make the expression name a part of the frame: relation 'none'. */
const FRAME_HEADS = new Set(['part', 'image', 'side', 'picture', 'half', 'region', 'section', 'photo']);

function firstMatch<T>(words: readonly string[], lists: readonly (readonly [T, readonly string[]])[]): T | undefined {
  for (const word of words) {
    for (const [value, list] of lists) if (list.includes(word)) return value;
  }
  return undefined;
}

/**
 * The other noun phrases: every phrase but the root one (by index, and by text as the authors compare), leaving out
 * places ("on the left": the parse's 'location' phrases) and phrases headed by one of the authors' relation words.
 */
function otherNounPhrases(parse: ExpressionParse): ExpressionParse['nounPhrases'] {
  return parse.nounPhrases.filter(
    (phrase, i) =>
      i !== parse.rootNounPhraseIndex &&
      phrase.text !== parse.rootNounPhrase &&
      phrase.kind !== 'location' &&
      !NOT_OBJECT_HEADS.has(phrase.head),
  );
}

export function hybridGLText(parse: ExpressionParse): HybridGLText {
  const rootPhrase = parse.rootNounPhrase || parse.text;
  const others = otherNounPhrases(parse);
  const words = parse.tokens.map((t) => t.normal);
  const framed = others.some((phrase) => FRAME_HEADS.has(phrase.head));
  return {
    sentence: parse.text,
    rootPhrase,
    gemPrompt: `a photo of a ${rootPhrase}.`,
    otherPhrases: others.map((phrase) => `a photo of ${phrase.text}`),
    language: {
      relation: framed ? 'none' : (firstMatch(words, RELATION_WORDS) ?? 'none'),
      position: firstMatch(words, POSITION_WORDS) ?? 'none',
    },
  };
}
