// Tools above the stage: correction tools with the brush size (or, for SAM, its prompt), and mask clean-up.
import { MAX_BRUSH, MIN_BRUSH, TOOL_KEYS, TOOL_LABELS, type Tool } from './tools';
import { keepFocus } from '../app/keep-focus';
import { formatMs } from './predict-run';
import type { SamRefine } from './use-sam-refine';

const TOOLS: Tool[] = ['pan', 'brush', 'eraser', 'polygon-add', 'polygon-subtract', 'sam'];

export function CorrectionToolbar({
  tool,
  onTool,
  brushSize,
  onBrushSize,
  minIsland,
  onMinIsland,
  onFillHoles,
  onRemoveIslands,
  sam,
  samMissing,
}: {
  tool: Tool;
  onTool: (tool: Tool) => void;
  brushSize: number;
  onBrushSize: (size: number) => void;
  minIsland: number;
  onMinIsland: (area: number) => void;
  onFillHoles: () => void;
  onRemoveIslands: () => void;
  sam: SamRefine;
  /** Why SAM cannot run here (no model installed); null when it can. */
  samMissing: string | null;
}) {
  return (
    <div className="stage-toolbar" role="toolbar" aria-label="Correction tools">
      <div className="segmented" role="radiogroup" aria-label="Tool">
        {TOOLS.map((t) => (
          <button
            onMouseDown={keepFocus}
            key={t}
            role="radio"
            aria-checked={tool === t}
            className={tool === t ? 'active' : ''}
            onClick={() => onTool(t)}
            title={`${TOOL_LABELS[t]} (${TOOL_KEYS[t]})`}
            data-testid={`tool-${t}`}
          >
            {TOOL_LABELS[t]}
          </button>
        ))}
      </div>
      {tool === 'sam' ? (
        <SamStatus sam={sam} missing={samMissing} />
      ) : (
        <BrushSize brushSize={brushSize} onBrushSize={onBrushSize} />
      )}
      <span className="separator" />
      <button onMouseDown={keepFocus} onClick={onFillHoles} title="Fill holes (H)" data-testid="fill-holes">
        Fill holes
      </button>
      <button
        onMouseDown={keepFocus}
        onClick={onRemoveIslands}
        title="Remove islands smaller than the given area (I)"
        data-testid="remove-islands"
      >
        Remove islands
      </button>
      <label className="inline-field" title="Islands smaller than this many pixels are removed">
        <input
          type="number"
          min={1}
          value={minIsland}
          onChange={(e) => onMinIsland(Math.max(1, Number(e.target.value) || 1))}
          aria-label="Smallest island to keep, in pixels"
          className="narrow"
        />
        <span className="small">px</span>
      </label>
    </div>
  );
}

function BrushSize({ brushSize, onBrushSize }: { brushSize: number; onBrushSize: (size: number) => void }) {
  return (
    <label className="inline-field" title="Brush size in image pixels ([ and ])">
      <input
        type="range"
        min={MIN_BRUSH}
        max={120}
        className="brush-range"
        value={Math.min(120, brushSize)}
        onChange={(e) => onBrushSize(Number(e.target.value))}
        aria-label="Brush size"
        data-testid="brush-size"
      />
      <span className="num small">{Math.min(MAX_BRUSH, brushSize)} px</span>
    </label>
  );
}

/** The SAM prompt's state, kept short to share the toolbar's row: its points and box (the last answer's predicted
 * IoU and time in the tooltip), and a way to start over. */
function SamStatus({ sam, missing }: { sam: SamRefine; missing: string | null }) {
  const { prompt, busy, error, last } = sam;
  const negatives = prompt.points.filter((p) => !p.positive).length;
  const empty = prompt.points.length === 0 && !prompt.box;
  const help = 'Click: a point on the object · Alt-, Shift- or right-click: a point off it · drag: a box · Esc: clear';
  const answer = last ? ` · last mask: predicted IoU ${last.score.toFixed(2)}, ${formatMs(last.ms)}` : '';
  return (
    <span className="sam-status" data-testid="sam-status" data-busy={busy ? 'true' : 'false'} title={help + answer}>
      {missing ? (
        <span className="warn small" data-testid="sam-missing">
          {missing}: a click opens Models
        </span>
      ) : empty ? (
        <span className="muted small">Click the object</span>
      ) : (
        <span className="small num" data-testid="sam-prompt">
          <span className="sam-positive">{prompt.points.length - negatives}+</span>{' '}
          <span className="sam-negative">{negatives}−</span>
          {prompt.box && ' □'}
          {busy && ' …'}
        </span>
      )}
      {error && (
        <span className="small error" data-testid="sam-error">
          {error}
        </span>
      )}
      {!empty && (
        <button
          onMouseDown={keepFocus}
          onClick={() => sam.clear()}
          title="Clear the points and box (Esc)"
          data-testid="sam-clear"
        >
          Clear
        </button>
      )}
    </span>
  );
}
