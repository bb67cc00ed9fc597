import { useState } from 'react';
import type { Job } from '../../../shared/domain';
import { useApi } from '../api-context';
import { formatCount, formatDuration, formatRate } from '../app/format';
import { ProgressBar } from '../app/ProgressBar';
import { errorMessage } from '../app/use-load';
import { isActive, useJobs } from './jobs-context';
import { jobTitle, STATE_LABELS } from './job-labels';

export function JobCard({ job }: { job: Job }) {
  const client = useApi();
  const { track } = useJobs();
  const [error, setError] = useState<string | null>(null);
  const { done, total, failed, rate, etaSeconds } = job.progress;

  const act = (op: 'jobs.cancel' | 'jobs.pause' | 'jobs.resume') => {
    setError(null);
    client.call(op, { jobId: job.id }).then(track, (e: unknown) => setError(errorMessage(e)));
  };

  return (
    <li className={`job-card job-${job.state}`} data-testid="job-card" data-job-id={job.id} data-state={job.state}>
      <div className="job-head">
        <span className="job-title" title={jobTitle(job)}>
          {jobTitle(job)}
        </span>
        <span className={`pill state-${job.state}`}>{STATE_LABELS[job.state]}</span>
      </div>
      <ProgressBar done={done + failed} total={total} label={`${jobTitle(job)} progress`} />
      <div className="job-figures muted">
        <span>
          {formatCount(done)} / {formatCount(total)}
          {failed > 0 && <span className="warn"> · {formatCount(failed)} failed</span>}
        </span>
        {isActive(job) && (
          <span>
            {formatRate(rate)} · ETA {formatDuration(etaSeconds)}
          </span>
        )}
      </div>
      {job.error && <p className="error small">{job.error}</p>}
      {error && <p className="error small">{error}</p>}
      <div className="job-actions">
        {job.state === 'running' && <button onClick={() => act('jobs.pause')}>Pause</button>}
        {job.state === 'paused' && <button onClick={() => act('jobs.resume')}>Resume</button>}
        {(isActive(job) || job.state === 'paused') && (
          <button className="danger" onClick={() => act('jobs.cancel')}>
            Cancel
          </button>
        )}
      </div>
    </li>
  );
}
