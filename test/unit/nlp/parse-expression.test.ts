import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DIRECTION_WORDS,
  SIZE_WORDS,
  WITHIN_WORDS,
  parseExpression,
  type ExpressionParse,
  type PartOfSpeech,
} from '../../../src/main/nlp';
import { rng } from '../../helpers/random';

// The word lists of METHODS.md §0.3, copied here by hand so a change to the module's lists shows up as a failure.
const SPEC_DIRECTIONS: Record<string, string[]> = {
  left: ['left', 'leftmost', 'west'],
  right: ['right', 'rightmost', 'east'],
  up: ['top', 'above', 'upper', 'north', 'up'],
  down: ['bottom', 'below', 'lower', 'under', 'south', 'down'],
  middle: ['middle', 'center', 'centre', 'between'],
  front: ['front'],
  back: ['behind', 'back'],
};

function posOf(parse: ExpressionParse, word: string): PartOfSpeech {
  const token = parse.tokens.find((t) => t.normal === word);
  assert.ok(token, `no token '${word}' in ${JSON.stringify(parse.text)}`);
  return token.pos;
}

test('the direction, size and within word lists are exactly the spec lists', () => {
  assert.deepEqual(DIRECTION_WORDS, SPEC_DIRECTIONS);
  assert.deepEqual(SIZE_WORDS, {
    big: ['big', 'bigger', 'biggest', 'large', 'larger', 'largest'],
    small: ['small', 'smaller', 'smallest', 'tiny'],
  });
  assert.deepEqual([...WITHIN_WORDS].sort(), ['in', 'inside', 'within']);
});

test('every direction word counts as its category after a noun, in any letter case', () => {
  for (const [direction, words] of Object.entries(SPEC_DIRECTIONS)) {
    for (const word of words) {
      for (const text of [`dog ${word}`, `DOG ${word.toUpperCase()}`, `the cat ${word} the box`]) {
        assert.deepEqual(parseExpression(text).directions, [direction], text);
      }
    }
  }
});

test('direction words match whole tokens only', () => {
  const words = Object.values(SPEC_DIRECTIONS).flat();
  for (const word of words) {
    for (const text of [`b${word} car`, `${word}y car`, `car ${word}ish`]) {
      assert.deepEqual(parseExpression(text).directions, [], text);
    }
  }
  for (const text of ['bright light', 'upright piano', 'man with backpack', 'frontal view', 'underwear', 'alright']) {
    assert.deepEqual(parseExpression(text).directions, [], text);
    assert.deepEqual(parseExpression(text).relations, [], text);
  }
});

test('directions are listed once each, in the order left, right, up, down, middle, front, back', () => {
  assert.deepEqual(parseExpression('back left top guy behind the front car on the left').directions, [
    'left',
    'up',
    'front',
    'back',
  ]);
});

test('compromise tagging is corrected for referring expressions', () => {
  // compromise alone tags these as a verb, a verb, a noun and a name respectively
  assert.equal(posOf(parseExpression('man in red shirt'), 'man'), 'noun');
  assert.equal(posOf(parseExpression('kid'), 'kid'), 'noun');
  assert.equal(parseExpression('guy on the left').tokens[2].pos, 'determiner');
  const teddy = parseExpression('teddy bear').tokens;
  assert.deepEqual(teddy, [{ text: 'teddy bear', normal: 'teddy bear', pos: 'noun', start: 0, end: 10 }]);

  // place words: a noun on their own, an adjective before what they modify
  assert.equal(posOf(parseExpression('guy on left'), 'left'), 'noun');
  assert.equal(posOf(parseExpression('left guy'), 'left'), 'adjective');
  const corner = parseExpression('bottom left corner');
  assert.deepEqual(
    corner.tokens.map((t) => t.pos),
    ['adjective', 'adjective', 'noun'],
  );
  assert.deepEqual(
    parseExpression('top right').tokens.map((t) => t.pos),
    ['adjective', 'noun'],
  );
  assert.equal(posOf(parseExpression('car in front of bus'), 'front'), 'noun');
  assert.equal(posOf(parseExpression('car in front of bus'), 'in'), 'preposition');

  // "one" is a noun unless it counts the noun after it
  assert.equal(posOf(parseExpression('the one on the right'), 'one'), 'noun');
  assert.equal(posOf(parseExpression('third one'), 'one'), 'noun');
  assert.equal(posOf(parseExpression('one man'), 'one'), 'numeral');

  // participles before a noun modify it; after a noun they are verbs
  assert.equal(posOf(parseExpression('partially damaged car'), 'damaged'), 'adjective');
  assert.equal(posOf(parseExpression('man holding umbrella'), 'holding'), 'verb');
  // expressions are never commands
  assert.equal(posOf(parseExpression('box on top'), 'box'), 'noun');
  assert.equal(posOf(parseExpression('dog next to man'), 'next'), 'preposition');
  assert.equal(posOf(parseExpression('bright red umbrella'), 'bright'), 'adjective');
  assert.equal(posOf(parseExpression('guy w/ hat'), 'w'), 'preposition');
  // auxiliaries are not verbs (UPOS AUX), so they stay out of the focus tokens
  const standing = parseExpression('man who is standing');
  assert.equal(posOf(standing, 'is'), 'other');
  assert.deepEqual(standing.focusTokens, ['man', 'standing']);
});

test('multi-word COCO nouns are one token, singular or plural', () => {
  const names = ['traffic light', 'fire hydrant', 'stop sign', 'tennis racket', 'hot dog', 'cell phone', 'teddy bear'];
  for (const name of names) {
    for (const noun of [name, `${name}s`]) {
      const parse = parseExpression(`the ${noun} on the left`);
      assert.equal(parse.primaryNoun, noun);
      assert.equal(parse.tokens[1].text, noun);
      assert.equal(parse.rootNounPhrase, `the ${noun}`);
    }
  }
  assert.equal(parseExpression('two wine glasses').primaryNoun, 'wine glasses');
});

test("CoPatch's example: N_O 'man', N_C 'red shirt behind woman'", () => {
  const parse = parseExpression('man in red shirt behind the woman');
  assert.equal(parse.rootNounPhrase, 'man');
  assert.equal(parse.contextTokens.join(' '), 'red shirt behind woman');
  assert.deepEqual(
    parse.contextTokenIndices.map((i) => parse.tokens[i].text),
    ['red', 'shirt', 'behind', 'woman'],
  );
});

test("IteRPrimE's examples and the spec's fallback to the last noun", () => {
  assert.equal(parseExpression('partially damaged car').primaryNoun, 'car');
  assert.equal(parseExpression('man in red shirt on the left').primaryNoun, 'man');
  assert.equal(parseExpression('second banana from right').primaryNoun, 'banana');
  // no object noun: the last noun, even a place
  assert.equal(parseExpression('second from left').primaryNoun, 'left');
  assert.equal(parseExpression('white').primaryNoun, null);
  // a possessor is a noun phrase nested in the possessed one, so it comes first
  assert.equal(parseExpression("the man's hat").primaryNoun, 'man');
});

test('the subject is the primary noun, and the root noun phrase contains it', () => {
  for (const text of ['the tall man in a suit', 'far right', 'hot dog on the left', 'two zebras', 'white']) {
    const parse = parseExpression(text);
    assert.equal(parse.subject, parse.primaryNoun, text);
    assert.equal(parse.subjectIndex, parse.primaryNounIndex, text);
  }
  const parse = parseExpression('the tall man in a suit');
  assert.equal(parse.rootNounPhrase, 'the tall man');
  assert.deepEqual(parse.nounPhrases[parse.rootNounPhraseIndex!], {
    text: 'the tall man',
    tokenStart: 0,
    tokenEnd: 3,
    head: 'man',
    headIndex: 2,
    kind: 'object',
  });
  assert.equal(parseExpression('  white  ').rootNounPhrase, 'white', 'no noun phrase: the whole sentence, trimmed');
});

test('relations name their kind, word, target and landmark; the primary relation prefers directions', () => {
  const parse = parseExpression('the bigger cat in the box behind the chair');
  const phrase = (i: number | null) => (i === null ? null : parse.nounPhrases[i].text);
  assert.deepEqual(
    parse.relations.map((r) => [r.kind, r.word, parse.tokens[r.tokenIndex].text, phrase(r.target), phrase(r.landmark)]),
    [
      ['big', 'bigger', 'bigger', 'the bigger cat', null],
      ['within', 'in', 'in', 'the bigger cat', 'the box'],
      ['back', 'behind', 'behind', 'the bigger cat', 'the chair'],
    ],
  );
  assert.equal(parse.primaryRelation?.kind, 'back');
  assert.equal(parseExpression('the bigger cat in the box').primaryRelation?.kind, 'big');
  assert.equal(parseExpression('cat in the box').primaryRelation?.kind, 'within');
  assert.equal(parseExpression('cat').primaryRelation, null);
  // the "in" of a direction phrase is not containment
  assert.deepEqual(
    parseExpression('man in front of the bus').relations.map((r) => r.kind),
    ['front'],
  );
  assert.deepEqual(
    parseExpression('dog in between the chairs').relations.map((r) => r.kind),
    ['middle'],
  );
});

test('offsets slice the input back to each token, whatever the spacing and punctuation', () => {
  const text = "  The MAN's   hat,  on the far-LEFT!! 🙂 (2nd)";
  const parse = parseExpression(text);
  for (const token of parse.tokens) assert.equal(text.slice(token.start, token.end), token.text);
  assert.deepEqual(
    parse.tokens.map((t) => t.normal),
    ['the', 'man', 'hat', 'on', 'the', 'far', 'left', '2nd'],
  );
  for (const phrase of parse.nounPhrases) {
    assert.equal(phrase.text, text.slice(parse.tokens[phrase.tokenStart].start, parse.tokens[phrase.tokenEnd - 1].end));
  }
});

const EMPTY_FIELDS = {
  tokens: [],
  nounPhrases: [],
  primaryNoun: null,
  primaryNounIndex: null,
  subject: null,
  subjectIndex: null,
  rootNounPhraseIndex: null,
  contextTokens: [],
  contextTokenIndices: [],
  directions: [],
  relations: [],
  primaryRelation: null,
  focusTokens: [],
  focusTokenIndices: [],
};

test('empty and symbol-only input gives an empty parse', () => {
  for (const text of ['', '   ', '\n\t', '!!!', '?!', '🙂🙂', '- - -', '\u0000', '()[]{}']) {
    assert.deepEqual(
      parseExpression(text),
      { text, rootNounPhrase: text.trim(), ...EMPTY_FIELDS },
      JSON.stringify(text),
    );
  }
});

/** Everything that must hold of any parse, whatever the input. */
function assertConsistent(parse: ExpressionParse): void {
  const n = parse.tokens.length;
  const inRange = (i: number | null) => i === null || (Number.isInteger(i) && i >= 0 && i < n);
  for (const t of parse.tokens) {
    assert.equal(parse.text.slice(t.start, t.end), t.text);
    assert.ok(t.normal.length > 0);
  }
  let previousEnd = 0;
  for (const p of parse.nounPhrases) {
    assert.ok(p.tokenStart >= previousEnd && p.tokenStart < p.tokenEnd && p.tokenEnd <= n);
    assert.equal(p.headIndex, p.tokenEnd - 1);
    assert.equal(p.head, parse.tokens[p.headIndex].normal);
    previousEnd = p.tokenEnd;
  }
  assert.ok(inRange(parse.primaryNounIndex));
  assert.equal(parse.primaryNoun, parse.primaryNounIndex === null ? null : parse.tokens[parse.primaryNounIndex].normal);
  if (parse.rootNounPhraseIndex !== null) {
    const root = parse.nounPhrases[parse.rootNounPhraseIndex];
    assert.ok(root.tokenStart <= parse.subjectIndex! && parse.subjectIndex! < root.tokenEnd);
    for (const i of parse.contextTokenIndices) assert.ok(i >= root.tokenEnd && i < n);
  } else {
    assert.equal(parse.rootNounPhrase, parse.text.trim());
    assert.deepEqual(parse.contextTokens, []);
  }
  assert.deepEqual(
    parse.contextTokens,
    parse.contextTokenIndices.map((i) => parse.tokens[i].normal),
  );
  assert.deepEqual(
    parse.focusTokens,
    parse.focusTokenIndices.map((i) => parse.tokens[i].normal),
  );
  for (const r of parse.relations) {
    assert.ok(inRange(r.tokenIndex) && parse.tokens[r.tokenIndex].normal === r.word);
    for (const p of [r.target, r.landmark]) assert.ok(p === null || (p >= 0 && p < parse.nounPhrases.length));
  }
  const order = ['left', 'right', 'up', 'down', 'middle', 'front', 'back'];
  assert.deepEqual(
    parse.directions,
    order.filter((d) => parse.directions.includes(d as never)),
  );
  assert.ok(parse.primaryRelation === null || parse.relations.includes(parse.primaryRelation));
}

test('random input never throws and always gives a consistent parse', () => {
  const rand = rng(4);
  const pieces = [
    'the',
    'left',
    'LEFT',
    'man',
    "man's",
    'in',
    'front',
    'of',
    'hot',
    'dog',
    'teddy',
    'bear',
    'one',
    '2nd',
    'third',
    'bright',
    'behind',
    'between',
    'bigger',
    'tiny',
    'and',
    ',',
    '.',
    '!!',
    '-',
    '🙂',
    'w/',
    'zxq',
    'é',
    '\t',
    '\u0301',
    'top-left',
    'is',
    'holding',
    'on',
    'right',
    'middle',
    'inside',
    'asdf',
    '"',
    "'",
    '3',
    '½',
  ];
  for (let trial = 0; trial < 400; trial++) {
    const length = Math.floor(rand() * 9);
    const words = Array.from({ length }, () => pieces[Math.floor(rand() * pieces.length)]);
    const text = words.join(rand() < 0.5 ? ' ' : rand() < 0.5 ? '' : '  ');
    assertConsistent(parseExpression(text));
  }
  // random code points, including unpaired surrogates and controls
  for (let trial = 0; trial < 200; trial++) {
    const text = String.fromCharCode(
      ...Array.from({ length: Math.floor(rand() * 20) }, () => Math.floor(rand() * 0xffff)),
    );
    assertConsistent(parseExpression(text));
  }
});

test('a very long expression parses', () => {
  const text = Array.from({ length: 400 }, (_, i) => (i % 2 ? 'man on the left' : 'bright red car')).join(' and ');
  const parse = parseExpression(text);
  assertConsistent(parse);
  assert.equal(parse.primaryNoun, 'car');
  assert.deepEqual(parse.directions, ['left']);
});

test('parsing is deterministic and independent of what was parsed before', () => {
  const texts = ['man in red shirt behind the woman', 'far right', 'teddy bear on the left', ''];
  const first = texts.map(parseExpression);
  parseExpression('kid standing up next to the second hot dog from the right');
  assert.deepEqual(texts.map(parseExpression), first);
  assert.deepEqual(JSON.parse(JSON.stringify(first)), first, 'a parse is plain JSON data');
});
