// Referring-expression parsing with compromise (METHODS.md §0.3): parts of speech, noun phrases, primary noun,
// subject, root noun phrase, CoPatch context tokens, direction and relation words, IteRPrimE focus tokens.

export type {
  PartOfSpeech,
  ExpressionToken,
  NounPhraseKind,
  NounPhrase,
  Direction,
  RelationKind,
  SpatialRelation,
  ExpressionParse,
} from './expression-parse';
export { parseExpression } from './parse-expression';
export { DIRECTION_WORDS, DIRECTIONS, SIZE_WORDS, WITHIN_WORDS } from './spatial-words';
