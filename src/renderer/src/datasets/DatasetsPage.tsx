// The start screen: create or import a dataset, and every dataset with its counts.
import { useCallback } from 'react';
import { useApi } from '../api-context';
import { formatCount } from '../app/format';
import type { Navigate } from '../app/use-route';
import { useLoad } from '../app/use-load';
import { ImportForm } from './ImportForm';

export function DatasetsPage({ navigate }: { navigate: Navigate }) {
  const client = useApi();
  const datasets = useLoad('datasets', () => client.call('datasets.list'));
  const { reload } = datasets;
  const onImported = useCallback(() => reload(), [reload]);

  return (
    <div className="page scroll">
      <div className="page-inner">
        <ImportForm onImported={onImported} />
        <section className="card">
          <h2>Datasets</h2>
          {datasets.error && <p className="error">{datasets.error}</p>}
          {datasets.value === undefined ? (
            <p className="muted">Loading…</p>
          ) : datasets.value.length === 0 ? (
            <p className="muted">No datasets yet. Create one from a folder of images above.</p>
          ) : (
            <table className="table" data-testid="datasets-table">
              <thead>
                <tr>
                  <th>Name</th>
                  <th className="num">Images</th>
                  <th className="num">Expressions</th>
                  <th className="num">Accepted</th>
                  <th className="num">Needs review</th>
                  <th className="num">Ground truth</th>
                  <th>Folder</th>
                </tr>
              </thead>
              <tbody>
                {datasets.value.map((d) => (
                  <tr key={d.id} data-testid="dataset-row">
                    <td>
                      <button
                        className="link strong"
                        onClick={() => navigate({ page: 'browser', datasetId: d.id, filter: 'all' })}
                      >
                        {d.name}
                      </button>
                    </td>
                    <td className="num">{formatCount(d.images)}</td>
                    <td className="num">{formatCount(d.expressions)}</td>
                    <td className="num">{formatCount(d.accepted)}</td>
                    <td className="num">{formatCount(d.needsReview)}</td>
                    <td className="num">{formatCount(d.groundTruth)}</td>
                    <td className="muted path" title={d.root}>
                      {d.root}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </div>
    </div>
  );
}
