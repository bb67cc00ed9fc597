// The workspace's Konva stage. Four layers: the image, the heat map, the mask overlays (none of them listening) and
// the edit layer (the mask being corrected, the brush cursor, the polygon being drawn, SAM's points and box). The
// viewport lives in a ref and is applied
// to the stage directly, and brush points go straight into the EditSession: panning, zooming and painting never
// re-render React.
import Konva from 'konva';
import { useCallback, useEffect, useImperativeHandle, useRef, type Ref } from 'react';
import { useElementSize } from '../app/use-element-size';
import { Circle, Group, Image as KImage, Layer, Line, Rect, Stage } from 'react-konva';
import type { EditSession } from '../correct/edit-session';
import { DRAG_THRESHOLD_PX, gestureOf, type SamGesture, type SamPrompt } from './sam-prompt';
import { isPolygonTool, type Tool } from './tools';
import {
  actualSize,
  fitViewport,
  panBy,
  screenToImage,
  wheelFactor,
  zoomAt,
  type Size,
  type Viewport,
} from './viewport';

export interface Overlay {
  key: string;
  canvas: HTMLCanvasElement;
}

export interface StageHandle {
  fit(): void;
  actualSize(): void;
  zoom(factor: number): void;
  /** Redraws the edit layer after the session changed outside a stroke (load, undo, fill holes…). */
  redrawEdit(): void;
  /** Closes the polygon being drawn; false when it has fewer than 3 points. */
  closePolygon(): boolean;
  /** Drops the polygon being drawn; false when there was none. */
  cancelPolygon(): boolean;
  polygonPoints(): number;
}

interface Props {
  handle: Ref<StageHandle>;
  image: HTMLImageElement | null;
  size: Size;
  overlays: readonly Overlay[];
  /** A colour-mapped heat map under the masks; its opacity is the layer's, so changing it redraws nothing else. */
  heat: { canvas: HTMLCanvasElement; opacity: number } | null;
  session: EditSession | null;
  showEdit: boolean;
  tool: Tool;
  brushSize: number;
  polygonColor: string;
  /** Called before the first change of a stroke or polygon; false refuses it (e.g. while nothing can be edited). */
  onEditStart(): boolean;
  onStrokeEnd(): void;
  onPolygon(points: number[], mode: 'add' | 'subtract'): void;
  /** SAM's prompt so far, drawn while the SAM tool is chosen. */
  samPrompt: SamPrompt;
  /** A click (a point) or a drag (a box) with the SAM tool. */
  onSamGesture(gesture: SamGesture): void;
}

const CLOSE_DISTANCE_PX = 8;
const SAM_POSITIVE = '#22c55e';
const SAM_NEGATIVE = '#ef4444';
const SAM_BOX = '#facc15';
/** A point marker's radius in screen pixels, whatever the zoom. */
const MARKER_RADIUS = 7;
/** One array for the polygon's initial points, so a re-render never resets the line being drawn. */
const NO_POINTS: number[] = [];

export function ImageStage(props: Props) {
  const { handle, image, size, overlays, heat, session, showEdit, tool, brushSize, polygonColor, samPrompt } = props;
  const boxRef = useRef<HTMLDivElement>(null);
  const stageRef = useRef<Konva.Stage>(null);
  const editLayerRef = useRef<Konva.Layer>(null);
  const cursorRef = useRef<Konva.Circle>(null);
  const polygonRef = useRef<Konva.Line>(null);
  const samDragRef = useRef<Konva.Rect>(null);
  const zoomLabelRef = useRef<HTMLSpanElement>(null);
  const view = useElementSize(boxRef);
  const viewport = useRef<Viewport>({ scale: 1, x: 0, y: 0 });
  const fitted = useRef<string | null>(null);
  const drag = useRef<
    | { kind: 'pan'; startX: number; startY: number; from: Viewport }
    | { kind: 'stroke'; lastX: number; lastY: number; value: 0 | 1 }
    | {
        kind: 'sam';
        screenFrom: { x: number; y: number };
        from: { x: number; y: number };
        button: number;
        altKey: boolean;
        shiftKey: boolean;
      }
    | null
  >(null);
  const polygon = useRef<number[]>([]);
  const spaceHeld = useRef(false);
  const callbacks = useRef(props);
  useEffect(() => {
    callbacks.current = props;
  });

  const apply = useCallback((v: Viewport) => {
    viewport.current = v;
    const stage = stageRef.current;
    if (!stage) return;
    stage.scale({ x: v.scale, y: v.scale });
    stage.position({ x: v.x, y: v.y });
    // Smooth when shrinking, crisp pixels when enlarging; every layer alike so masks sit on their pixels.
    for (const layer of stage.getLayers()) layer.imageSmoothingEnabled(v.scale < 1);
    const width = 1.5 / v.scale;
    cursorRef.current?.strokeWidth(width);
    polygonRef.current?.strokeWidth(2 / v.scale);
    // SAM's markers keep their screen size; its boxes keep a two-pixel dashed edge.
    for (const marker of stage.find('.sam-marker')) marker.scale({ x: 1 / v.scale, y: 1 / v.scale });
    for (const box of stage.find('.sam-box') as Konva.Rect[]) {
      box.strokeWidth(2 / v.scale);
      box.dash([6 / v.scale, 4 / v.scale]);
    }
    stage.batchDraw();
    const box = boxRef.current;
    if (box) box.dataset.viewport = `${v.scale} ${v.x} ${v.y}`;
    if (zoomLabelRef.current) zoomLabelRef.current.textContent = `${Math.round(v.scale * 100)}%`;
  }, []);

  // Fit once per image, when both the image and the view have a size.
  const imageKey = image ? `${image.src} ${size.width}x${size.height}` : null;
  useEffect(() => {
    if (!imageKey || view.width === 0 || fitted.current === imageKey) return;
    fitted.current = imageKey;
    apply(fitViewport(size, view));
  }, [imageKey, size, view, apply]);

  // The stage was re-created with a new size: put the viewport back on it.
  useEffect(() => apply(viewport.current), [view, apply]);

  const redrawPolygon = useCallback((cursor?: { x: number; y: number }) => {
    const line = polygonRef.current;
    if (!line) return;
    const points = polygon.current;
    line.points(cursor && points.length ? [...points, cursor.x, cursor.y] : points);
    line.getLayer()?.batchDraw();
  }, []);

  useImperativeHandle(
    handle,
    (): StageHandle => ({
      fit: () => apply(fitViewport(size, view)),
      actualSize: () => apply(actualSize(viewport.current, view)),
      zoom: (factor) => apply(zoomAt(viewport.current, factor, view.width / 2, view.height / 2)),
      redrawEdit: () => editLayerRef.current?.batchDraw(),
      closePolygon: () => {
        const points = polygon.current;
        if (points.length < 6) return false;
        polygon.current = [];
        redrawPolygon();
        const current = callbacks.current;
        if (current.onEditStart()) current.onPolygon(points, current.tool === 'polygon-subtract' ? 'subtract' : 'add');
        return true;
      },
      cancelPolygon: () => {
        if (polygon.current.length === 0) return false;
        polygon.current = [];
        redrawPolygon();
        return true;
      },
      polygonPoints: () => polygon.current.length / 2,
    }),
    [apply, size, view, redrawPolygon],
  );

  // Tool changes drop an unfinished polygon and show or hide the brush cursor.
  useEffect(() => {
    polygon.current = [];
    redrawPolygon();
    cursorRef.current?.visible(tool === 'brush' || tool === 'eraser');
    cursorRef.current?.radius(brushSize / 2);
    editLayerRef.current?.batchDraw();
  }, [tool, brushSize, redrawPolygon]);

  useEffect(() => {
    editLayerRef.current?.batchDraw();
  }, [session, showEdit]);

  // New markers are drawn at the current zoom.
  useEffect(() => apply(viewport.current), [samPrompt, tool, apply]);

  // Space held down pans, as in image editors; it must not scroll the page or press a focused button meanwhile.
  useEffect(() => {
    const down = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      // Space still presses a focused button or types in a field; it pans when the stage or the page has focus.
      if (event.key !== ' ' || target?.closest('input, textarea, select, button, a, summary, [contenteditable]'))
        return;
      spaceHeld.current = true;
      if (boxRef.current) boxRef.current.dataset.panning = 'true';
      event.preventDefault();
    };
    const up = (event: KeyboardEvent) => {
      if (event.key !== ' ') return;
      spaceHeld.current = false;
      if (boxRef.current) delete boxRef.current.dataset.panning;
    };
    window.addEventListener('keydown', down);
    window.addEventListener('keyup', up);
    return () => {
      window.removeEventListener('keydown', down);
      window.removeEventListener('keyup', up);
    };
  }, []);

  const pointer = () => stageRef.current?.getPointerPosition() ?? null;

  const onMouseDown = (event: Konva.KonvaEventObject<MouseEvent>) => {
    const p = pointer();
    if (!p) return;
    boxRef.current?.focus({ preventScroll: true });
    const current = callbacks.current;
    const button = event.evt.button;
    if (button === 1 || spaceHeld.current || current.tool === 'pan') {
      event.evt.preventDefault();
      drag.current = { kind: 'pan', startX: p.x, startY: p.y, from: viewport.current };
      return;
    }
    const at = screenToImage(viewport.current, p.x, p.y);
    if (current.tool === 'sam' && (button === 0 || button === 2)) {
      const { altKey, shiftKey } = event.evt;
      drag.current = { kind: 'sam', screenFrom: p, from: at, button, altKey, shiftKey };
      return;
    }
    if (button !== 0 || !current.session) return;
    if (current.tool === 'brush' || current.tool === 'eraser') {
      if (!current.onEditStart()) return;
      const value = current.tool === 'brush' ? 1 : 0;
      current.session.stroke(at.x, at.y, at.x, at.y, current.brushSize / 2, value);
      editLayerRef.current?.batchDraw();
      drag.current = { kind: 'stroke', lastX: at.x, lastY: at.y, value };
      return;
    }
    if (isPolygonTool(current.tool)) {
      const points = polygon.current;
      // The browser's click count (it knows the system's double-click time and distance): a double click closes
      // the polygon, its first click having added the last point already.
      const closing = event.evt.detail === 2;
      if (closing || points.length >= 6) {
        const dx = (points[0] - at.x) * viewport.current.scale;
        const dy = (points[1] - at.y) * viewport.current.scale;
        if (closing || Math.hypot(dx, dy) <= CLOSE_DISTANCE_PX) {
          if (points.length >= 6 && current.onEditStart()) {
            polygon.current = [];
            redrawPolygon();
            current.onPolygon(points, current.tool === 'polygon-subtract' ? 'subtract' : 'add');
          }
          return;
        }
      }
      polygon.current = [...points, at.x, at.y];
      redrawPolygon(at);
    }
  };

  const onMouseMove = () => {
    const p = pointer();
    if (!p) return;
    const current = callbacks.current;
    const at = screenToImage(viewport.current, p.x, p.y);
    const cursor = cursorRef.current;
    if (cursor?.visible()) {
      cursor.position(at);
      cursor.getLayer()?.batchDraw();
    }
    const d = drag.current;
    if (d?.kind === 'pan') {
      apply(panBy(d.from, p.x - d.startX, p.y - d.startY));
    } else if (d?.kind === 'stroke' && current.session) {
      current.session.stroke(d.lastX, d.lastY, at.x, at.y, current.brushSize / 2, d.value);
      d.lastX = at.x;
      d.lastY = at.y;
      editLayerRef.current?.batchDraw();
    } else if (d?.kind === 'sam' && d.button === 0) {
      const rect = samDragRef.current;
      if (!rect) return;
      const dragging = Math.hypot(p.x - d.screenFrom.x, p.y - d.screenFrom.y) >= DRAG_THRESHOLD_PX;
      rect.visible(dragging);
      rect.position({ x: Math.min(d.from.x, at.x), y: Math.min(d.from.y, at.y) });
      rect.size({ width: Math.abs(at.x - d.from.x), height: Math.abs(at.y - d.from.y) });
      rect.strokeWidth(2 / viewport.current.scale);
      rect.dash([6 / viewport.current.scale, 4 / viewport.current.scale]);
      rect.getLayer()?.batchDraw();
    } else if (isPolygonTool(current.tool) && polygon.current.length) {
      redrawPolygon(at);
    }
  };

  /** Ends a press; a SAM press becomes a point or a box only when released over the stage. */
  const endDrag = (released: boolean) => {
    const d = drag.current;
    drag.current = null;
    if (d?.kind === 'stroke') callbacks.current.onStrokeEnd();
    if (d?.kind !== 'sam') return;
    samDragRef.current?.visible(false);
    editLayerRef.current?.batchDraw();
    const p = pointer();
    if (!released || !p) return;
    const current = callbacks.current;
    const gesture = gestureOf({ ...d, screenTo: p, to: screenToImage(viewport.current, p.x, p.y) }, current.size);
    if (gesture) current.onSamGesture(gesture);
  };

  const onWheel = (event: Konva.KonvaEventObject<WheelEvent>) => {
    event.evt.preventDefault();
    const p = pointer();
    if (!p) return;
    apply(zoomAt(viewport.current, wheelFactor(event.evt.deltaY), p.x, p.y));
  };

  return (
    <div
      ref={boxRef}
      className={`stage-box tool-${tool}`}
      data-testid="stage"
      data-image-ready={image ? 'true' : 'false'}
      data-image-size={`${size.width} ${size.height}`}
      data-sam-points={samPrompt.points.length}
      data-sam-box={samPrompt.box ? 'true' : 'false'}
      tabIndex={-1}
      onContextMenu={(event) => event.preventDefault()}
    >
      {view.width > 0 && (
        <Stage
          ref={stageRef}
          width={view.width}
          height={view.height}
          onMouseDown={onMouseDown}
          onMouseMove={onMouseMove}
          onMouseUp={() => endDrag(true)}
          onMouseLeave={() => endDrag(false)}
          onWheel={onWheel}
        >
          <Layer listening={false}>{image && <KImage image={image} width={size.width} height={size.height} />}</Layer>
          <Layer listening={false} opacity={heat?.opacity ?? 1}>
            {heat && <KImage image={heat.canvas} width={size.width} height={size.height} />}
          </Layer>
          <Layer listening={false}>
            {overlays.map((o) => (
              <KImage key={o.key} image={o.canvas} width={size.width} height={size.height} />
            ))}
          </Layer>
          <Layer ref={editLayerRef} listening={false}>
            {session && <KImage image={session.canvas} width={size.width} height={size.height} visible={showEdit} />}
            <Line ref={polygonRef} points={NO_POINTS} stroke={polygonColor} strokeWidth={2} lineJoin="round" />
            {tool === 'sam' && samPrompt.box && (
              <Rect
                name="sam-box"
                x={samPrompt.box.x0}
                y={samPrompt.box.y0}
                width={samPrompt.box.x1 - samPrompt.box.x0}
                height={samPrompt.box.y1 - samPrompt.box.y0}
                stroke={SAM_BOX}
                strokeWidth={2}
              />
            )}
            <Rect ref={samDragRef} name="sam-box" stroke={SAM_BOX} strokeWidth={2} visible={false} />
            {tool === 'sam' &&
              samPrompt.points.map((point, i) => (
                <Group key={i} name="sam-marker" x={point.x} y={point.y}>
                  <Circle
                    radius={MARKER_RADIUS}
                    fill={point.positive ? SAM_POSITIVE : SAM_NEGATIVE}
                    stroke="#ffffff"
                    strokeWidth={1.5}
                    shadowColor="#000"
                    shadowBlur={3}
                  />
                  <Line points={[-4, 0, 4, 0]} stroke="#ffffff" strokeWidth={2} lineCap="round" />
                  {point.positive && <Line points={[0, -4, 0, 4]} stroke="#ffffff" strokeWidth={2} lineCap="round" />}
                </Group>
              ))}
            <Circle
              ref={cursorRef}
              radius={brushSize / 2}
              stroke="#ffffff"
              strokeWidth={1.5}
              shadowColor="#000"
              shadowBlur={2}
              visible={false}
            />
          </Layer>
        </Stage>
      )}
      <span className="zoom-label" ref={zoomLabelRef} data-testid="zoom-label" aria-live="off" />
    </div>
  );
}
