// The workspace's view of the image: screen = image * scale + offset. Image, masks and the edit layer all share
// this one transform, which is what keeps every mask on its pixels at every zoom.

export interface Viewport {
  scale: number;
  x: number;
  y: number;
}

export interface Size {
  width: number;
  height: number;
}

export const MIN_SCALE = 1 / 64;
export const MAX_SCALE = 64;

function clampScale(scale: number): number {
  return Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale));
}

/** The whole image centred in the view with a margin. */
export function fitViewport(image: Size, view: Size, margin = 16): Viewport {
  if (image.width <= 0 || image.height <= 0 || view.width <= 0 || view.height <= 0) return { scale: 1, x: 0, y: 0 };
  const scale = clampScale(
    Math.min((view.width - 2 * margin) / image.width, (view.height - 2 * margin) / image.height),
  );
  return {
    scale,
    x: (view.width - image.width * scale) / 2,
    y: (view.height - image.height * scale) / 2,
  };
}

export function screenToImage(v: Viewport, sx: number, sy: number): { x: number; y: number } {
  return { x: (sx - v.x) / v.scale, y: (sy - v.y) / v.scale };
}

/** Zooms by `factor` keeping the image point under the screen point (sx, sy) where it is. */
export function zoomAt(v: Viewport, factor: number, sx: number, sy: number): Viewport {
  const scale = clampScale(v.scale * factor);
  const k = scale / v.scale;
  return { scale, x: sx - (sx - v.x) * k, y: sy - (sy - v.y) * k };
}

/** One image pixel per screen pixel, keeping the image point at the view's centre where it is. */
export function actualSize(v: Viewport, view: Size): Viewport {
  const cx = view.width / 2;
  const cy = view.height / 2;
  const p = screenToImage(v, cx, cy);
  return { scale: 1, x: Math.round(cx - p.x), y: Math.round(cy - p.y) };
}

export function panBy(v: Viewport, dx: number, dy: number): Viewport {
  return { scale: v.scale, x: v.x + dx, y: v.y + dy };
}

/** Wheel delta (pixels) → zoom factor; a notch of 100 px zooms by 1.25. */
export function wheelFactor(deltaY: number): number {
  return Math.pow(1.25, -deltaY / 100);
}
