// Every job the app knows about, kept current from 'job.progress' events. While a job is unsettled the list is
// also re-read every few seconds, so a dropped event (a reconnecting socket) cannot leave a bar stuck.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Job } from '../../../shared/domain';
import { useApi } from '../api-context';

export const ACTIVE_STATES: readonly Job['state'][] = ['queued', 'running'];

export function isActive(job: Job): boolean {
  return ACTIVE_STATES.includes(job.state);
}

interface JobsValue {
  jobs: Job[];
  /** Records a job a call just returned (it may be newer than the last event). */
  track(job: Job): void;
  find(jobId: number | null): Job | undefined;
}

const JobsContext = createContext<JobsValue | null>(null);

/** Newer updates win; the list stays newest first. */
function upsert(list: readonly Job[], job: Job): Job[] {
  const old = list.find((j) => j.id === job.id);
  if (old && old.updatedAt > job.updatedAt) return list as Job[];
  const rest = list.filter((j) => j.id !== job.id);
  return [job, ...rest].sort((a, b) => b.id - a.id);
}

const POLL_MS = 2000;

export function JobsProvider({ children }: { children: ReactNode }) {
  const client = useApi();
  const [jobs, setJobs] = useState<Job[]>([]);

  useEffect(() => {
    const subscription = client.on('job.progress', (job) => setJobs((list) => upsert(list, job)));
    client.call('jobs.list').then(
      (list) => setJobs((current) => list.reduce(upsert, current)),
      (error: Error) => console.error('jobs.list failed', error),
    );
    return () => subscription.unsubscribe();
  }, [client]);

  const anyActive = jobs.some(isActive);
  useEffect(() => {
    if (!anyActive) return;
    const timer = setInterval(() => {
      client.call('jobs.list').then(
        (list) => setJobs((current) => list.reduce(upsert, current)),
        () => undefined,
      );
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [client, anyActive]);

  const track = useCallback((job: Job) => setJobs((list) => upsert(list, job)), []);
  const value = useMemo<JobsValue>(
    () => ({ jobs, track, find: (id) => (id === null ? undefined : jobs.find((j) => j.id === id)) }),
    [jobs, track],
  );
  return <JobsContext.Provider value={value}>{children}</JobsContext.Provider>;
}

export function useJobs(): JobsValue {
  const value = useContext(JobsContext);
  if (!value) throw new Error('useJobs outside JobsProvider');
  return value;
}
