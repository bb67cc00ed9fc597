// Items per second over the recent past, so the rate follows a job that speeds up or stalls instead of averaging
// over its whole life (a resumed job would otherwise count hours of downtime). The window is the last windowMs or
// the last minSamples completions, whichever reaches further back: fast jobs are measured over seconds, not over a
// few milliseconds of jitter, and slow ones over enough items to mean something.

export interface RateWindowOptions {
  minSamples?: number;
  windowMs?: number;
}

export interface RateWindow {
  /** The moment work (re)started: the rate is measured from here until enough completions replace it. */
  start(atMs: number): void;
  /** One item finished (done or failed). */
  record(atMs: number): void;
  /** Items per second up to nowMs, or null until one item has finished since start(). */
  rate(nowMs: number): number | null;
}

export function createRateWindow({ minSamples = 20, windowMs = 10_000 }: RateWindowOptions = {}): RateWindow {
  // times[head] is the anchor the window is measured from; every later entry is one completion.
  let times: number[] = [];
  let head = 0;

  function prune(nowMs: number): void {
    const cutoff = nowMs - windowMs;
    while (times.length - head > minSamples + 1 && times[head + 1] <= cutoff) head++;
    if (head > 1024 && head * 2 > times.length) {
      times = times.slice(head);
      head = 0;
    }
  }

  return {
    start(atMs) {
      times = [atMs];
      head = 0;
    },
    record(atMs) {
      times.push(atMs);
      prune(atMs);
    },
    rate(nowMs) {
      prune(nowMs);
      const completions = times.length - head - 1;
      if (completions < 1) return null;
      const seconds = (nowMs - times[head]) / 1000;
      return seconds > 0 ? completions / seconds : null;
    },
  };
}

/** Seconds left at the given rate; null while the rate is unknown or zero. */
export function etaSeconds(remaining: number, rate: number | null): number | null {
  if (remaining <= 0) return 0;
  if (rate === null || rate <= 0) return null;
  return remaining / rate;
}
