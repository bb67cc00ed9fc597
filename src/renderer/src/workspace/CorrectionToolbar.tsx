// Tools above the stage: correction tools with the brush size, and mask clean-up.
import { MAX_BRUSH, MIN_BRUSH, TOOL_KEYS, TOOL_LABELS, type Tool } from './tools';
import { keepFocus } from '../app/keep-focus';

const TOOLS: Tool[] = ['pan', 'brush', 'eraser', 'polygon-add', 'polygon-subtract'];

export function CorrectionToolbar({
  tool,
  onTool,
  brushSize,
  onBrushSize,
  minIsland,
  onMinIsland,
  onFillHoles,
  onRemoveIslands,
}: {
  tool: Tool;
  onTool: (tool: Tool) => void;
  brushSize: number;
  onBrushSize: (size: number) => void;
  minIsland: number;
  onMinIsland: (area: number) => void;
  onFillHoles: () => void;
  onRemoveIslands: () => void;
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
