// Creates a dataset from a folder of images, or imports COCO / RefCOCO, as a job whose progress shows in place.
// The path is typed; where the front has a native dialog (Electron) "Browse…" fills it in as well.
import { useEffect, useState, type FormEvent } from 'react';
import { useApi } from '../api-context';
import { formatCount, formatDuration, formatRate } from '../app/format';
import { ProgressBar } from '../app/ProgressBar';
import { errorMessage, useLoad } from '../app/use-load';
import { isActive, useJobs } from '../jobs/jobs-context';
import { describeImport, importReportOf } from './import-report';

export function ImportForm({ onImported }: { onImported: (datasetId: number) => void }) {
  const client = useApi();
  const { track, find } = useJobs();
  const [path, setPath] = useState('');
  const [name, setName] = useState('');
  const [imagesDir, setImagesDir] = useState('');
  const [refsFile, setRefsFile] = useState('');
  const [jobId, setJobId] = useState<number | null>(null);
  const [startError, setStartError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const capabilities = useLoad('app.capabilities', () => client.call('app.capabilities'));
  const nativeDialogs = capabilities.value?.nativeDialogs ?? false;
  const job = find(jobId);
  const running = starting || (job !== undefined && (isActive(job) || job.state === 'paused'));
  const report = job?.state === 'done' ? importReportOf(job) : null;

  const finishedDataset = report?.datasetId;
  useEffect(() => {
    if (finishedDataset !== undefined) onImported(finishedDataset);
  }, [finishedDataset, onImported]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setStartError(null);
    setStarting(true);
    try {
      const started = await client.call('datasets.import', {
        path: path.trim(),
        name: name.trim() || undefined,
        imagesDir: imagesDir.trim() || undefined,
        refsFile: refsFile.trim() || undefined,
      });
      track(started);
      setJobId(started.id);
      setPath('');
      setName('');
      setImagesDir('');
      setRefsFile('');
    } catch (e) {
      setStartError(errorMessage(e));
    } finally {
      setStarting(false);
    }
  }

  async function browse(kind: 'folder' | 'file') {
    setStartError(null);
    try {
      const chosen = await client.call('app.choosePath', {
        kind,
        title: kind === 'folder' ? 'Folder of images or RefCOCO folder' : 'COCO instances JSON',
      });
      if (chosen.path !== null) setPath(chosen.path);
    } catch (e) {
      setStartError(errorMessage(e));
    }
  }

  const failure = startError ?? (job?.state === 'failed' ? (job.error ?? 'the import failed') : null);
  return (
    <form
      className="card import-form"
      onSubmit={submit}
      aria-label="Create or import a dataset"
      data-native-dialogs={capabilities.value ? String(nativeDialogs) : undefined}
    >
      <h2>New dataset</h2>
      <p className="muted small">
        A folder of images creates a dataset; a COCO instances JSON or a RefCOCO folder (instances.json + refs) imports
        one with its annotations and expressions.
      </p>
      <div className="form-row">
        <label className="grow">
          <span>Path on this machine</span>
          <input
            type="text"
            placeholder="/data/photos, /data/coco/instances_val.json or /data/refcoco"
            value={path}
            onChange={(e) => setPath(e.target.value)}
            data-testid="import-path"
            aria-label="Path to import"
            spellCheck={false}
          />
        </label>
        {nativeDialogs && (
          <>
            <button type="button" onClick={() => void browse('folder')} data-testid="import-browse">
              Browse…
            </button>
            <button type="button" onClick={() => void browse('file')} data-testid="import-browse-file">
              JSON file…
            </button>
          </>
        )}
        <label>
          <span>Name (optional)</span>
          <input
            type="text"
            placeholder="from the folder"
            value={name}
            onChange={(e) => setName(e.target.value)}
            data-testid="import-name"
            aria-label="Dataset name"
          />
        </label>
        <button className="primary" type="submit" disabled={running || path.trim() === ''} data-testid="import-submit">
          {running ? 'Importing…' : 'Import'}
        </button>
      </div>
      <details className="advanced">
        <summary>COCO / RefCOCO options</summary>
        <div className="form-row">
          <label className="grow">
            <span>Images folder (if not next to the JSON)</span>
            <input type="text" value={imagesDir} onChange={(e) => setImagesDir(e.target.value)} spellCheck={false} />
          </label>
          <label className="grow">
            <span>RefCOCO refs file (if not found in the folder)</span>
            <input type="text" value={refsFile} onChange={(e) => setRefsFile(e.target.value)} spellCheck={false} />
          </label>
        </div>
      </details>
      <div className="import-status" aria-live="polite">
        {job && isActive(job) && (
          <div data-testid="import-progress">
            <ProgressBar done={job.progress.done} total={job.progress.total} label="Import progress" />
            <p className="muted small">
              {job.state === 'queued'
                ? 'Waiting to start…'
                : `${formatCount(job.progress.done)} / ${formatCount(job.progress.total)} images · ${formatRate(
                    job.progress.rate,
                  )} · ETA ${formatDuration(job.progress.etaSeconds)}`}
            </p>
          </div>
        )}
        {report && (
          <div className="notice" data-testid="import-done">
            <p>{describeImport(report)}</p>
            {report.warnings.length > 0 && (
              <ul className="warnings">
                {report.warnings.map((w) => (
                  <li key={w}>{w}</li>
                ))}
              </ul>
            )}
          </div>
        )}
        {job?.state === 'cancelled' && <p className="muted">The import was cancelled; nothing was written.</p>}
        {failure && (
          <p className="error" role="alert" data-testid="import-error">
            {failure}
          </p>
        )}
      </div>
    </form>
  );
}
