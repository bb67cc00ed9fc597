// Pre-label a dataset in the background: which methods, which proposal preset, which expressions. The job then
// shows here and in the Jobs drawer with its progress, ETA, pause and cancel; it never touches an annotation.
import { useState, type FormEvent } from 'react';
import { PREDICTION_METHODS } from '../../../shared/api';
import { SPLITS, type DatasetSummary, type Split } from '../../../shared/domain';
import { useApi } from '../api-context';
import { Dialog } from '../app/Dialog';
import { formatCount } from '../app/format';
import { errorMessage, useLoad } from '../app/use-load';
import { JobCard } from '../jobs/JobCard';
import { useJobs } from '../jobs/jobs-context';
import { MethodCheckboxes, ProposalPresetOptions } from '../workspace/MethodChoices';
import { DEFAULT_PRESET, type PredictionMethod, type ProposalPreset } from '../workspace/predict-prefs';

const SPLIT_CHOICES: (Split | 'all')[] = ['all', ...SPLITS];

export function PrelabelDialog({ dataset, onClose }: { dataset: DatasetSummary; onClose: () => void }) {
  const client = useApi();
  const jobs = useJobs();
  const presets = useLoad('predictions.presets', () => client.call('predictions.presets', null));
  const [methods, setMethods] = useState<PredictionMethod[]>([...PREDICTION_METHODS]);
  const [preset, setPreset] = useState<ProposalPreset>(DEFAULT_PRESET);
  const [split, setSplit] = useState<Split | 'all'>('all');
  const [onlyNew, setOnlyNew] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [jobId, setJobId] = useState<number | null>(null);
  const job = jobs.find(jobId);
  const models = presets.value?.models;
  const missing = models && (!models.clip || !models.sam);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const started = await client.call('datasets.prelabel', {
        datasetId: dataset.id,
        methods,
        preset,
        filter: { ...(split === 'all' ? {} : { split }), onlyWithoutCandidates: onlyNew },
      });
      jobs.track(started);
      setJobId(started.id);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog title={`Pre-label ${dataset.name}`} onClose={onClose} testId="prelabel-dialog">
      <form onSubmit={submit} className="stack">
        <p className="muted small">
          Runs the chosen methods over {formatCount(dataset.expressions)} expressions in the background and stores their
          ranked candidates. Accepted and edited annotations are never changed.
        </p>
        <fieldset>
          <legend>Methods</legend>
          <MethodCheckboxes methods={methods} onChange={setMethods} labelClass="radio" testIdPrefix="prelabel-method" />
        </fieldset>
        <label>
          <span>Proposals</span>
          <select value={preset} onChange={(e) => setPreset(e.target.value as ProposalPreset)}>
            <ProposalPresetOptions />
          </select>
        </label>
        <label>
          <span>Split</span>
          <select
            value={split}
            onChange={(e) => setSplit(e.target.value as Split | 'all')}
            data-testid="prelabel-split"
          >
            {SPLIT_CHOICES.map((s) => (
              <option key={s} value={s}>
                {s === 'all' ? 'every split' : s}
              </option>
            ))}
          </select>
        </label>
        <label className="radio">
          <input type="checkbox" checked={onlyNew} onChange={(e) => setOnlyNew(e.target.checked)} />
          <span>Only expressions these methods have not labelled yet</span>
        </label>
        {models && (
          <p className={missing ? 'error small' : 'muted small'} data-testid="prelabel-models">
            {missing
              ? `Install ${[!models.clip && 'a CLIP model', !models.sam && 'a SAM model'].filter(Boolean).join(' and ')} first (Models).`
              : `With ${models.clip} and ${models.sam}.`}
          </p>
        )}
        <div className="row end">
          <button type="button" onClick={onClose}>
            Close
          </button>
          <button
            className="primary"
            type="submit"
            disabled={busy || methods.length === 0 || Boolean(missing)}
            data-testid="prelabel-submit"
          >
            {busy ? 'Starting…' : 'Start'}
          </button>
        </div>
      </form>
      <div aria-live="polite">
        {error && (
          <p className="error" role="alert" data-testid="prelabel-error">
            {error}
          </p>
        )}
        {job && (
          <ul className="job-list">
            <JobCard job={job} />
          </ul>
        )}
      </div>
    </Dialog>
  );
}
