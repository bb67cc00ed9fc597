// The job the crash test kills midway and the uninterrupted run it is compared with.
export const CRASH_JOB = { params: { count: 200, delayMs: 8 }, concurrency: 4 } as const;
