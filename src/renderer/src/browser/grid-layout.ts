// The image grid's geometry: which rows exist, which are on screen, where keyboard moves go. Only the visible rows
// are ever rendered, so 100,000 images cost what a screenful costs.

export interface GridMetrics {
  columns: number;
  rows: number;
  /** Width of a column including its gap. */
  columnWidth: number;
  rowHeight: number;
  total: number;
}

export interface GridOptions {
  minTileWidth: number;
  /** Height of a row for a tile of width w (thumbnail plus caption). */
  rowHeightFor(columnWidth: number): number;
}

export function gridMetrics(viewWidth: number, total: number, options: GridOptions): GridMetrics {
  const columns = Math.max(1, Math.floor(viewWidth / options.minTileWidth));
  const columnWidth = Math.max(1, viewWidth / columns);
  return {
    columns,
    rows: Math.ceil(total / columns),
    columnWidth,
    rowHeight: Math.round(options.rowHeightFor(columnWidth)),
    total,
  };
}

/** Index range [first, end) of the images in rows that intersect the view, with `overscan` rows either side. */
export function visibleRange(
  m: GridMetrics,
  scrollTop: number,
  viewHeight: number,
  overscan = 2,
): { first: number; end: number } {
  if (m.total === 0) return { first: 0, end: 0 };
  const firstRow = Math.max(0, Math.floor(scrollTop / m.rowHeight) - overscan);
  const endRow = Math.min(m.rows, Math.ceil((scrollTop + viewHeight) / m.rowHeight) + overscan);
  return { first: firstRow * m.columns, end: Math.min(m.total, endRow * m.columns) };
}

/** Page numbers (of `pageSize` items) that hold the indexes [first, end). */
export function pagesCovering(first: number, end: number, pageSize: number): number[] {
  if (end <= first) return [];
  const pages: number[] = [];
  for (let p = Math.floor(first / pageSize); p <= Math.floor((end - 1) / pageSize); p++) pages.push(p);
  return pages;
}

/** The smallest scroll change that brings index's row fully into view (scrollTop itself when it already is). */
export function scrollToShow(m: GridMetrics, index: number, scrollTop: number, viewHeight: number): number {
  const top = Math.floor(index / m.columns) * m.rowHeight;
  const bottom = top + m.rowHeight;
  if (top < scrollTop) return top;
  if (bottom > scrollTop + viewHeight) return Math.max(0, bottom - viewHeight);
  return scrollTop;
}

export type GridKey = 'ArrowLeft' | 'ArrowRight' | 'ArrowUp' | 'ArrowDown' | 'PageUp' | 'PageDown' | 'Home' | 'End';

export const GRID_KEYS: readonly string[] = [
  'ArrowLeft',
  'ArrowRight',
  'ArrowUp',
  'ArrowDown',
  'PageUp',
  'PageDown',
  'Home',
  'End',
];

/** Where a key moves the focused tile; stays inside [0, total). */
export function moveFocus(index: number, key: GridKey, m: GridMetrics, rowsPerPage: number): number {
  if (m.total === 0) return 0;
  const last = m.total - 1;
  const step: Record<GridKey, number> = {
    ArrowLeft: -1,
    ArrowRight: 1,
    ArrowUp: -m.columns,
    ArrowDown: m.columns,
    PageUp: -m.columns * Math.max(1, rowsPerPage),
    PageDown: m.columns * Math.max(1, rowsPerPage),
    Home: -Infinity,
    End: Infinity,
  };
  const target = index + step[key];
  if (target === -Infinity) return 0;
  if (target === Infinity) return last;
  // A move off the grid's edge by a row stops at the edge, as in a file manager.
  return Math.min(last, Math.max(0, target));
}
