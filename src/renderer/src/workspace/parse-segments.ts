// The expression text cut into runs for the expression bar: the primary noun, the context tokens and the direction
// words marked, everything between them (spaces, articles) plain. A direction word that is also a context token
// is shown as a direction, the more specific of the two.
import type { OpOutput } from '../../../shared/contract';
import type { RefLabelApi } from '../../../shared/api';

export type ExpressionParseView = OpOutput<RefLabelApi, 'expressions.parse'>;
export type WordRole = 'primary' | 'context' | 'direction';

export interface TextSegment {
  text: string;
  role: WordRole | null;
}

export function wordRoles(parse: ExpressionParseView): Map<number, WordRole> {
  const roles = new Map<number, WordRole>();
  for (const i of parse.contextTokenIndices) roles.set(i, 'context');
  for (const d of parse.directionWords) roles.set(d.tokenIndex, 'direction');
  if (parse.primaryNounIndex !== null) roles.set(parse.primaryNounIndex, 'primary');
  return roles;
}

export function parseSegments(parse: ExpressionParseView): TextSegment[] {
  const roles = wordRoles(parse);
  const segments: TextSegment[] = [];
  const push = (text: string, role: WordRole | null) => {
    if (text === '') return;
    const last = segments[segments.length - 1];
    if (last && last.role === null && role === null) last.text += text;
    else segments.push({ text, role });
  };
  let at = 0;
  parse.tokens.forEach((token, i) => {
    const start = Math.max(at, token.start);
    push(parse.text.slice(at, start), null);
    push(parse.text.slice(start, token.end), roles.get(i) ?? null);
    at = Math.max(at, token.end);
  });
  push(parse.text.slice(at), null);
  return segments;
}
