// What the expression bar shows of a prediction run: one step per method, driven by 'predictions.progress' events
// and settled by the call's result. The service runs the methods one after another in the order asked, so the
// first method not yet stored is the one running.
import type { RefLabelApi } from '../../../shared/api';
import type { OpOutput, EventPayload } from '../../../shared/contract';

export type StepState = 'queued' | 'running' | 'done' | 'failed' | 'skipped';

export interface MethodStep {
  method: string;
  state: StepState;
  candidates: number | null;
  ms: number | null;
  message: string | null;
}

export interface PredictRun {
  imageId: number;
  expressionId: number;
  /** Shown once SAM starts on the image; null while the stored proposals are simply reused. */
  proposals: StepState | null;
  /** Filled in from the result. */
  proposalCount: number | null;
  proposalMs: number | null;
  proposalsComputed: boolean | null;
  methods: MethodStep[];
  state: 'running' | 'done' | 'failed';
  message: string | null;
}

export type PredictProgress = EventPayload<RefLabelApi, 'predictions.progress'>;
export type PredictResult = OpOutput<RefLabelApi, 'predictions.run'>;

export function startRun(imageId: number, expressionId: number, methods: readonly string[]): PredictRun {
  return {
    imageId,
    expressionId,
    proposals: null,
    proposalCount: null,
    proposalMs: null,
    proposalsComputed: null,
    methods: methods.map((method, i) => ({
      method,
      state: i === 0 ? 'running' : 'queued',
      candidates: null,
      ms: null,
      message: null,
    })),
    state: 'running',
    message: null,
  };
}

/** The first queued method starts once the one before it settled. */
function advance(methods: MethodStep[]): MethodStep[] {
  if (methods.some((m) => m.state === 'running')) return methods;
  const next = methods.findIndex((m) => m.state === 'queued');
  return next < 0 ? methods : methods.map((m, i) => (i === next ? { ...m, state: 'running' } : m));
}

function settle(step: StepState): StepState {
  if (step === 'running') return 'failed';
  if (step === 'queued') return 'skipped';
  return step;
}

/** Applies one progress event; events of other images or expressions leave the run as it is. */
export function applyProgress(run: PredictRun, event: PredictProgress): PredictRun {
  if (event.imageId !== run.imageId || event.expressionId !== run.expressionId || run.state !== 'running') return run;
  switch (event.phase) {
    case 'proposals':
      return { ...run, proposals: 'running' };
    case 'method': {
      const methods = run.methods.map((m) =>
        m.method === event.method ? { ...m, state: 'done' as const, candidates: event.candidates, ms: event.ms } : m,
      );
      return { ...run, proposals: run.proposals && 'done', methods: advance(methods) };
    }
    case 'failed': {
      if (event.method !== null && run.methods.some((m) => m.method === event.method)) {
        const methods = run.methods.map((m) =>
          m.method === event.method ? { ...m, state: 'failed' as const, message: event.message } : m,
        );
        return { ...run, methods: advance(methods) };
      }
      return failRun(run, event.message ?? 'the prediction failed');
    }
    case 'done':
      return { ...run, proposals: run.proposals && 'done', state: 'done' };
  }
}

/** The call resolved: every method's count and time as the service measured them. */
export function finishRun(run: PredictRun, result: PredictResult): PredictRun {
  const byMethod = new Map(result.methods.map((m) => [m.method, m]));
  return {
    ...run,
    proposals: run.proposals && 'done',
    proposalCount: result.proposals,
    proposalMs: result.proposalMs,
    proposalsComputed: result.proposalsComputed,
    methods: run.methods.map((m) => {
      const done = byMethod.get(m.method);
      if (!done) return m.state === 'failed' ? m : { ...m, state: 'skipped' };
      return { ...m, state: 'done', candidates: done.candidates, ms: done.ms, message: null };
    }),
    state: run.methods.some((m) => m.state === 'failed') ? 'failed' : 'done',
  };
}

/** The call failed: what was running failed with the message, what was waiting never ran. */
export function failRun(run: PredictRun, message: string): PredictRun {
  return {
    ...run,
    proposals: run.proposals && settle(run.proposals),
    methods: run.methods.map((m) => ({ ...m, state: settle(m.state) })),
    state: 'failed',
    message,
  };
}

/** A step's status as the bar prints it, e.g. "12 candidates · 840 ms". */
export function stepText(step: MethodStep): string {
  switch (step.state) {
    case 'queued':
      return 'queued';
    case 'running':
      return 'running…';
    case 'skipped':
      return 'not run';
    case 'failed':
      return step.message ? `failed: ${step.message}` : 'failed';
    case 'done': {
      const count =
        step.candidates === null ? 'done' : `${step.candidates} candidate${step.candidates === 1 ? '' : 's'}`;
      return step.ms === null ? count : `${count} · ${formatMs(step.ms)}`;
    }
  }
}

export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}
