// One parse of a referring expression with everything the methods read from it (METHODS.md §0.3).
import type { ExpressionParse, NounPhrase, PartOfSpeech } from './expression-parse';
import { findNounPhrases } from './noun-phrases';
import { findRelations, primaryRelation } from './relations';
import { DIRECTIONS, isContextSpatialWord, isDirection } from './spatial-words';
import { tagWords, type TaggedWord } from './tag-words';

/**
 * IteRPrimE's primary noun: the head of the first noun phrase, taking its rightmost common noun (a proper noun only
 * when the phrase has no common noun). Place phrases ("on the left") are skipped, as RefCOCO's own head-word finder
 * skips direction words; without an object phrase the spec's fallback applies: the last noun of the sentence.
 */
function findPrimaryNoun(words: readonly TaggedWord[], phrases: readonly NounPhrase[]): number | null {
  const first = phrases.find((phrase) => phrase.kind === 'object');
  if (first) {
    for (let i = first.tokenEnd - 1; i >= first.tokenStart; i--) if (words[i].pos === 'noun') return i;
    return first.headIndex;
  }
  return phrases.length ? phrases[phrases.length - 1].headIndex : null;
}

const focusParts = new Set<PartOfSpeech>(['noun', 'proper-noun', 'verb', 'adjective', 'numeral']);
const contextParts = new Set<PartOfSpeech>(['noun', 'proper-noun', 'adjective']);

function indicesWhere(words: readonly TaggedWord[], from: number, keep: (word: TaggedWord) => boolean): number[] {
  const indices: number[] = [];
  for (let i = from; i < words.length; i++) if (keep(words[i])) indices.push(i);
  return indices;
}

/** Parses an expression. Pure and deterministic; any string, empty or nonsense included, gives a valid parse. */
export function parseExpression(text: string): ExpressionParse {
  const words = tagWords(text);
  const nounPhrases = findNounPhrases(words, text);
  const subjectIndex = findPrimaryNoun(words, nounPhrases);
  const root =
    subjectIndex === null
      ? -1
      : nounPhrases.findIndex((p) => p.tokenStart <= subjectIndex && subjectIndex < p.tokenEnd);
  const rootIndex = root >= 0 ? root : null;
  const relations = findRelations(words, nounPhrases, rootIndex);
  const present = new Set(relations.map((r) => r.kind).filter(isDirection));
  const contextTokenIndices =
    rootIndex === null
      ? []
      : indicesWhere(
          words,
          nounPhrases[rootIndex].tokenEnd,
          (word) => contextParts.has(word.pos) || isContextSpatialWord(word.normal),
        );
  const focusTokenIndices = indicesWhere(words, 0, (word) => focusParts.has(word.pos));
  const subject = subjectIndex === null ? null : words[subjectIndex].normal;
  return {
    text,
    tokens: words.map(({ text, normal, pos, start, end }) => ({ text, normal, pos, start, end })),
    nounPhrases,
    primaryNoun: subject,
    primaryNounIndex: subjectIndex,
    subject,
    subjectIndex,
    rootNounPhrase: rootIndex === null ? text.trim() : nounPhrases[rootIndex].text,
    rootNounPhraseIndex: rootIndex,
    contextTokens: contextTokenIndices.map((i) => words[i].normal),
    contextTokenIndices,
    directions: DIRECTIONS.filter((direction) => present.has(direction)),
    relations,
    primaryRelation: primaryRelation(relations),
    focusTokens: focusTokenIndices.map((i) => words[i].normal),
    focusTokenIndices,
  };
}
