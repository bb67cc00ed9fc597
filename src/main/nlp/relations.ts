// Relation words and the noun phrases they relate. Referring expressions describe one referent, so a relation word
// after the root noun phrase is taken to describe the root ("man in red shirt behind the woman": the man is
// behind), and its landmark is the next object phrase reached through prepositions, determiners, adverbs and place
// phrases ("to the left of the car", "in front of the bus"), unless another relation word comes first and claims it
// ("the bigger cat in the box": the box belongs to "in", not to "bigger").
import type { NounPhrase, SpatialRelation } from './expression-parse';
import { DIRECTION_WORDS, isDirection, relationOfToken } from './spatial-words';
import type { TaggedWord } from './tag-words';

const directionWords = new Set(Object.values(DIRECTION_WORDS).flat());

/** "in front of", "in the middle", "in between": the "in" belongs to the direction phrase, not to containment. */
function opensDirectionPhrase(words: readonly TaggedWord[], i: number): boolean {
  let next = i + 1;
  if (words[next]?.pos === 'determiner') next++;
  return words[i].normal === 'in' && next < words.length && directionWords.has(words[next].normal);
}

const bridgingParts = new Set(['preposition', 'determiner', 'adverb']);

export function findRelations(
  words: readonly TaggedWord[],
  phrases: readonly NounPhrase[],
  rootIndex: number | null,
): SpatialRelation[] {
  const phraseOf = new Array<number>(words.length).fill(-1);
  phrases.forEach((phrase, p) => phraseOf.fill(p, phrase.tokenStart, phrase.tokenEnd));

  const relations: SpatialRelation[] = [];
  words.forEach((word, i) => {
    const kind = relationOfToken(word.normal);
    if (!kind || opensDirectionPhrase(words, i)) return;
    const own = phraseOf[i];
    let target: number | null = null;
    if (own >= 0 && phrases[own].kind === 'object') target = own;
    else if (rootIndex !== null && phrases[rootIndex].tokenEnd <= i) target = rootIndex;

    let landmark: number | null = null;
    let k = own >= 0 ? phrases[own].tokenEnd : i + 1;
    while (k < words.length) {
      const p = phraseOf[k];
      if (p >= 0 && phrases[p].kind === 'object') {
        if (p !== target) landmark = p;
        break;
      }
      if (p >= 0) k = phrases[p].tokenEnd;
      else if (bridgingParts.has(words[k].pos) && !relationOfToken(words[k].normal)) k++;
      else break;
    }
    relations.push({ kind, word: word.normal, tokenIndex: i, target, landmark });
  });
  return relations;
}

function rank(relation: SpatialRelation): number {
  if (isDirection(relation.kind)) return 0;
  return relation.kind === 'within' ? 2 : 1;
}

/** The first direction relation, else the first size relation, else the first within relation. */
export function primaryRelation(relations: readonly SpatialRelation[]): SpatialRelation | null {
  let best: SpatialRelation | null = null;
  for (const relation of relations) if (!best || rank(relation) < rank(best)) best = relation;
  return best;
}
