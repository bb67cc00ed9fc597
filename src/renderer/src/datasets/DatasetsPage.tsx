import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { DatasetSummary } from '../../../shared/domain';
import { useApi } from '../api-context';

export function DatasetsPage({ onOpen }: { onOpen: (datasetId: number) => void }) {
  const client = useApi();
  const [datasets, setDatasets] = useState<DatasetSummary[] | null>(null);
  const [path, setPath] = useState('');
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const refresh = useCallback(() => {
    client.call('datasets.list').then(setDatasets, (e: Error) => setError(e.message));
  }, [client]);
  useEffect(refresh, [refresh]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const report = await client.call('datasets.import', { path: path.trim(), name: name.trim() || undefined });
      setNotice(
        `Imported ${report.images} images, ${report.annotations} annotations, ${report.expressions} expressions.` +
          (report.warnings.length ? `\n${report.warnings.join('\n')}` : ''),
      );
      setPath('');
      setName('');
      refresh();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section>
      <h2>Datasets</h2>
      <form className="inline" onSubmit={submit} aria-label="Import a dataset">
        <input
          type="text"
          placeholder="Folder of images, COCO instances JSON, or RefCOCO folder (absolute path)"
          value={path}
          onChange={(e) => setPath(e.target.value)}
          data-testid="import-path"
          aria-label="Path to import"
        />
        <input
          type="text"
          placeholder="Name (optional)"
          value={name}
          onChange={(e) => setName(e.target.value)}
          style={{ maxWidth: 220 }}
          data-testid="import-name"
          aria-label="Dataset name"
        />
        <button type="submit" disabled={busy || path.trim() === ''} data-testid="import-submit">
          {busy ? 'Importing…' : 'Import'}
        </button>
      </form>
      {error && (
        <p className="error" role="alert" data-testid="import-error">
          {error}
        </p>
      )}
      {notice && (
        <p className="muted" style={{ whiteSpace: 'pre-wrap' }}>
          {notice}
        </p>
      )}
      {datasets === null ? (
        <p className="muted">Loading…</p>
      ) : datasets.length === 0 ? (
        <p className="muted">No datasets yet. Import a folder of images or a COCO/RefCOCO dataset above.</p>
      ) : (
        <table data-testid="datasets-table">
          <thead>
            <tr>
              <th>Name</th>
              <th className="num">Images</th>
              <th className="num">Expressions</th>
              <th className="num">Accepted</th>
              <th className="num">Needs review</th>
              <th className="num">Ground truth</th>
            </tr>
          </thead>
          <tbody>
            {datasets.map((d) => (
              <tr key={d.id}>
                <td>
                  <button className="link" onClick={() => onOpen(d.id)}>
                    {d.name}
                  </button>
                </td>
                <td className="num">{d.images}</td>
                <td className="num">{d.expressions}</td>
                <td className="num">{d.accepted}</td>
                <td className="num">{d.needsReview}</td>
                <td className="num">{d.groundTruth}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
