// The correction tools and what the stage does with a drag for each.
export type Tool = 'pan' | 'brush' | 'eraser' | 'polygon-add' | 'polygon-subtract' | 'sam';

export const TOOL_LABELS: Record<Tool, string> = {
  pan: 'Pan',
  brush: 'Brush',
  eraser: 'Eraser',
  'polygon-add': 'Polygon +',
  'polygon-subtract': 'Polygon −',
  sam: 'SAM',
};

export const TOOL_KEYS: Record<Tool, string> = {
  pan: 'V',
  brush: 'B',
  eraser: 'E',
  'polygon-add': 'P',
  'polygon-subtract': 'O',
  sam: 'S',
};

export function isPolygonTool(tool: Tool): tool is 'polygon-add' | 'polygon-subtract' {
  return tool === 'polygon-add' || tool === 'polygon-subtract';
}

export const MIN_BRUSH = 1;
export const MAX_BRUSH = 400;

/** [ and ] step the brush diameter by about 20%, at least one pixel. */
export function stepBrush(size: number, direction: 1 | -1): number {
  const next = direction > 0 ? Math.max(size + 1, Math.round(size * 1.2)) : Math.min(size - 1, Math.round(size / 1.2));
  return Math.min(MAX_BRUSH, Math.max(MIN_BRUSH, next));
}
