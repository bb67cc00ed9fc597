// Limits progress notifications per job: a burst of finished items yields one notification now and one trailing
// notification at the end of the interval, so subscribers always end up seeing the latest counts.

export interface ProgressThrottle {
  /** Asks for a notification for key; it fires now, or once at the end of the current interval. */
  request(key: number): void;
  /** Fires now (state changes), dropping any trailing notification already scheduled for key. */
  flush(key: number): void;
  /** Drops every scheduled notification. */
  clear(): void;
}

export function createProgressThrottle(
  intervalMs: number,
  fire: (key: number) => void,
  now: () => number = Date.now,
): ProgressThrottle {
  const lastFired = new Map<number, number>();
  const pending = new Map<number, NodeJS.Timeout>();

  function fireNow(key: number): void {
    const timer = pending.get(key);
    if (timer) clearTimeout(timer);
    pending.delete(key);
    lastFired.set(key, now());
    fire(key);
  }

  return {
    request(key) {
      if (pending.has(key)) return;
      const wait = (lastFired.get(key) ?? -Infinity) + intervalMs - now();
      if (wait <= 0) {
        fireNow(key);
        return;
      }
      pending.set(
        key,
        setTimeout(() => fireNow(key), wait),
      );
    },
    flush: fireNow,
    clear() {
      for (const timer of pending.values()) clearTimeout(timer);
      pending.clear();
    },
  };
}
