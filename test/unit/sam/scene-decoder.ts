// The closed-form "decoder" of test/tools/make_amg_fixtures.py: discs whose logits are a function of each cell's
// position in the image, picked by the prompt point. Same formulas, same float64 operation order, rounded to
// float32, so this side and the Python reference see identical logits.

import type { CropBox, DecoderForCrop, DecoderOutput } from '../../../src/main/vision/sam/amg';
import { resizedShape } from '../../../src/main/vision/sam/amg';

export interface SceneObject {
  cx: number;
  cy: number;
  r: number;
  k: number;
  hole: [number, number, number] | null;
  island: [number, number, number] | null;
  iou: [number, number, number];
}

const CELLS = 256 * 256;

export function sceneDecoder(objects: SceneObject[], backgroundIou: number[]): DecoderForCrop {
  return (crop: CropBox) => {
    const [x0, y0, x1, y1] = crop.box;
    const cw = x1 - x0;
    const ch = y1 - y0;
    const r = resizedShape({ width: cw, height: ch });
    const sx = r.width / cw;
    const sy = r.height / ch;
    const cols = new Float64Array(256);
    const rows = new Float64Array(256);
    for (let i = 0; i < 256; i++) {
      cols[i] = ((i + 0.5) * 4) / sx + x0;
      rows[i] = ((i + 0.5) * 4) / sy + y0;
    }
    const dist = (x: number, y: number, cx: number, cy: number) => {
      const dx = x - cx;
      const dy = y - cy;
      return Math.sqrt(dx * dx + dy * dy);
    };
    const byObject = objects.map((o) => {
      const out = new Float32Array(3 * CELLS);
      for (let y = 0; y < 256; y++) {
        for (let x = 0; x < 256; x++) {
          const px = cols[x];
          const py = rows[y];
          const d = dist(px, py, o.cx, o.cy);
          let m0 = o.k * (o.r - d);
          if (o.hole) m0 = Math.min(m0, o.k * (dist(px, py, o.hole[0], o.hole[1]) - o.hole[2]));
          if (o.island) m0 = Math.max(m0, o.k * (o.island[2] - dist(px, py, o.island[0], o.island[1])));
          const i = y * 256 + x;
          out[i] = m0;
          out[CELLS + i] = o.k * (1.6 * o.r - d);
          out[2 * CELLS + i] = (0.5 * (o.r - d)) / o.r;
        }
      }
      return out;
    });
    const background = new Float32Array(3 * CELLS).fill(-5);
    background.fill(2, 0, CELLS);

    return (coords: Float32Array): DecoderOutput => {
      const n = coords.length / 2;
      const lowResLogits = new Float32Array(n * 3 * CELLS);
      const iouPredictions = new Float32Array(n * 3);
      for (let i = 0; i < n; i++) {
        const px = coords[i * 2] / sx + x0;
        const py = coords[i * 2 + 1] / sy + y0;
        let logits = background;
        let ious = backgroundIou;
        objects.forEach((o, k) => {
          if (logits !== background) return;
          const dx = px - o.cx;
          const dy = py - o.cy;
          const d2 = dx * dx + dy * dy;
          if (d2 <= o.r * o.r) {
            logits = byObject[k];
            ious = o.iou.map((b) => b - (0.01 * Math.sqrt(d2)) / o.r);
          }
        });
        lowResLogits.set(logits, i * 3 * CELLS);
        iouPredictions.set(ious, i * 3);
      }
      return { lowResLogits, iouPredictions };
    };
  };
}
