// The choice of methods and proposal preset, as the expression bar and the pre-label dialog both offer it.
import { PREDICTION_METHODS, PROPOSAL_PRESETS } from '../../../shared/api';
import { toggleMethod, type PredictionMethod } from './predict-prefs';

export const METHOD_TITLES: Record<PredictionMethod, string> = {
  copatch: 'CoPatch',
  hybridgl: 'HybridGL',
  glclip: 'GL-CLIP',
  samclip: 'SAM-CLIP',
};

/** One labelled checkbox per method, in the canonical order; test ids are `${testIdPrefix}-${method}`. */
export function MethodCheckboxes({
  methods,
  onChange,
  labelClass,
  testIdPrefix,
}: {
  methods: readonly PredictionMethod[];
  onChange: (methods: PredictionMethod[]) => void;
  labelClass: string;
  testIdPrefix: string;
}) {
  return PREDICTION_METHODS.map((m) => (
    <label key={m} className={labelClass}>
      <input
        type="checkbox"
        checked={methods.includes(m)}
        onChange={(e) => onChange(toggleMethod(methods, m, e.target.checked))}
        data-testid={`${testIdPrefix}-${m}`}
      />
      <span>{METHOD_TITLES[m]}</span>
    </label>
  ));
}

export function ProposalPresetOptions() {
  return PROPOSAL_PRESETS.map((p) => (
    <option key={p} value={p}>
      {p}
    </option>
  ));
}
