// What the selected expression's answer is: its state, where it came from, and its version.
import type { Annotation, Candidate } from '../../../shared/domain';

const STATUS_TEXT: Record<Annotation['status'], string> = {
  accepted: 'Accepted',
  rejected: 'All candidates rejected',
  'needs-review': 'Pre-label waiting for review',
};

export function AnswerInfo({ answer, candidates }: { answer: Annotation | null; candidates: readonly Candidate[] }) {
  if (!answer) {
    return (
      <div className="answer-info" data-testid="answer-info" data-status="open">
        <p className="muted small">Not decided yet. Accept a candidate (A), reject all (R), or draw the mask.</p>
      </div>
    );
  }
  const from = candidates.find((c) => c.id === answer.candidateId);
  const origin =
    answer.provenance === 'manual'
      ? 'Drawn by hand'
      : answer.provenance === 'ground-truth'
        ? 'Ground truth'
        : `From ${from ? `${from.method} #${from.rank}` : 'a candidate'}`;
  return (
    <div className="answer-info" data-testid="answer-info" data-status={answer.status} data-version={answer.version}>
      <p>
        <span className={`pill status-${answer.status}`}>{STATUS_TEXT[answer.status]}</span>
      </p>
      <p className="muted small">
        {origin}
        {answer.edited && ', corrected by hand'} · {answer.area.toLocaleString('en-US')} px · version {answer.version}
      </p>
      {answer.status === 'needs-review' && (
        <p className="small">Enter or A accepts it as it is, R rejects it; brush or polygon tools correct it.</p>
      )}
    </div>
  );
}
