// The parse of the text the expression bar shows, asked for once the text has been still for a moment, so typing
// never waits on it and a burst of keystrokes costs one call.
import { useEffect, useState } from 'react';
import { useApi } from '../api-context';
import type { ExpressionParseView } from './parse-segments';

const SETTLE_MS = 200;

export function useParse(text: string): ExpressionParseView | null {
  const client = useApi();
  const [parse, setParse] = useState<ExpressionParseView | null>(null);
  const trimmed = text.trim();
  useEffect(() => {
    if (trimmed === '') return;
    let live = true;
    const timer = setTimeout(() => {
      client.call('expressions.parse', { text: trimmed }).then(
        (result) => live && setParse(result),
        () => live && setParse(null),
      );
    }, SETTLE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [client, trimmed]);
  return trimmed !== '' && parse?.text === trimmed ? parse : null;
}
