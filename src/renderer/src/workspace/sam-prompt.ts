// The prompt SAM click-to-refine builds from the user's gestures on the stage: a click adds a point (positive, or
// negative with Alt, Shift or the right button), a drag sets the box. Coordinates are image pixels.
export interface SamPoint {
  x: number;
  y: number;
  positive: boolean;
}

export interface SamBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface SamPrompt {
  points: SamPoint[];
  box: SamBox | null;
}

export type SamGesture = { kind: 'point'; point: SamPoint } | { kind: 'box'; box: SamBox };

export const EMPTY_PROMPT: SamPrompt = { points: [], box: null };
/** A press that moves less than this many screen pixels is a click, not a box. */
export const DRAG_THRESHOLD_PX = 4;
/** The API takes at most this many points; older ones give way. */
export const MAX_POINTS = 64;

export interface PointerGesture {
  /** Screen pixels, for telling a click from a drag. */
  screenFrom: { x: number; y: number };
  screenTo: { x: number; y: number };
  /** Image pixels. */
  from: { x: number; y: number };
  to: { x: number; y: number };
  button: number;
  altKey: boolean;
  shiftKey: boolean;
}

/** What a press-and-release meant; null for a box with no area inside the image. */
export function gestureOf(g: PointerGesture, size: { width: number; height: number }): SamGesture | null {
  const moved = Math.hypot(g.screenTo.x - g.screenFrom.x, g.screenTo.y - g.screenFrom.y);
  if (moved < DRAG_THRESHOLD_PX || g.button === 2) {
    const { x, y } = g.button === 2 ? g.to : g.from;
    if (x < 0 || y < 0 || x > size.width || y > size.height) return null;
    return { kind: 'point', point: { x, y, positive: g.button !== 2 && !g.altKey && !g.shiftKey } };
  }
  const box = clampBox(
    {
      x0: Math.min(g.from.x, g.to.x),
      y0: Math.min(g.from.y, g.to.y),
      x1: Math.max(g.from.x, g.to.x),
      y1: Math.max(g.from.y, g.to.y),
    },
    size,
  );
  return box.x1 > box.x0 && box.y1 > box.y0 ? { kind: 'box', box } : null;
}

export function clampBox(box: SamBox, size: { width: number; height: number }): SamBox {
  const cx = (v: number) => Math.min(size.width, Math.max(0, v));
  const cy = (v: number) => Math.min(size.height, Math.max(0, v));
  return { x0: cx(box.x0), y0: cy(box.y0), x1: cx(box.x1), y1: cy(box.y1) };
}

export function addGesture(prompt: SamPrompt, gesture: SamGesture): SamPrompt {
  if (gesture.kind === 'box') return { ...prompt, box: gesture.box };
  return { ...prompt, points: [...prompt.points, gesture.point].slice(-MAX_POINTS) };
}

export function isEmptyPrompt(prompt: SamPrompt): boolean {
  return prompt.points.length === 0 && prompt.box === null;
}

/** The sam.refine input for a prompt, chaining the previous refinement of the same edit. */
export function refineInput(
  imageId: number,
  prompt: SamPrompt,
  previous: string | null,
): { imageId: number; points: SamPoint[]; box?: SamBox; previous?: string } {
  return {
    imageId,
    points: prompt.points,
    ...(prompt.box ? { box: prompt.box } : {}),
    ...(previous ? { previous } : {}),
  };
}
