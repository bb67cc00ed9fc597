// View controls floating over the stage's corner: fit, 1:1, the other masks, SAM's proposals, compare mode.
import { keepFocus } from '../app/keep-focus';

export function ViewControls({
  onFit,
  onActualSize,
  showOthers,
  onShowOthers,
  compare,
  onCompare,
  canCompare,
  showProposals,
  onShowProposals,
  proposalCount,
}: {
  onFit: () => void;
  onActualSize: () => void;
  showOthers: boolean;
  onShowOthers: (show: boolean) => void;
  compare: boolean;
  onCompare: () => void;
  canCompare: boolean;
  showProposals: boolean;
  onShowProposals: (show: boolean) => void;
  /** Proposals stored for the image (null while unknown). */
  proposalCount: number | null;
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
        onClick={() => onShowProposals(!showProposals)}
        aria-pressed={showProposals}
        className={showProposals ? 'active' : ''}
        disabled={compare}
        title="Show the SAM proposals the methods chose from (X)"
        data-testid="proposals-toggle"
        data-count={proposalCount ?? ''}
      >
        Proposals{proposalCount !== null && ` (${proposalCount})`}
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
