// COCO RLE encode/decode and polygon export on a 4000x3000 mask shaped like real annotations: a few large
// overlapping blobs with ragged edges, some small specks, and salt-and-pepper noise.
// Prints one figure per line (median milliseconds after warm-up).

import { decodeRle, encodeRle, maskToCocoPolygons, traceContours, type Mask } from '../src/main/masks';
import { rng } from '../test/helpers/random';

const WIDTH = 4000;
const HEIGHT = 3000;

function paintEllipse(
  data: Uint8Array,
  cx: number,
  cy: number,
  rx: number,
  ry: number,
  wobble: number,
  rand: () => number,
): void {
  const phase = rand() * Math.PI * 2;
  for (let y = Math.max(0, Math.floor(cy - ry * 1.2)); y < Math.min(HEIGHT, cy + ry * 1.2); y++) {
    for (let x = Math.max(0, Math.floor(cx - rx * 1.2)); x < Math.min(WIDTH, cx + rx * 1.2); x++) {
      const dx = (x - cx) / rx;
      const dy = (y - cy) / ry;
      const edge = 1 + wobble * Math.sin(7 * Math.atan2(dy, dx) + phase);
      if (dx * dx + dy * dy < edge * edge) data[y * WIDTH + x] = 1;
    }
  }
}

function realisticMask(): Mask {
  const rand = rng(2024);
  const data = new Uint8Array(WIDTH * HEIGHT);
  for (let i = 0; i < 5; i++) {
    paintEllipse(data, rand() * WIDTH, rand() * HEIGHT, 300 + rand() * 700, 250 + rand() * 500, 0.15, rand);
  }
  for (let i = 0; i < 200; i++)
    paintEllipse(data, rand() * WIDTH, rand() * HEIGHT, 2 + rand() * 15, 2 + rand() * 15, 0.3, rand);
  for (let i = 0; i < 20000; i++) data[Math.floor(rand() * data.length)] ^= 1;
  return { width: WIDTH, height: HEIGHT, data };
}

function median(run: () => unknown, warmup: number, samples: number): number {
  for (let i = 0; i < warmup; i++) run();
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t = performance.now();
    run();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const mask = realisticMask();
const rle = encodeRle(mask);
const fg = mask.data.reduce((s, v) => s + v, 0);

console.log(`rle.mask_pixels ${WIDTH * HEIGHT}`);
console.log(`rle.foreground_fraction ${(fg / mask.data.length).toFixed(3)}`);
console.log(`rle.counts_chars ${rle.counts.length}`);
console.log(`rle.encode_ms ${median(() => encodeRle(mask), 5, 15).toFixed(1)}`);
console.log(`rle.decode_ms ${median(() => decodeRle(rle), 5, 15).toFixed(1)}`);
console.log(`rle.roundtrip_ms ${median(() => decodeRle(encodeRle(mask)), 5, 15).toFixed(1)}`);
console.log(`contours.trace_ms ${median(() => traceContours(mask), 2, 5).toFixed(1)}`);
console.log(`polygons.export_ms ${median(() => maskToCocoPolygons(mask), 2, 5).toFixed(1)}`);
const exported = maskToCocoPolygons(mask);
console.log(`polygons.count ${exported.polygons.length}`);
console.log(`polygons.vertices ${exported.polygons.reduce((s, p) => s + p.length / 2, 0)}`);
console.log(`polygons.lost_holes ${exported.report.lostHoles}`);
console.log(`polygons.lost_pixels ${exported.report.lostPixels}`);
