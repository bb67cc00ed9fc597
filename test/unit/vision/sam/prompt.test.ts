import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodePrompt, wantsMultimask } from '../../../../src/main/vision/sam/predictor/prompt';

// A 2000×1000 image is resized to 1024×512: both axes scale by 0.512.
const IMAGE = { width: 2000, height: 1000 };

test('points alone get the not-a-point pad; coordinates move to the frame', () => {
  const p = encodePrompt(
    {
      points: [
        { x: 1000, y: 500, label: 1 },
        { x: 10, y: 20, label: 0 },
      ],
    },
    IMAGE,
  );
  assert.deepEqual([...p.labels], [1, 0, -1]);
  assert.deepEqual([...p.coords], [512, 256, 5.12, 10.24, 0, 0].map(Math.fround));
});

test('a box becomes two corners labelled 2 and 3 after the points, with no pad', () => {
  const p = encodePrompt({ points: [{ x: 0, y: 0, label: 1 }], box: [100, 200, 1100, 900] }, IMAGE);
  assert.deepEqual([...p.labels], [1, 2, 3]);
  assert.deepEqual([...p.coords], [0, 0, 51.2, 102.4, 563.2, 460.8].map(Math.fround));
  assert.deepEqual([...encodePrompt({ box: [0, 0, 10, 10] }, IMAGE).labels], [2, 3]);
});

test('a lone click is ambiguous (multimask); more prompts or a previous mask are not', () => {
  const click = { points: [{ x: 1, y: 1, label: 1 as const }] };
  assert.equal(wantsMultimask(click), true);
  assert.equal(wantsMultimask({ ...click, box: [0, 0, 5, 5] }), false);
  assert.equal(wantsMultimask({ ...click, maskInput: new Float32Array(65536) }), false);
  assert.equal(wantsMultimask({ ...click, multimask: false }), false);
});

test('bad prompts are refused with the reason', () => {
  assert.throws(() => encodePrompt({}, IMAGE), /at least one point or a box/);
  assert.throws(() => encodePrompt({ box: [10, 0, 5, 5] }, IMAGE), /x0 ≤ x1/);
  assert.throws(() => encodePrompt({ points: [{ x: NaN, y: 0, label: 1 }] }, IMAGE), /point 0/);
});
