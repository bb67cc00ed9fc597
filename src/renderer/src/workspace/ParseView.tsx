// What the methods will read from the expression: the text with its primary noun, context tokens and direction
// words marked, and the same three listed.
import { parseSegments, type ExpressionParseView } from './parse-segments';

export function ParseView({ parse, live }: { parse: ExpressionParseView; live: boolean }) {
  const directions = parse.directionWords.map((d) => d.word);
  return (
    <div className="parse-view" data-testid="parse-view" data-live={live}>
      <p className="parse-text" data-testid="parse-text">
        {parseSegments(parse).map((s, i) =>
          s.role ? (
            <mark key={i} className={`word-${s.role}`} data-role={s.role}>
              {s.text}
            </mark>
          ) : (
            <span key={i}>{s.text}</span>
          ),
        )}
      </p>
      <dl className="parse-fields small">
        <dt className="word-primary">Object</dt>
        <dd data-testid="parse-primary">{parse.primaryNoun ?? '—'}</dd>
        <dt className="word-context">Context</dt>
        <dd data-testid="parse-context">{parse.contextTokens.join(', ') || '—'}</dd>
        <dt className="word-direction">Direction</dt>
        <dd data-testid="parse-directions">{directions.join(', ') || '—'}</dd>
      </dl>
    </div>
  );
}
