// What parsing a referring expression yields (METHODS.md §0.3). Every field is plain data, so a parse prints as JSON
// and travels over IPC unchanged. Word-valued fields carry the token's normal form; the parallel `…Index` fields
// point into `tokens`, whose character offsets let a method find the word again in its own tokenizer's pieces.

export type PartOfSpeech =
  | 'noun'
  | 'proper-noun'
  | 'adjective'
  | 'verb'
  | 'numeral'
  | 'preposition'
  | 'determiner'
  | 'pronoun'
  | 'adverb'
  | 'conjunction'
  | 'other';

export interface ExpressionToken {
  /** The word as typed (a multi-word noun such as "hot dog" is one token). */
  text: string;
  /** Lower case, without punctuation or a possessive "'s". */
  normal: string;
  pos: PartOfSpeech;
  /** Character offsets into the expression, end exclusive. */
  start: number;
  end: number;
}

/**
 * 'location' when the head is a direction word used as a noun ("on the left", "far right", "the middle"): such a
 * phrase names a place in the image rather than an object.
 */
export type NounPhraseKind = 'object' | 'location';

/** A base noun phrase: optional determiner, premodifiers, then nouns; post-nominal phrases are phrases of their own. */
export interface NounPhrase {
  /** The phrase as typed. */
  text: string;
  /** Token span, end exclusive. */
  tokenStart: number;
  tokenEnd: number;
  /** Normal form of the head noun: the rightmost noun of the phrase. */
  head: string;
  headIndex: number;
  kind: NounPhraseKind;
}

export type Direction = 'left' | 'right' | 'up' | 'down' | 'middle' | 'front' | 'back';

export type RelationKind = Direction | 'big' | 'small' | 'within';

/**
 * One relation word and the phrases it relates. `target` is the phrase being described (the phrase the word
 * modifies, or the root noun phrase when the word follows it); `landmark` is the object phrase it is measured
 * against ("behind the woman"), or null for an absolute position ("on the left").
 */
export interface SpatialRelation {
  kind: RelationKind;
  /** The relation word's normal form. */
  word: string;
  tokenIndex: number;
  /** Indexes into `nounPhrases`. */
  target: number | null;
  landmark: number | null;
}

export interface ExpressionParse {
  text: string;
  tokens: ExpressionToken[];
  nounPhrases: NounPhrase[];
  /** IteRPrimE's primary noun, or null when the expression has no noun. */
  primaryNoun: string | null;
  primaryNounIndex: number | null;
  /** Ref-Diff's subject token. Without a dependency parser this is the primary noun. */
  subject: string | null;
  subjectIndex: number | null;
  /** The noun phrase containing the subject, as typed; the whole expression (trimmed) when there is none. */
  rootNounPhrase: string;
  /** Index into `nounPhrases`, null when `rootNounPhrase` is the whole expression. */
  rootNounPhraseIndex: number | null;
  /** CoPatch N_C: nouns, adjectives and spatial words after the root noun phrase. */
  contextTokens: string[];
  contextTokenIndices: number[];
  /** Direction categories present, in the order of the `Direction` union, each once. */
  directions: Direction[];
  /** Every relation word, in text order. */
  relations: SpatialRelation[];
  /**
   * The relation a single-relation method (HybridGL) should use: the first direction relation, else the first size
   * relation, else the first within relation; null when there is none.
   */
  primaryRelation: SpatialRelation | null;
  /** IteRPrimE's effective words: nouns, verbs, adjectives, proper nouns and numerals, in text order. */
  focusTokens: string[];
  focusTokenIndices: number[];
}
