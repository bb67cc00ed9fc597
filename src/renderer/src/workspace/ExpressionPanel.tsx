// The expression bar (type, Enter adds the expression and runs the chosen methods for it; with the field empty,
// Run runs them for the selected expression), the parse of what is typed (or, with the field empty, of the selected
// expression) and the history of expressions on this image.
import { useState, type FormEvent, type ReactNode, type Ref } from 'react';
import type { Annotation, Expression } from '../../../shared/domain';
import { expressionState, type ExpressionState } from './decisions';
import { ParseView } from './ParseView';
import { useParse } from './use-parse';

const STATE_MARKS: Record<ExpressionState, { mark: string; label: string }> = {
  open: { mark: '○', label: 'open' },
  accepted: { mark: '✓', label: 'accepted' },
  rejected: { mark: '✗', label: 'rejected' },
  'needs-review': { mark: '●', label: 'needs review' },
};

export function ExpressionPanel({
  inputRef,
  expressions,
  annotations,
  selectedId,
  onSelect,
  onCreate,
  submitLabel,
  onRunSelected,
  controls,
}: {
  inputRef: Ref<HTMLInputElement>;
  expressions: readonly Expression[];
  annotations: readonly Annotation[];
  selectedId: number | null;
  onSelect: (expressionId: number) => void;
  onCreate: (text: string) => Promise<void>;
  /** "Run" when Enter also runs the methods, "Add" when it only adds the expression. */
  submitLabel: string;
  /** Runs the methods for the selected expression (the field left empty); null when that is not possible. */
  onRunSelected: (() => void) | null;
  /** The method choices and run status, under the bar. */
  controls: ReactNode;
}) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const typing = text.trim() !== '';
  const parse = useParse(typing ? text : (expressions.find((x) => x.id === selectedId)?.text ?? ''));

  async function submit(event: FormEvent) {
    event.preventDefault();
    const value = text.trim();
    if (busy) return;
    if (!value) {
      onRunSelected?.();
      return;
    }
    setBusy(true);
    try {
      await onCreate(value);
      setText('');
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel expressions" aria-label="Expressions">
      <form onSubmit={submit} className="expression-bar">
        <input
          ref={inputRef}
          type="text"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') e.currentTarget.blur();
          }}
          placeholder="Describe an object, e.g. the white horse in the middle"
          aria-label="New expression"
          data-testid="expression-input"
          maxLength={500}
          spellCheck
        />
        <button
          type="submit"
          className="primary"
          disabled={busy || (!text.trim() && !onRunSelected)}
          title={text.trim() ? undefined : 'Run the methods for the selected expression'}
          data-testid="expression-submit"
        >
          {submitLabel}
        </button>
      </form>
      {controls}
      <div className="parse-slot" aria-live="polite">
        {parse && <ParseView parse={parse} live={typing} />}
      </div>
      <h3 className="panel-title">
        On this image <span className="muted">({expressions.length})</span>
      </h3>
      {expressions.length === 0 ? (
        <p className="muted small pad-x">No expressions yet. Type one above and press Enter.</p>
      ) : (
        <ol className="expression-list" data-testid="expression-list">
          {expressions.map((x) => {
            const state = expressionState(annotations, x.id);
            return (
              <li key={x.id}>
                <button
                  className={x.id === selectedId ? 'expression selected' : 'expression'}
                  aria-current={x.id === selectedId}
                  onClick={() => onSelect(x.id)}
                  data-testid="expression-item"
                  data-state={state}
                  data-expression-id={x.id}
                >
                  <span
                    className={`state-mark state-${state}`}
                    title={STATE_MARKS[state].label}
                    aria-label={STATE_MARKS[state].label}
                  >
                    {STATE_MARKS[state].mark}
                  </span>
                  <span className="expression-text">{x.text}</span>
                  {x.split !== 'none' && <span className="pill small">{x.split}</span>}
                </button>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
