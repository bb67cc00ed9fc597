// Every method's paper presets and the AMG presets, parameter by parameter and side by side, with the CLIP and SAM
// models in use. A value typed in a row's last column overrides that parameter for the runs that follow (sent as
// `params`); clearing it goes back to the preset's.
import { useState } from 'react';
import { Dialog } from '../app/Dialog';
import { METHOD_TITLES } from './MethodChoices';
import type { PredictionMethod, ProposalPreset } from './predict-prefs';
import {
  overrideCount,
  paramRows,
  parseOverride,
  setOverride,
  valueText,
  type OverrideGroup,
  type Overrides,
} from './predict-overrides';
import type { PresetsValue } from './use-predictions';

function OverrideInput({
  group,
  name,
  original,
  overrides,
  onOverrides,
}: {
  group: OverrideGroup;
  name: string;
  original: unknown;
  overrides: Overrides;
  onOverrides: (next: Overrides) => void;
}) {
  const current = overrides[group]?.[name];
  const [draft, setDraft] = useState(current === undefined ? '' : valueText(current));
  const parsed = draft.trim() === '' ? null : parseOverride(original, draft);
  const commit = (text: string) => {
    setDraft(text);
    if (text.trim() === '') return onOverrides(setOverride(overrides, group, name, undefined));
    const result = parseOverride(original, text);
    if (result.ok) onOverrides(setOverride(overrides, group, name, result.value));
  };
  return (
    <input
      type="text"
      className={`override-input${parsed && !parsed.ok ? ' invalid' : ''}`}
      value={draft}
      placeholder="—"
      onChange={(e) => commit(e.target.value)}
      aria-label={`Override ${name}`}
      aria-invalid={parsed !== null && !parsed.ok}
      title={parsed && !parsed.ok ? `Type ${parsed.message}` : `Leave empty for the preset's ${valueText(original)}`}
      data-testid={`override-${group}-${name}`}
    />
  );
}

function PresetTable({
  group,
  byPreset,
  highlight,
  overrides,
  onOverrides,
}: {
  group: OverrideGroup;
  byPreset: Record<string, Record<string, unknown>>;
  highlight: string | null;
  overrides: Overrides;
  onOverrides: (next: Overrides) => void;
}) {
  const presets = Object.keys(byPreset);
  const rows = paramRows(byPreset);
  return (
    <table className="table params-table" data-testid={`params-${group}`}>
      <thead>
        <tr>
          <th>Parameter</th>
          {presets.map((p) => (
            <th key={p} className={p === highlight ? 'num chosen' : 'num'}>
              {p}
            </th>
          ))}
          <th>Override</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.name} data-param={row.name}>
            <th scope="row">
              <code>{row.name}</code>
            </th>
            {presets.map((p) => (
              <td key={p} className={p === highlight ? 'num chosen' : 'num'}>
                <code>{valueText(row.values[p])}</code>
              </td>
            ))}
            <td>
              <OverrideInput
                group={group}
                name={row.name}
                original={Object.values(row.values)[0]}
                overrides={overrides}
                onOverrides={onOverrides}
              />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function MethodSettings({
  presets,
  error,
  chosen,
  preset,
  overrides,
  onOverrides,
  onClose,
}: {
  presets: PresetsValue | undefined;
  error: string | null;
  chosen: readonly PredictionMethod[];
  preset: ProposalPreset;
  overrides: Overrides;
  onOverrides: (next: Overrides) => void;
  onClose: () => void;
}) {
  const count = overrideCount(overrides);
  // Clearing starts the typed fields over too.
  const [epoch, setEpoch] = useState(0);
  return (
    <Dialog title="Method settings" onClose={onClose} testId="method-settings" wide>
      {error && <p className="error">{error}</p>}
      {!presets && !error && <p className="muted">Loading…</p>}
      {presets && (
        <div className="stack">
          <p className="small" data-testid="method-settings-models">
            CLIP: <strong>{presets.models.clip ?? 'none installed'}</strong> · SAM:{' '}
            <strong>{presets.models.sam ?? 'none installed'}</strong>
            {count > 0 && (
              <>
                {' · '}
                <span className="warn">
                  {count} override{count === 1 ? '' : 's'} for the next runs
                </span>{' '}
                <button
                  type="button"
                  className="link"
                  onClick={() => {
                    onOverrides({});
                    setEpoch((e) => e + 1);
                  }}
                  data-testid="overrides-clear"
                >
                  Clear overrides
                </button>
              </>
            )}
          </p>
          <div className="settings-grid" key={epoch}>
            {Object.entries(presets.methods).map(([method, byPreset]) => (
              <section key={method} className="settings-card" data-testid="method-preset" data-method={method}>
                <h3>
                  {METHOD_TITLES[method as PredictionMethod] ?? method}{' '}
                  {chosen.includes(method as PredictionMethod) ? (
                    <span className="pill state-done">runs on Enter</span>
                  ) : (
                    <span className="pill">off</span>
                  )}
                </h3>
                <PresetTable
                  group={method as OverrideGroup}
                  byPreset={byPreset}
                  highlight={presets.active[method] ?? null}
                  overrides={overrides}
                  onOverrides={onOverrides}
                />
              </section>
            ))}
            <section className="settings-card" data-testid="amg-presets">
              <h3>
                Proposals <span className="muted small">SAM automatic mask generation</span>
              </h3>
              <PresetTable
                group="amg"
                byPreset={presets.proposals}
                highlight={preset}
                overrides={overrides}
                onOverrides={onOverrides}
              />
            </section>
          </div>
        </div>
      )}
    </Dialog>
  );
}
