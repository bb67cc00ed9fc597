// The virtualised image grid: one scrolling box whose height stands for every row, with only the rows on screen
// rendered as tiles. Pages load as they come into view, after scrolling pauses for a moment, so dragging the
// scrollbar across 100,000 images does not request every page passed over.
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { useElementSize } from '../app/use-element-size';
import { useApi } from '../api-context';
import type { ImageFilter } from '../app/image-filter';
import {
  GRID_KEYS,
  gridMetrics,
  moveFocus,
  pagesCovering,
  scrollToShow,
  visibleRange,
  type GridKey,
} from './grid-layout';
import { ImagePages, PAGE_SIZE, type ImageListItem } from './image-pages';
import { ImageTile } from './ImageTile';

const TILE_OPTIONS = { minTileWidth: 190, rowHeightFor: (w: number) => (w - 12) * 0.75 + 52 };
const FETCH_DELAY_MS = 60;

/** Where the grid was focused, per dataset and filter, so coming back from an image returns to it. */
const lastFocus = new Map<string, number>();

export function ImageGrid({
  datasetId,
  filter,
  onOpen,
  onTotal,
}: {
  datasetId: number;
  filter: ImageFilter;
  onOpen: (item: ImageListItem, index: number) => void;
  onTotal?: (total: number | null) => void;
}) {
  const client = useApi();
  const focusKey = `${datasetId}/${filter}`;
  const pages = useMemo(() => new ImagePages(client, datasetId, filter), [client, datasetId, filter]);
  useSyncExternalStore(pages.subscribe, pages.getVersion);
  const total = pages.total;

  const boxRef = useRef<HTMLDivElement>(null);
  const box = useElementSize(boxRef);
  const [scrollTop, setScrollTop] = useState(0);
  const [focus, setFocus] = useState(() => lastFocus.get(focusKey) ?? 0);

  useEffect(() => {
    onTotal?.(total);
  }, [total, onTotal]);

  const metrics = gridMetrics(box.width, total ?? 0, TILE_OPTIONS);
  const range = visibleRange(metrics, scrollTop, box.height, 2);

  // The first page tells the total; after that, whatever is on screen.
  useEffect(() => {
    if (total === null) {
      pages.ensure([Math.floor((lastFocus.get(focusKey) ?? 0) / PAGE_SIZE)]);
      return;
    }
    const timer = setTimeout(() => pages.ensure(pagesCovering(range.first, range.end, PAGE_SIZE)), FETCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [pages, total, range.first, range.end, focusKey]);

  // Coming back to the grid: scroll the remembered tile into view once the layout is known.
  const restored = useRef(false);
  useEffect(() => {
    const element = boxRef.current;
    if (restored.current || !element || total === null || box.height === 0) return;
    restored.current = true;
    element.scrollTop = scrollToShow(metrics, Math.min(focus, Math.max(0, total - 1)), 0, box.height);
  }, [metrics, focus, total, box.height]);

  const focusIndex = useCallback(
    (index: number) => {
      setFocus(index);
      lastFocus.set(focusKey, index);
    },
    [focusKey],
  );

  const open = useCallback(
    (index: number) => {
      focusIndex(index);
      const item = pages.item(index);
      if (item) onOpen(item, index);
    },
    [pages, onOpen, focusIndex],
  );

  const onKeyDown = (event: React.KeyboardEvent) => {
    if (total === null || total === 0) return;
    if (event.key === 'Enter') {
      event.preventDefault();
      open(focus);
      return;
    }
    if (!GRID_KEYS.includes(event.key) || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    const rowsPerPage = Math.max(1, Math.floor(box.height / metrics.rowHeight));
    const next = moveFocus(focus, event.key as GridKey, metrics, rowsPerPage);
    focusIndex(next);
    const element = boxRef.current;
    if (element) element.scrollTop = scrollToShow(metrics, next, element.scrollTop, box.height);
  };

  const tiles = [];
  for (let index = range.first; index < range.end; index++) {
    const item = pages.item(index);
    tiles.push(
      <ImageTile
        key={index}
        index={index}
        item={item}
        src={item ? client.fileUrl(datasetId, item.path) : null}
        focused={index === focus}
        left={(index % metrics.columns) * metrics.columnWidth}
        top={Math.floor(index / metrics.columns) * metrics.rowHeight}
        width={metrics.columnWidth}
        height={metrics.rowHeight}
        onOpen={open}
        onFocus={focusIndex}
      />,
    );
  }

  return (
    <div
      ref={boxRef}
      className="grid-box"
      role="listbox"
      aria-label="Images"
      aria-activedescendant={total ? `tile-${focus}` : undefined}
      tabIndex={0}
      data-testid="image-grid"
      data-total={total ?? ''}
      onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
      onKeyDown={onKeyDown}
    >
      {pages.error && <p className="error pad">{pages.error}</p>}
      {total === 0 && <p className="muted pad">No images match this filter.</p>}
      <div className="grid-space" style={{ height: metrics.rows * metrics.rowHeight }}>
        {tiles}
      </div>
    </div>
  );
}
