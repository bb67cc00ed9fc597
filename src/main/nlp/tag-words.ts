// Tokenises and part-of-speech tags an expression with compromise, corrected for referring expressions through
// compromise's own mechanisms: frozen lexicon entries (vocabulary.ts) and match rules swept over the tagged text.
// The plugin goes into compromise's shared instance when this module loads, so any other compromise user in the
// process would see these domain entries too.
import nlp from 'compromise/two';
import type { PartOfSpeech } from './expression-parse';
import { PLACE_WORDS } from './spatial-words';
import { COMPOUND_NOUNS, FROZEN_WORDS } from './vocabulary';

/** A token with the facts the chunker needs beyond its part of speech. */
export interface TaggedWord {
  text: string;
  normal: string;
  pos: PartOfSpeech;
  start: number;
  end: number;
  /** "man's": the word closes its noun phrase. */
  possessive: boolean;
}

nlp.plugin({
  // Place marks the direction words that can be nouns or adjectives; it has no parent, so it never conflicts.
  tags: { Place: {} },
  frozen: { ...FROZEN_WORDS },
});

const placeWords = `(${PLACE_WORDS.join('|')})`;

// compromise applies a sweep's tags only after matching all its rules, so rules that read a previous rule's tags
// run in a later sweep.
const markWords = nlp.buildNet([
  { match: placeWords, tag: 'Place', reason: 'place-word' },
  // "the one on the right", "third one", "one on left": a pronoun-like noun unless it counts a following noun
  // ("one man") or picks from a group ("one of the zebras", whose head is the group)
  { match: '[(one|ones)]$', group: 0, tag: 'Noun', reason: 'one-as-noun' },
  { match: '[(one|ones)] (!#Noun && !#Adjective && !of)', group: 0, tag: 'Noun', reason: 'one-as-noun' },
  { match: '[next] to', group: 0, tag: 'Preposition', reason: 'next-to' },
  // an expression names a thing and is never a command: "box on top", "stand with tv", "plant"
  { match: '^[#Infinitive] (#Preposition|#Conjunction)', group: 0, tag: 'Noun', reason: 'not-imperative' },
  { match: '^[#Infinitive]$', group: 0, tag: 'Noun', reason: 'not-imperative' },
  // "light blue shirt"
  { match: '[light] #Adjective', group: 0, tag: 'Adjective', reason: 'colour-shade' },
  // "partially damaged car", "the standing man": a participle before its noun modifies it
  { match: '^[(#PastTense|#Gerund)] #Adjective? #Noun', group: 0, tag: 'Adjective', reason: 'participle-modifier' },
  {
    match: '(^#Adverb|#Determiner|#Adjective) #Adverb? [(#PastTense|#Gerund)] #Adjective? #Noun',
    group: 0,
    tag: 'Adjective',
    reason: 'participle-modifier',
  },
]);

// A place word is a noun ("on the left", "far right") ...
const placesAsNouns = nlp.buildNet([{ match: '#Place', tag: 'Noun', reason: 'place-as-noun' }]);

// ... unless it modifies a following noun ("left guy", "bottom left corner") or place ("top right").
const placesAsModifiers = nlp.buildNet([
  {
    match:
      '[#Place+] (#Adverb|#Adjective|#Value)? (#Adverb|#Adjective|#Value)? (#Adverb|#Adjective|#Value)? (#Noun && !#Place)',
    group: 0,
    tag: 'Adjective',
    reason: 'place-modifier',
  },
  { match: '[#Place] #Place', group: 0, tag: 'Adjective', reason: 'place-modifier' },
]);

interface CompromiseTerm {
  text: string;
  normal: string;
  tags: string[];
  offset: { start: number; length: number };
}

// Checked in order: the first tag a term carries decides. Auxiliaries are UPOS AUX, not verbs, so "is" stays out of
// the focus tokens as it does with the papers' spaCy and stanza parsers.
const POS_OF_TAG: readonly (readonly [string, PartOfSpeech])[] = [
  ['Pronoun', 'pronoun'],
  ['ProperNoun', 'proper-noun'],
  ['Noun', 'noun'],
  ['Value', 'numeral'],
  ['Copula', 'other'],
  ['Auxiliary', 'other'],
  ['Modal', 'other'],
  ['Particle', 'adverb'],
  ['Verb', 'verb'],
  ['Adjective', 'adjective'],
  ['Adverb', 'adverb'],
  ['Preposition', 'preposition'],
  ['Determiner', 'determiner'],
  ['Conjunction', 'conjunction'],
];

function partOfSpeech(tags: readonly string[]): PartOfSpeech {
  for (const [tag, pos] of POS_OF_TAG) if (tags.includes(tag)) return pos;
  return 'other';
}

const hasWordCharacter = /[\p{L}\p{N}]/u;
const possessiveEnding = /['’]s?$/;

function toWord(term: CompromiseTerm): TaggedWord {
  const possessive = term.tags.includes('Possessive');
  const normal = term.normal.toLowerCase();
  return {
    text: term.text,
    normal: possessive ? normal.replace(possessiveEnding, '') : normal,
    pos: partOfSpeech(term.tags),
    start: term.offset.start,
    end: term.offset.start + term.offset.length,
    possessive,
  };
}

const compoundNouns = new Set(COMPOUND_NOUNS);

/** Joins the two words of a COCO compound noun ("hot dog") into one noun token. */
function joinCompounds(words: TaggedWord[], source: string): TaggedWord[] {
  const joined: TaggedWord[] = [];
  for (let i = 0; i < words.length; i++) {
    const next = words[i + 1];
    if (next && compoundNouns.has(`${words[i].normal} ${next.normal}`)) {
      joined.push({
        text: source.slice(words[i].start, next.end),
        normal: `${words[i].normal} ${next.normal}`,
        pos: 'noun',
        start: words[i].start,
        end: next.end,
        possessive: next.possessive,
      });
      i++;
    } else {
      joined.push(words[i]);
    }
  }
  return joined;
}

/** The expression's words in order; punctuation and symbols without a letter or digit are dropped. */
export function tagWords(text: string): TaggedWord[] {
  if (!hasWordCharacter.test(text)) return [];
  const doc = nlp(text);
  doc.sweep(markWords);
  doc.sweep(placesAsNouns);
  doc.sweep(placesAsModifiers);
  const sentences = doc.json({ offset: true, terms: { offset: true } }) as { terms: CompromiseTerm[] }[];
  const words = sentences
    .flatMap((sentence) => sentence.terms)
    .filter((term) => hasWordCharacter.test(term.text))
    .map(toWord);
  return joinCompounds(words, text);
}
