// How a job reads in the drawer: its kind and what it works on, from its params.
import type { Job } from '../../../shared/domain';

export function jobTitle(job: Job): string {
  const params = job.params as Record<string, unknown>;
  const target = typeof params.name === 'string' ? params.name : typeof params.path === 'string' ? params.path : '';
  const kind = job.kind.replace(/[-_.]/g, ' ');
  return target ? `${kind}: ${target}` : kind;
}

export const STATE_LABELS: Record<Job['state'], string> = {
  queued: 'Queued',
  running: 'Running',
  paused: 'Paused',
  done: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
};
