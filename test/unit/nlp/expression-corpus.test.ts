// Scores the parser against the hand-written corpus in test/fixtures/nlp/expressions.json (RefCOCO-style
// expressions, expected outputs written from METHODS.md §0.3). The bar: primary noun right on at least 95%
// of the cases, directions right on all of them; the fields given for a subset must all be right.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseExpression, type ExpressionParse } from '../../../src/main/nlp';

interface ExpectedRelation {
  kind: string;
  word: string;
  target: string | null;
  landmark: string | null;
}

interface Case {
  text: string;
  primaryNoun: string | null;
  directions: string[];
  rootNounPhrase?: string;
  contextTokens?: string[];
  focusTokens?: string[];
  relations?: ExpectedRelation[];
  primaryRelation?: string | null;
}

const corpus = JSON.parse(readFileSync(new URL('../../fixtures/nlp/expressions.json', import.meta.url), 'utf8')) as {
  cases: Case[];
};

function relationsAsText(parse: ExpressionParse): ExpectedRelation[] {
  const phrase = (index: number | null) => (index === null ? null : parse.nounPhrases[index].text);
  return parse.relations.map((r) => ({
    kind: r.kind,
    word: r.word,
    target: phrase(r.target),
    landmark: phrase(r.landmark),
  }));
}

type Field =
  'primaryNoun' | 'directions' | 'rootNounPhrase' | 'contextTokens' | 'focusTokens' | 'relations' | 'primaryRelation';

function actualField(parse: ExpressionParse, field: Field): unknown {
  if (field === 'relations') return relationsAsText(parse);
  if (field === 'primaryRelation') return parse.primaryRelation?.kind ?? null;
  return parse[field];
}

const fields: Field[] = [
  'primaryNoun',
  'directions',
  'rootNounPhrase',
  'contextTokens',
  'focusTokens',
  'relations',
  'primaryRelation',
];

function score(field: Field): { checked: number; right: number; misses: string[] } {
  const misses: string[] = [];
  let checked = 0;
  for (const c of corpus.cases) {
    if (c[field] === undefined) continue;
    checked++;
    const actual = actualField(parseExpression(c.text), field);
    try {
      assert.deepEqual(actual, c[field]);
    } catch {
      misses.push(`${JSON.stringify(c.text)}: expected ${JSON.stringify(c[field])}, got ${JSON.stringify(actual)}`);
    }
  }
  return { checked, right: checked - misses.length, misses };
}

test('the corpus holds at least 150 expressions, each with a primary noun and directions', () => {
  assert.ok(corpus.cases.length >= 150, `${corpus.cases.length} cases`);
  for (const c of corpus.cases) {
    assert.ok(c.primaryNoun !== undefined && Array.isArray(c.directions), JSON.stringify(c.text));
  }
});

for (const field of fields) {
  const required = field === 'primaryNoun' ? 0.95 : 1;
  test(`${field}: right on at least ${required * 100}% of the cases that give it`, (t) => {
    const { checked, right, misses } = score(field);
    const accuracy = right / checked;
    t.diagnostic(`${field}: ${right}/${checked} = ${(accuracy * 100).toFixed(1)}%`);
    for (const miss of misses) t.diagnostic(`miss ${miss}`);
    assert.ok(checked > 0);
    assert.ok(accuracy >= required, `${field} ${right}/${checked}\n${misses.join('\n')}`);
  });
}
