import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSegments, type ExpressionParseView } from '../../../src/renderer/src/workspace/parse-segments';

/** A parse written by hand for "the man in red shirt on the left" (offsets counted on the string). */
const text = 'the man in red shirt on the left';
const words = ['the', 'man', 'in', 'red', 'shirt', 'on', 'the', 'left'];
let from = 0;
const tokens = words.map((word) => {
  const start = text.indexOf(word, from);
  from = start + word.length;
  return { text: word, start, end: start + word.length };
});
const parse: ExpressionParseView = {
  text,
  tokens,
  primaryNoun: 'man',
  primaryNounIndex: 1,
  rootNounPhrase: 'the man',
  contextTokens: ['red', 'shirt', 'left'],
  contextTokenIndices: [3, 4, 7],
  directions: ['left'],
  directionWords: [{ word: 'left', direction: 'left', tokenIndex: 7 }],
};

test('marks the primary noun, the context tokens and the direction words; the rest stays plain text', () => {
  assert.deepEqual(parseSegments(parse), [
    { text: 'the ', role: null },
    { text: 'man', role: 'primary' },
    { text: ' in ', role: null },
    { text: 'red', role: 'context' },
    { text: ' ', role: null },
    { text: 'shirt', role: 'context' },
    { text: ' on the ', role: null },
    { text: 'left', role: 'direction' },
  ]);
});

test('the segments always spell the text back, with leading and trailing spaces and no tokens at all', () => {
  const padded = {
    ...parse,
    text: `  ${text}!`,
    tokens: tokens.map((t) => ({ ...t, start: t.start + 2, end: t.end + 2 })),
  };
  assert.equal(
    parseSegments(padded)
      .map((s) => s.text)
      .join(''),
    `  ${text}!`,
  );
  assert.deepEqual(parseSegments(padded).at(-1), { text: '!', role: null });
  const none: ExpressionParseView = {
    ...parse,
    text: '  ',
    tokens: [],
    primaryNoun: null,
    primaryNounIndex: null,
    contextTokenIndices: [],
    directionWords: [],
  };
  assert.deepEqual(parseSegments(none), [{ text: '  ', role: null }]);
});
