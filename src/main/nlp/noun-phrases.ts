// Base noun phrases over tagged words: an optional determiner, premodifiers (adjectives, numerals, adverbs, joined
// by "and"/"or"), then one or more nouns. Prepositional phrases and clauses after the nouns are never part of a
// phrase, so no phrase contains another (the "no nested noun phrase" of IteRPrimE's rule holds for all of them).
import type { NounPhrase } from './expression-parse';
import { isPlaceWord } from './spatial-words';
import type { TaggedWord } from './tag-words';

function isNoun(word: TaggedWord): boolean {
  return word.pos === 'noun' || word.pos === 'proper-noun';
}

function isPremodifier(word: TaggedWord): boolean {
  return word.pos === 'adjective' || word.pos === 'numeral' || word.pos === 'adverb';
}

function opensPhrase(word: TaggedWord): boolean {
  return word.pos === 'determiner' || (word.pos === 'pronoun' && word.possessive);
}

const coordinators = new Set(['and', 'or', '&']);

/** "black and white cat": a coordinator between two premodifiers stays inside the phrase. */
function joinsPremodifiers(words: readonly TaggedWord[], i: number): boolean {
  return (
    words[i].pos === 'conjunction' &&
    coordinators.has(words[i].normal) &&
    i > 0 &&
    isPremodifier(words[i - 1]) &&
    i + 1 < words.length &&
    isPremodifier(words[i + 1])
  );
}

/** The phrase's extent starting at `start`: the index just past its last noun, or -1 when no noun follows. */
function phraseEnd(words: readonly TaggedWord[], start: number): number {
  let i = start;
  if (opensPhrase(words[i])) i++;
  let lastNoun = -1;
  for (; i < words.length; i++) {
    const word = words[i];
    if (isNoun(word)) {
      // "zebra right", "guy left": a place noun after an object noun starts a phrase of its own
      if (lastNoun >= 0 && isPlaceWord(word.normal) && !isPlaceWord(words[lastNoun].normal)) break;
      lastNoun = i;
      if (word.possessive) break;
    } else if (lastNoun >= 0) {
      break;
    } else if (!isPremodifier(word) && !joinsPremodifiers(words, i)) {
      break;
    }
  }
  return lastNoun >= 0 ? lastNoun + 1 : -1;
}

export function findNounPhrases(words: readonly TaggedWord[], source: string): NounPhrase[] {
  const phrases: NounPhrase[] = [];
  let i = 0;
  while (i < words.length) {
    const end = phraseEnd(words, i);
    if (end < 0) {
      i++;
      continue;
    }
    const headIndex = end - 1;
    phrases.push({
      text: source.slice(words[i].start, words[headIndex].end),
      tokenStart: i,
      tokenEnd: end,
      head: words[headIndex].normal,
      headIndex,
      kind: isPlaceWord(words[headIndex].normal) ? 'location' : 'object',
    });
    i = end;
  }
  return phrases;
}
