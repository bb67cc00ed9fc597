// The jobs drawer: running and finished jobs with their progress, rate and ETA, and their controls.
import { useEffect, useRef } from 'react';
import { useJobs } from './jobs-context';
import { JobCard } from './JobCard';

export function JobsDrawer({ onClose }: { onClose: () => void }) {
  const { jobs } = useJobs();
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <aside
      ref={ref}
      className="drawer"
      aria-label="Jobs"
      data-testid="jobs-drawer"
      tabIndex={-1}
      onKeyDown={(event) => {
        if (event.key === 'Escape') onClose();
      }}
    >
      <header className="drawer-header">
        <h2>Jobs</h2>
        <button className="icon" onClick={onClose} aria-label="Close the jobs drawer" title="Close (Esc)">
          ×
        </button>
      </header>
      {jobs.length === 0 ? (
        <p className="muted pad">No jobs yet. Imports and pre-labelling runs appear here.</p>
      ) : (
        <ul className="job-list">
          {jobs.map((job) => (
            <JobCard key={job.id} job={job} />
          ))}
        </ul>
      )}
    </aside>
  );
}
