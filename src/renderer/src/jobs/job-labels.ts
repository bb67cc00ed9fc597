// How a job reads in the drawer: its kind and what it works on, from its params.
import type { Job } from '../../../shared/domain';

function jobTarget(params: Record<string, unknown>): string {
  if (typeof params.name === 'string') return params.name;
  if (typeof params.path === 'string') return params.path;
  // A pre-label job: the methods it runs.
  if (Array.isArray(params.methods)) return params.methods.join(', ');
  return '';
}

export function jobTitle(job: Job): string {
  const params = job.params as Record<string, unknown>;
  const target = jobTarget(params);
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
