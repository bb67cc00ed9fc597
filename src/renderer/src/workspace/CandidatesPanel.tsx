// The candidates of the selected expression: one column per method, best first, each a thumbnail with its score.
// Hovering previews a mask on the image; clicking selects it; Enter or A accepts the selection.
import type { Annotation, Candidate, Expression } from '../../../shared/domain';
import { cssColor, methodColor } from './colors';
import { CandidateThumb } from './CandidateThumb';
import type { MethodColumn } from './decisions';

export function CandidatesPanel({
  expression,
  columns,
  loading,
  error,
  image,
  selectedId,
  answer,
  onSelect,
  onHover,
  onAccept,
  onReject,
  predicting,
}: {
  expression: Expression | null;
  columns: readonly MethodColumn[];
  loading: boolean;
  error: string | null;
  image: HTMLImageElement | null;
  selectedId: number | null;
  answer: Annotation | null;
  onSelect: (candidate: Candidate) => void;
  onHover: (candidate: Candidate | null) => void;
  onAccept: (candidate?: Candidate) => void;
  onReject: () => void;
  /** The methods are running for this expression. */
  predicting: boolean;
}) {
  if (!expression) {
    return (
      <section className="panel candidates" aria-label="Candidates">
        <h3 className="panel-title">Candidates</h3>
        <p className="muted small pad-x">Add or pick an expression to see its candidate masks.</p>
      </section>
    );
  }
  return (
    <section className="panel candidates" aria-label="Candidates" data-testid="candidates-panel">
      <h3 className="panel-title">
        Candidates <span className="muted">for “{expression.text}”</span>
      </h3>
      {error && <p className="error small pad-x">{error}</p>}
      {columns.length === 0 ? (
        <div className="pad-x" data-testid="no-candidates">
          <p className="muted small">
            {loading
              ? 'Loading…'
              : 'No candidates for this expression yet. They appear here as soon as they are stored.'}
          </p>
          <p className="muted small">
            {predicting
              ? 'The methods are running; each one’s candidates appear here as soon as it finishes.'
              : 'Press Enter in the expression bar (or Run) to run the chosen methods, or draw the mask with the brush, polygon or SAM tools.'}
          </p>
        </div>
      ) : (
        <div className="method-columns" onMouseLeave={() => onHover(null)}>
          {columns.map((column, index) => (
            <div className="method-column" key={column.method} data-testid="method-column" data-method={column.method}>
              <div className="method-name" style={{ borderColor: cssColor(methodColor(index)) }} title={column.method}>
                {column.method}
              </div>
              <ol>
                {column.candidates.map((c) => {
                  const chosen = answer?.candidateId === c.id;
                  return (
                    <li key={c.id}>
                      <button
                        className={`candidate${c.id === selectedId ? ' selected' : ''}${chosen ? ' chosen' : ''}`}
                        onClick={() => onSelect(c)}
                        onDoubleClick={() => onAccept(c)}
                        onKeyDown={(event) => {
                          // Enter on a focused candidate accepts that one, as Enter accepts the selection elsewhere.
                          if (event.key !== 'Enter') return;
                          event.preventDefault();
                          onSelect(c);
                          onAccept(c);
                        }}
                        onMouseEnter={() => onHover(c)}
                        onFocus={() => onHover(c)}
                        onBlur={() => onHover(null)}
                        aria-pressed={c.id === selectedId}
                        aria-label={`${column.method} rank ${c.rank}, score ${c.score.toFixed(3)}${chosen ? ', the answer' : ''}`}
                        data-testid="candidate"
                        data-candidate-id={c.id}
                      >
                        <CandidateThumb image={image} mask={c.mask} color={methodColor(index)} />
                        <span className="candidate-meta">
                          <span>#{c.rank}</span>
                          <span className="score">{c.score.toFixed(3)}</span>
                          {chosen && (
                            <span className="state-accepted" title="the answer">
                              ✓
                            </span>
                          )}
                        </span>
                      </button>
                    </li>
                  );
                })}
              </ol>
            </div>
          ))}
        </div>
      )}
      <div className="decide-row">
        <button
          className="primary"
          onClick={() => onAccept()}
          data-testid="accept"
          title="Accept the selected candidate (Enter or A)"
        >
          Accept <kbd>A</kbd>
        </button>
        <button className="danger" onClick={onReject} data-testid="reject" title="Reject all candidates (R)">
          Reject all <kbd>R</kbd>
        </button>
      </div>
    </section>
  );
}
