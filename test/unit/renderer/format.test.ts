import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatCount, formatDuration, formatRate, percent } from '../../../src/renderer/src/app/format';

describe('format', () => {
  it('groups thousands', () => {
    assert.equal(formatCount(100000), '100,000');
    assert.equal(formatCount(999), '999');
    assert.equal(formatCount(1234567), '1,234,567');
  });
  it('writes durations and rates', () => {
    assert.equal(formatDuration(null), '—');
    assert.equal(formatDuration(44.6), '45 s');
    assert.equal(formatDuration(185), '3 min 05 s');
    assert.equal(formatDuration(7620), '2 h 07 min');
    assert.equal(formatRate(null), '—');
    assert.equal(formatRate(12.49), '12/s');
    assert.equal(formatRate(1.25), '1.3/s');
    assert.equal(formatRate(0.4), '0.40/s');
  });
  it('bounds percentages', () => {
    assert.equal(percent(5, 0), 0);
    assert.equal(percent(1, 4), 25);
    assert.equal(percent(9, 4), 100);
  });
});
