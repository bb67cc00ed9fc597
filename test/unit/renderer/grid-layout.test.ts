import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  gridMetrics,
  moveFocus,
  pagesCovering,
  scrollToShow,
  visibleRange,
} from '../../../src/renderer/src/browser/grid-layout';

const options = { minTileWidth: 200, rowHeightFor: (w: number) => w * 0.75 + 40 };

describe('grid layout', () => {
  it('fits whole columns and counts rows for 100,000 images', () => {
    const m = gridMetrics(1000, 100_000, options);
    assert.equal(m.columns, 5);
    assert.equal(m.columnWidth, 200);
    assert.equal(m.rowHeight, 190);
    assert.equal(m.rows, 20_000);
  });

  it('renders only the rows on screen plus the overscan', () => {
    const m = gridMetrics(1000, 100_000, options);
    // scrollTop 1,900,000 is row 10,000 exactly; a 570 px view shows rows 10,000–10,002; overscan 2 either side.
    assert.deepEqual(visibleRange(m, 1_900_000, 570, 2), { first: 9_998 * 5, end: 10_005 * 5 });
    assert.deepEqual(visibleRange(m, 0, 570, 0), { first: 0, end: 15 });
    // The last row is partial.
    const small = gridMetrics(1000, 12, options);
    assert.deepEqual(visibleRange(small, 0, 5000), { first: 0, end: 12 });
  });

  it('lists the pages that hold a range', () => {
    assert.deepEqual(pagesCovering(195, 405, 200), [0, 1, 2]);
    assert.deepEqual(pagesCovering(200, 400, 200), [1]);
    assert.deepEqual(pagesCovering(5, 5, 200), []);
  });

  it('scrolls just enough to show a focused tile', () => {
    const m = gridMetrics(1000, 100, options);
    assert.equal(scrollToShow(m, 12, 0, 400), 170); // row 2 spans 380–570: scroll so its bottom is at 400
    assert.equal(scrollToShow(m, 0, 300, 400), 0);
    assert.equal(scrollToShow(m, 7, 100, 400), 100); // row 1 spans 190–380: already in view
  });

  it('moves focus by tile, row, page and to the ends, stopping at the edges', () => {
    const m = gridMetrics(1000, 23, options); // 5 columns, 5 rows, the last with 3 tiles
    assert.equal(moveFocus(0, 'ArrowLeft', m, 3), 0);
    assert.equal(moveFocus(4, 'ArrowRight', m, 3), 5);
    assert.equal(moveFocus(7, 'ArrowDown', m, 3), 12);
    assert.equal(moveFocus(19, 'ArrowDown', m, 3), 22);
    assert.equal(moveFocus(2, 'ArrowUp', m, 3), 0);
    assert.equal(moveFocus(1, 'PageDown', m, 3), 16);
    assert.equal(moveFocus(9, 'Home', m, 3), 0);
    assert.equal(moveFocus(9, 'End', m, 3), 22);
  });
});
