// The part of an expression's parse the annotator sees: the words a method will read as the object (primary noun),
// its context and the directions, with token offsets so the expression bar can mark them in the text.
import { z } from 'zod';
import type { expressionParseViewSchema } from '../../shared/api';
import { DIRECTIONS, parseExpression, type Direction } from '../nlp';

export type ExpressionParseView = z.output<typeof expressionParseViewSchema>;

function isDirectionKind(kind: string): kind is Direction {
  return (DIRECTIONS as readonly string[]).includes(kind);
}

export function describeExpression(text: string): ExpressionParseView {
  const parse = parseExpression(text);
  return {
    text: parse.text,
    tokens: parse.tokens.map(({ text: word, start, end }) => ({ text: word, start, end })),
    primaryNoun: parse.primaryNoun,
    primaryNounIndex: parse.primaryNounIndex,
    rootNounPhrase: parse.rootNounPhrase,
    contextTokens: parse.contextTokens,
    contextTokenIndices: parse.contextTokenIndices,
    directions: parse.directions,
    directionWords: parse.relations.flatMap((r) =>
      isDirectionKind(r.kind) ? [{ word: r.word, direction: r.kind, tokenIndex: r.tokenIndex }] : [],
    ),
  };
}
