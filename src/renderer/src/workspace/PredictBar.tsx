// Under the expression bar: which methods Enter runs and with which proposal preset, the method settings, what
// keeps the methods from running (no model installed), and the current run's status per method.
import { MethodCheckboxes, METHOD_TITLES, ProposalPresetOptions } from './MethodChoices';
import { formatMs, stepText, type PredictRun } from './predict-run';
import type { PredictionMethod, ProposalPreset } from './predict-prefs';
import './predict.css';

export function PredictBar({
  methods,
  onMethods,
  preset,
  onPreset,
  missing,
  presetsError,
  run,
  overrides,
  onSettings,
  onModels,
}: {
  methods: readonly PredictionMethod[];
  onMethods: (methods: PredictionMethod[]) => void;
  preset: ProposalPreset;
  onPreset: (preset: ProposalPreset) => void;
  missing: string | null;
  presetsError: string | null;
  run: PredictRun | null;
  /** How many parameters the runs override. */
  overrides: number;
  onSettings: () => void;
  onModels: () => void;
}) {
  return (
    <div className="predict-bar" data-testid="predict-bar">
      <div className="predict-choices" role="group" aria-label="Methods to run">
        <MethodCheckboxes
          methods={methods}
          onChange={onMethods}
          labelClass="predict-method"
          testIdPrefix="predict-method"
        />
      </div>
      <div className="predict-choices">
        <label className="inline-field small" title="SAM automatic mask generation settings for the proposals">
          Proposals
          <select
            value={preset}
            onChange={(e) => onPreset(e.target.value as ProposalPreset)}
            data-testid="predict-preset"
          >
            <ProposalPresetOptions />
          </select>
        </label>
        <button type="button" className="link small" onClick={onSettings} data-testid="method-settings-open">
          Method settings
        </button>
        {overrides > 0 && (
          <span className="warn small" data-testid="predict-overrides">
            {overrides} override{overrides === 1 ? '' : 's'}
          </span>
        )}
      </div>
      {methods.length === 0 && <p className="warn small">Choose a method: Enter then only adds the expression.</p>}
      {missing && (
        <p className="warn small" data-testid="predict-missing">
          {missing}, so Enter only adds the expression.{' '}
          <button type="button" className="link" onClick={onModels} data-testid="predict-open-models">
            Open Models
          </button>
        </p>
      )}
      {presetsError && (
        <p className="error small" data-testid="predict-presets-error">
          Cannot tell which models are installed: {presetsError}
        </p>
      )}
      {run && <RunStatus run={run} />}
    </div>
  );
}

function RunStatus({ run }: { run: PredictRun }) {
  return (
    <div className="predict-run" data-testid="predict-run" data-state={run.state} aria-live="polite">
      {run.message && (
        <p className="error small" data-testid="predict-error">
          {run.message}
        </p>
      )}
      <ul className="predict-steps">
        {run.proposals && (
          <li data-testid="predict-step" data-method="proposals" data-state={run.proposals}>
            <span className={`step-dot state-${run.proposals}`} />
            <span className="step-name">Proposals</span>
            <span className="step-text">
              {run.proposals === 'running' ? 'SAM is running…' : run.proposals === 'done' ? 'done' : run.proposals}
            </span>
          </li>
        )}
        {run.methods.map((step) => (
          <li key={step.method} data-testid="predict-step" data-method={step.method} data-state={step.state}>
            <span className={`step-dot state-${step.state}`} />
            <span className="step-name">{METHOD_TITLES[step.method as PredictionMethod] ?? step.method}</span>
            <span className="step-text" title={step.message ?? undefined}>
              {stepText(step)}
            </span>
          </li>
        ))}
      </ul>
      {run.proposalCount !== null && (
        <p className="muted small" data-testid="predict-proposals">
          {run.proposalCount} proposal{run.proposalCount === 1 ? '' : 's'},{' '}
          {run.proposalsComputed ? `computed in ${formatMs(run.proposalMs ?? 0)}` : 'reused from an earlier run'}
        </p>
      )}
    </div>
  );
}
