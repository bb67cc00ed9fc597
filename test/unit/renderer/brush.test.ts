import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMask, type Mask } from '../../../src/main/masks';
import { combineInto, paintSegment } from '../../../src/renderer/src/correct/brush';

function rows(mask: Mask): string[] {
  const out: string[] = [];
  for (let y = 0; y < mask.height; y++) {
    out.push(Array.from(mask.data.subarray(y * mask.width, (y + 1) * mask.width), (v) => (v ? '#' : '.')).join(''));
  }
  return out;
}

describe('brush', () => {
  it('paints a disc: radius 1 at a pixel centre covers the pixel and its 4 neighbours', () => {
    const mask = createMask(5, 5);
    const rect = paintSegment(mask, 2.5, 2.5, 2.5, 2.5, 1, 1);
    assert.deepEqual(rows(mask), ['.....', '..#..', '.###.', '..#..', '.....']);
    assert.deepEqual(rect, { x0: 1, y0: 1, x1: 5, y1: 5 });
  });

  it('fills the whole capsule of a fast stroke, without gaps', () => {
    const mask = createMask(9, 3);
    paintSegment(mask, 0.5, 1.5, 8.5, 1.5, 0.5, 1);
    assert.deepEqual(rows(mask), ['.........', '#########', '.........']);
  });

  it('erases with value 0 and clips at the border', () => {
    const mask = createMask(4, 4);
    mask.data.fill(1);
    const rect = paintSegment(mask, 0, 0, 0, 0, 1.2, 0);
    // Only pixel (0, 0) has its centre within 1.2 of the corner: (1.5, 0.5) and (0.5, 1.5) are 1.58 away.
    assert.deepEqual(rows(mask), ['.###', '####', '####', '####']);
    assert.deepEqual(rect, { x0: 0, y0: 0, x1: 3, y1: 3 });
  });

  it('returns null when the stroke misses the image', () => {
    assert.equal(paintSegment(createMask(4, 4), -10, -10, -8, -9, 1, 1), null);
  });

  it('adds and subtracts shapes', () => {
    const a = createMask(3, 1);
    a.data.set([1, 1, 0]);
    const b = createMask(3, 1);
    b.data.set([0, 1, 1]);
    const sum = createMask(3, 1);
    sum.data.set(a.data);
    combineInto(sum, b, 'add');
    assert.deepEqual([...sum.data], [1, 1, 1]);
    combineInto(a, b, 'subtract');
    assert.deepEqual([...a.data], [1, 0, 0]);
    assert.throws(() => combineInto(a, createMask(2, 1), 'add'), /different sizes: 3x1 and 2x1/);
  });
});
