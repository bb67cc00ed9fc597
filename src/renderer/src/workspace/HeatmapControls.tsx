// The heat map overlay: one toggle per method and kind (CoMap, Grad-CAM, attention, GEM), at most one shown at a
// time, with its opacity.
import type { OpOutput } from '../../../shared/contract';
import type { RefLabelApi } from '../../../shared/api';
import { keepFocus } from '../app/keep-focus';

export type Heatmap = OpOutput<RefLabelApi, 'heatmaps.list'>[number];

const KIND_TITLES: Record<Heatmap['kind'], string> = {
  comap: 'CoMap',
  gradcam: 'Grad-CAM',
  attention: 'Attention',
  gem: 'GEM',
};

export function HeatmapControls({
  heatmaps,
  shownId,
  onShow,
  opacity,
  onOpacity,
}: {
  heatmaps: readonly Heatmap[];
  shownId: number | null;
  onShow: (id: number | null) => void;
  opacity: number;
  onOpacity: (opacity: number) => void;
}) {
  if (heatmaps.length === 0) return null;
  return (
    <section className="panel heatmaps" aria-label="Heat maps" data-testid="heatmaps">
      <h3 className="panel-title">Heat maps</h3>
      <div className="heatmap-toggles pad-x">
        {heatmaps.map((h) => {
          const on = h.id === shownId;
          return (
            <button
              key={h.id}
              onMouseDown={keepFocus}
              onClick={() => onShow(on ? null : h.id)}
              aria-pressed={on}
              className={on ? 'active' : ''}
              data-testid="heatmap-toggle"
              data-method={h.method}
              data-kind={h.kind}
              title={`Show ${h.method}'s ${KIND_TITLES[h.kind]} map under the masks`}
            >
              {h.method} · {KIND_TITLES[h.kind]}
            </button>
          );
        })}
      </div>
      <label className="heatmap-opacity pad-x small">
        <span>Opacity {Math.round(opacity * 100)}%</span>
        <input
          type="range"
          min={0}
          max={100}
          step={5}
          value={Math.round(opacity * 100)}
          onChange={(e) => onOpacity(Number(e.target.value) / 100)}
          disabled={shownId === null}
          aria-label="Heat map opacity"
          data-testid="heatmap-opacity"
        />
      </label>
    </section>
  );
}
