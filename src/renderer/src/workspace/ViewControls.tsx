// View controls floating over the stage's corner: fit, 1:1, the other masks, compare mode.
import { keepFocus } from '../app/keep-focus';

export function ViewControls({
  onFit,
  onActualSize,
  showOthers,
  onShowOthers,
  compare,
  onCompare,
  canCompare,
}: {
  onFit: () => void;
  onActualSize: () => void;
  showOthers: boolean;
  onShowOthers: (show: boolean) => void;
  compare: boolean;
  onCompare: () => void;
  canCompare: boolean;
}) {
  return (
    <div className="view-controls" role="toolbar" aria-label="View">
      <button onMouseDown={keepFocus} onClick={onFit} title="Fit (F)" data-testid="zoom-fit" disabled={compare}>
        Fit
      </button>
      <button
        onMouseDown={keepFocus}
        onClick={onActualSize}
        title="Actual size (1)"
        data-testid="zoom-1"
        disabled={compare}
      >
        1:1
      </button>
      <button
        onMouseDown={keepFocus}
        onClick={() => onShowOthers(!showOthers)}
        aria-pressed={showOthers}
        className={showOthers ? 'active' : ''}
        title="Show the other expressions' answers and ground truth"
        data-testid="show-others"
      >
        Other masks
      </button>
      <button
        onMouseDown={keepFocus}
        onClick={onCompare}
        aria-pressed={compare}
        className={compare ? 'active' : ''}
        disabled={!canCompare}
        title="Compare the methods' top-1 masks side by side (C)"
        data-testid="compare-toggle"
      >
        Compare
      </button>
    </div>
  );
}
