import { parseExpression, type ExpressionParse, type SpatialRelation } from '../../nlp';
import { CliUsageError, parseCommandArgs } from '../usage';

function describeRelation(parse: ExpressionParse, relation: SpatialRelation): string {
  const phrase = (index: number | null) => (index === null ? '–' : parse.nounPhrases[index].text);
  return `${relation.kind} "${relation.word}": ${phrase(relation.target)} → ${phrase(relation.landmark)}`;
}

function summary(parse: ExpressionParse): string {
  const list = (words: string[]) => (words.length ? words.join(' ') : '–');
  const rows: [string, string][] = [
    ['expression', parse.text],
    ['tokens', list(parse.tokens.map((t) => `${t.text}/${t.pos}`))],
    ['noun phrases', list(parse.nounPhrases.map((p) => `[${p.text}${p.kind === 'location' ? ' (place)' : ''}]`))],
    ['primary noun', parse.primaryNoun ?? '–'],
    ['subject', parse.subject ?? '–'],
    ['root phrase', parse.rootNounPhrase || '–'],
    ['context', list(parse.contextTokens)],
    ['directions', list(parse.directions)],
    ['relations', parse.relations.map((r) => describeRelation(parse, r)).join('; ') || '–'],
    ['main relation', parse.primaryRelation ? describeRelation(parse, parse.primaryRelation) : '–'],
    ['focus', list(parse.focusTokens)],
  ];
  return rows.map(([label, value]) => `${label.padEnd(13)} ${value}`).join('\n');
}

export async function parseCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseCommandArgs(argv, { json: { type: 'boolean' } });
  if (positionals.length !== 1) throw new CliUsageError('give the expression as one quoted argument');
  const parse = parseExpression(positionals[0]);
  console.log(values.json ? JSON.stringify(parse, null, 2) : summary(parse));
}
