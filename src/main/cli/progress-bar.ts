// Shows one job's progress on stderr: a redrawn cli-progress bar on a terminal, and plain lines every few seconds
// when stderr goes to a file or a CI log, where redrawing would leave a wall of escape codes.
import cliProgress from 'cli-progress';
import type { Job, JobState } from '../../shared/domain';
import type { JobProgressEvent } from '../jobs/job-runner';

export interface JobProgressBarOptions {
  /** The job to show; events of other jobs are ignored. */
  jobId: number;
  stream?: NodeJS.WritableStream & { isTTY?: boolean };
  /** Least time between two plain lines when the stream is not a terminal (default 2000). */
  lineIntervalMs?: number;
  now?: () => number;
}

export interface JobProgressBar {
  /** Pass to JobRunner.subscribe. */
  update(event: JobProgressEvent): void;
  /** Ends the bar; also happens by itself when the job reaches done, failed, cancelled or paused. */
  stop(): void;
}

const SETTLED: readonly JobState[] = ['done', 'failed', 'cancelled', 'paused'];

export function formatEta(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

export function formatRate(rate: number | null): string {
  if (rate === null) return '– items/s';
  return `${rate < 10 ? rate.toFixed(2) : rate.toFixed(1)} items/s`;
}

function label(job: Job): string {
  return `${job.kind} #${job.id}`;
}

function failedText(job: Job): string {
  return job.progress.failed > 0 ? `, ${job.progress.failed} failed` : '';
}

/** One plain progress line, e.g. "import #3 running 120/500 (24%), 2 failed | 14.2 items/s | ETA 27s". */
export function formatProgressLine(job: Job): string {
  const { done, failed, total, rate, etaSeconds } = job.progress;
  const finished = done + failed;
  const percent = total > 0 ? ` (${Math.floor((100 * finished) / total)}%)` : '';
  return `${label(job)} ${job.state} ${finished}/${total}${percent}${failedText(job)} | ${formatRate(rate)} | ETA ${formatEta(etaSeconds)}`;
}

/** The line written when the job stops, e.g. "import #3 done: 498/500 items, 2 failed". */
export function formatSettledLine(job: Job): string {
  const { done, total } = job.progress;
  const error = job.error ? ` (${job.error})` : '';
  return `${label(job)} ${job.state}: ${done}/${total} items${failedText(job)}${error}`;
}

export function createJobProgressBar({
  jobId,
  stream = process.stderr,
  lineIntervalMs = 2000,
  now = Date.now,
}: JobProgressBarOptions): JobProgressBar {
  const tty = stream.isTTY === true;
  let bar: cliProgress.SingleBar | null = null;
  let lastLineAt = -Infinity;
  let lastState: JobState | null = null;
  let stopped = false;

  function payload(job: Job) {
    return {
      label: label(job),
      failedText: failedText(job),
      rateText: formatRate(job.progress.rate),
      etaText: formatEta(job.progress.etaSeconds),
    };
  }

  function draw(job: Job): void {
    const finished = job.progress.done + job.progress.failed;
    if (!bar) {
      bar = new cliProgress.SingleBar({
        stream,
        format: '{label} [{bar}] {percentage}% | {value}/{total}{failedText} | {rateText} | ETA {etaText}',
        hideCursor: true,
        emptyOnZero: true,
      });
      bar.start(job.progress.total, finished, payload(job));
      return;
    }
    bar.setTotal(job.progress.total);
    bar.update(finished, payload(job));
  }

  function writeLine(job: Job): void {
    const t = now();
    if (job.state === lastState && t - lastLineAt < lineIntervalMs) return;
    lastLineAt = t;
    stream.write(`${formatProgressLine(job)}\n`);
  }

  function stop(): void {
    if (stopped) return;
    stopped = true;
    bar?.stop();
  }

  return {
    update(event) {
      const { job } = event;
      if (stopped || job.id !== jobId) return;
      if (SETTLED.includes(job.state)) {
        if (tty) draw(job);
        stop();
        stream.write(`${formatSettledLine(job)}\n`);
        return;
      }
      if (tty) draw(job);
      else writeLine(job);
      lastState = job.state;
    },
    stop,
  };
}
