// Click-to-refine prompts in image pixels → the decoder's point_coords / point_labels in the 1024 frame:
// points first, then the box corners (labels 2, 3), or, without a box, the not-a-point pad transformers and
// segment-anything append.
import { type Size, toFrame } from '../amg/frame';

export interface PromptPoint {
  /** Image pixels. */
  x: number;
  y: number;
  /** 1 foreground, 0 background. */
  label: 0 | 1;
}

export interface RefinePrompt {
  points?: readonly PromptPoint[];
  /** [x0, y0, x1, y1] in image pixels. */
  box?: readonly [number, number, number, number];
  /** The previous result's 256×256 low-resolution logits, fed back as mask_input. */
  maskInput?: Float32Array;
  /**
   * Three candidate masks and the best by predicted IoU (mask tokens 1–3) instead of the single-mask token 0.
   * Default: true for a lone point (an ambiguous prompt), false otherwise, as segment-anything advises.
   */
  multimask?: boolean;
}

export interface EncodedPrompt {
  /** [1, P, 2] */
  coords: Float32Array;
  /** [1, P] */
  labels: Float32Array;
}

export function encodePrompt(prompt: RefinePrompt, image: Size): EncodedPrompt {
  const points = prompt.points ?? [];
  if (points.length === 0 && !prompt.box) throw new Error('SAM prompt: give at least one point or a box');
  const flat: number[] = [];
  const labels: number[] = [];
  points.forEach((p, i) => {
    if (!Number.isFinite(p.x) || !Number.isFinite(p.y) || (p.label !== 0 && p.label !== 1)) {
      throw new Error(`SAM prompt: point ${i} must have finite x, y and label 0 or 1, got ${JSON.stringify(p)}`);
    }
    flat.push(p.x, p.y);
    labels.push(p.label);
  });
  if (prompt.box) {
    const [x0, y0, x1, y1] = prompt.box;
    if (![x0, y0, x1, y1].every(Number.isFinite) || x1 < x0 || y1 < y0) {
      throw new Error(
        `SAM prompt: box must be finite [x0, y0, x1, y1] with x0 ≤ x1 and y0 ≤ y1, got [${prompt.box.join(', ')}]`,
      );
    }
    flat.push(x0, y0, x1, y1);
    labels.push(2, 3);
  }
  const framed = Array.from(toFrame(flat, image));
  if (!prompt.box) {
    framed.push(0, 0);
    labels.push(-1);
  }
  return { coords: Float32Array.from(framed), labels: Float32Array.from(labels) };
}

export function wantsMultimask(prompt: RefinePrompt): boolean {
  return prompt.multimask ?? ((prompt.points?.length ?? 0) === 1 && !prompt.box && !prompt.maskInput);
}
