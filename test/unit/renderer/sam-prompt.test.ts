import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  addGesture,
  EMPTY_PROMPT,
  gestureOf,
  isEmptyPrompt,
  MAX_POINTS,
  refineInput,
  type PointerGesture,
} from '../../../src/renderer/src/workspace/sam-prompt';

const size = { width: 100, height: 80 };

function press(fields: Partial<PointerGesture>): PointerGesture {
  return {
    screenFrom: { x: 10, y: 10 },
    screenTo: { x: 10, y: 10 },
    from: { x: 20, y: 30 },
    to: { x: 20, y: 30 },
    button: 0,
    altKey: false,
    shiftKey: false,
    ...fields,
  };
}

describe('SAM prompt gestures', () => {
  it('a click is a positive point, with Alt, Shift or the right button a negative one', () => {
    assert.deepEqual(gestureOf(press({}), size), { kind: 'point', point: { x: 20, y: 30, positive: true } });
    for (const modifier of [{ altKey: true }, { shiftKey: true }, { button: 2 }]) {
      const g = gestureOf(press(modifier), size);
      assert.equal(g?.kind === 'point' && g.point.positive, false, JSON.stringify(modifier));
    }
  });

  it('a small jitter is still a click', () => {
    const g = gestureOf(press({ screenTo: { x: 12, y: 11 }, to: { x: 21, y: 31 } }), size);
    assert.equal(g?.kind, 'point');
  });

  it('a drag is a box, normalised and clamped to the image', () => {
    const g = gestureOf(press({ screenTo: { x: 60, y: 50 }, from: { x: 90, y: 70 }, to: { x: -5, y: 10 } }), size);
    assert.deepEqual(g, { kind: 'box', box: { x0: 0, y0: 10, x1: 90, y1: 70 } });
  });

  it('ignores clicks outside the image and boxes with no area in it', () => {
    assert.equal(gestureOf(press({ from: { x: 120, y: 5 } }), size), null);
    assert.equal(
      gestureOf(press({ screenTo: { x: 60, y: 60 }, from: { x: 110, y: 10 }, to: { x: 150, y: 40 } }), size),
      null,
    );
  });

  it('builds the prompt and the refine input', () => {
    let prompt = EMPTY_PROMPT;
    assert.equal(isEmptyPrompt(prompt), true);
    prompt = addGesture(prompt, { kind: 'point', point: { x: 1, y: 2, positive: true } });
    prompt = addGesture(prompt, { kind: 'box', box: { x0: 0, y0: 0, x1: 5, y1: 5 } });
    prompt = addGesture(prompt, { kind: 'box', box: { x0: 1, y0: 1, x1: 6, y1: 6 } });
    assert.equal(prompt.points.length, 1);
    assert.deepEqual(prompt.box, { x0: 1, y0: 1, x1: 6, y1: 6 });
    assert.deepEqual(refineInput(3, prompt, null), {
      imageId: 3,
      points: [{ x: 1, y: 2, positive: true }],
      box: { x0: 1, y0: 1, x1: 6, y1: 6 },
    });
    assert.equal(refineInput(3, { points: [], box: prompt.box }, 'r-9').previous, 'r-9');
  });

  it('keeps the newest points when there are too many', () => {
    let prompt = EMPTY_PROMPT;
    for (let i = 0; i < MAX_POINTS + 3; i++)
      prompt = addGesture(prompt, { kind: 'point', point: { x: i, y: 0, positive: true } });
    assert.equal(prompt.points.length, MAX_POINTS);
    assert.equal(prompt.points[0].x, 3);
  });
});
