// Compare mode: each method's top-1 mask in its own view, all views zoomed and panned together so the same pixels
// sit in the same place in every cell.
import Konva from 'konva';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import { useElementSize } from '../app/use-element-size';
import { Image as KImage, Layer, Stage } from 'react-konva';
import type { Candidate } from '../../../shared/domain';
import { cssColor, methodColor, previewStyle } from './colors';
import type { MethodColumn } from './decisions';
import { CanvasCache, compositeCanvas } from './overlays';
import { fitViewport, panBy, wheelFactor, zoomAt, type Size, type Viewport } from './viewport';

export function CompareView({
  image,
  size,
  columns,
  selectedId,
  onSelect,
  onAccept,
}: {
  image: HTMLImageElement | null;
  size: Size;
  columns: readonly MethodColumn[];
  selectedId: number | null;
  onSelect: (candidate: Candidate) => void;
  onAccept: () => void;
}) {
  const boxRef = useRef<HTMLDivElement>(null);
  const box = useElementSize(boxRef);
  const stages = useRef(new Map<number, Konva.Stage>());
  const viewport = useRef<Viewport | null>(null);
  const drag = useRef<{ x: number; y: number; from: Viewport } | null>(null);
  const cache = useMemo(() => new CanvasCache(8), []);

  const tops = columns
    .filter((c) => c.candidates.length > 0)
    .map((c, index) => ({ candidate: c.candidates[0], index }));
  const columnsAcross = Math.max(1, Math.ceil(Math.sqrt(tops.length)));
  const rowsDown = Math.max(1, Math.ceil(tops.length / columnsAcross));
  // Cells share the box exactly (4 px padding, 8 px gaps, 2 px borders, a 24 px caption), so the grid never
  // overflows and the observer never sees its own size change.
  const cell: Size = {
    width: Math.floor((box.width - 8 - 8 * (columnsAcross - 1)) / columnsAcross) - 4,
    height: Math.floor((box.height - 8 - 8 * (rowsDown - 1)) / rowsDown) - 4 - 24,
  };

  const apply = useCallback((v: Viewport) => {
    viewport.current = v;
    for (const stage of stages.current.values()) {
      stage.scale({ x: v.scale, y: v.scale });
      stage.position({ x: v.x, y: v.y });
      for (const layer of stage.getLayers()) layer.imageSmoothingEnabled(v.scale < 1);
      stage.batchDraw();
    }
  }, []);

  const cellWidth = cell.width;
  const cellHeight = cell.height;
  useEffect(() => {
    if (cellWidth > 0 && cellHeight > 0) apply(fitViewport(size, { width: cellWidth, height: cellHeight }, 8));
  }, [apply, size, cellWidth, cellHeight]);

  const register = (id: number) => (stage: Konva.Stage | null) => {
    if (stage) {
      stages.current.set(id, stage);
      if (viewport.current) {
        stage.scale({ x: viewport.current.scale, y: viewport.current.scale });
        stage.position({ x: viewport.current.x, y: viewport.current.y });
      }
    } else stages.current.delete(id);
  };

  return (
    <div
      ref={boxRef}
      className="compare-grid"
      data-testid="compare-view"
      style={{ gridTemplateColumns: `repeat(${columnsAcross}, 1fr)` }}
    >
      {tops.length === 0 && <p className="muted pad">No candidates to compare.</p>}
      {cell.width > 0 &&
        cell.height > 0 &&
        tops.map(({ candidate, index }) => {
          const overlay = cache.get(
            String(candidate.id),
            () =>
              compositeCanvas(size.width, size.height, [
                { mask: candidate.mask, style: previewStyle(methodColor(index)) },
              ]) ?? document.createElement('canvas'),
          );
          return (
            <figure
              key={candidate.id}
              className={candidate.id === selectedId ? 'compare-cell selected' : 'compare-cell'}
              style={{ borderColor: cssColor(methodColor(index)) }}
              data-testid="compare-cell"
            >
              <Stage
                ref={register(candidate.id)}
                width={cell.width}
                height={cell.height}
                onMouseDown={(e) => {
                  onSelect(candidate);
                  const p = e.target.getStage()?.getPointerPosition();
                  if (p && viewport.current) drag.current = { x: p.x, y: p.y, from: viewport.current };
                }}
                onMouseMove={(e) => {
                  const p = e.target.getStage()?.getPointerPosition();
                  if (p && drag.current) apply(panBy(drag.current.from, p.x - drag.current.x, p.y - drag.current.y));
                }}
                onMouseUp={() => (drag.current = null)}
                onMouseLeave={() => (drag.current = null)}
                onDblClick={onAccept}
                onWheel={(e) => {
                  e.evt.preventDefault();
                  const p = e.target.getStage()?.getPointerPosition();
                  if (p && viewport.current) apply(zoomAt(viewport.current, wheelFactor(e.evt.deltaY), p.x, p.y));
                }}
              >
                <Layer listening={false}>
                  {image && <KImage image={image} width={size.width} height={size.height} />}
                </Layer>
                <Layer listening={false}>
                  <KImage image={overlay} width={size.width} height={size.height} />
                </Layer>
              </Stage>
              <figcaption>
                <span className="strong">{candidate.method}</span>
                <span className="muted">score {candidate.score.toFixed(3)}</span>
              </figcaption>
            </figure>
          );
        })}
    </div>
  );
}
