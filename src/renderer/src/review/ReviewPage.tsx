// The review queue: how many images wait for review, a way to step through them in the workspace, and how each
// method's top-1 masks have fared with the people deciding.
import { useApi } from '../api-context';
import { formatCount } from '../app/format';
import { useLoad } from '../app/use-load';
import type { Navigate } from '../app/use-route';

function share(n: number, of: number): string {
  return of > 0 ? `${Math.round((n / of) * 100)}%` : '—';
}

export function ReviewPage({ datasetId, navigate }: { datasetId: number; navigate: Navigate }) {
  const client = useApi();
  const dataset = useLoad(`dataset/${datasetId}`, () => client.call('datasets.get', { datasetId }));
  const queue = useLoad(`review-queue/${datasetId}`, () =>
    client.call('images.list', { datasetId, filter: 'needs-review', offset: 0, limit: 1 }),
  );
  const stats = useLoad(`review-stats/${datasetId}`, () => client.call('review.stats', { datasetId }));
  const first = queue.value?.items[0];

  const start = () => {
    if (!first) return;
    navigate({ page: 'workspace', datasetId, imageId: first.id, filter: 'needs-review', at: 0, expressionId: null });
  };

  return (
    <div className="page scroll">
      <div className="page-inner">
        <div className="toolbar flat">
          <button onClick={() => navigate({ page: 'browser', datasetId, filter: 'all' })}>
            ‹ {dataset.value?.name ?? 'Grid'}
          </button>
          <h1>Review</h1>
        </div>
        <section className="card" data-testid="review-queue">
          <h2>Queue</h2>
          {queue.error && <p className="error">{queue.error}</p>}
          {queue.value && (
            <p>
              {queue.value.total === 0
                ? 'Nothing waits for review.'
                : `${formatCount(queue.value.total)} images have pre-labels waiting for review (${formatCount(
                    dataset.value?.needsReview ?? 0,
                  )} annotations).`}
            </p>
          )}
          <button className="primary" disabled={!first} onClick={start} data-testid="start-review" autoFocus>
            Start reviewing
          </button>
          <p className="muted small">
            The workspace then steps through the waiting images only (→ for the next); A accepts a pre-label, R rejects
            it, and the correction tools fix it.
          </p>
        </section>
        <section className="card" data-testid="review-stats">
          <h2>Methods’ top-1 masks</h2>
          {stats.error && <p className="error">{stats.error}</p>}
          {stats.value && stats.value.length === 0 && (
            <p className="muted">No method has produced candidates in this dataset yet.</p>
          )}
          {stats.value && stats.value.length > 0 && (
            <table className="table">
              <thead>
                <tr>
                  <th>Method</th>
                  <th className="num">Expressions</th>
                  <th className="num">Accepted as is</th>
                  <th className="num">Accepted after edits</th>
                  <th className="num">Rejected</th>
                  <th className="num">Undecided</th>
                </tr>
              </thead>
              <tbody>
                {stats.value.map((m) => {
                  const decided = m.expressions - m.pending;
                  return (
                    <tr key={m.method} data-testid="method-stats" data-method={m.method}>
                      <td className="strong">{m.method}</td>
                      <td className="num">{formatCount(m.expressions)}</td>
                      <td className="num">
                        {formatCount(m.acceptedUnedited)}{' '}
                        <span className="muted">({share(m.acceptedUnedited, decided)})</span>
                      </td>
                      <td className="num">
                        {formatCount(m.acceptedEdited)}{' '}
                        <span className="muted">({share(m.acceptedEdited, decided)})</span>
                      </td>
                      <td className="num">
                        {formatCount(m.rejected)} <span className="muted">({share(m.rejected, decided)})</span>
                      </td>
                      <td className="num">{formatCount(m.pending)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
          <p className="muted small">Shares are of the decided expressions.</p>
        </section>
      </div>
    </div>
  );
}
