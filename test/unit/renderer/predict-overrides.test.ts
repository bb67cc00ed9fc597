import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  overrideCount,
  paramRows,
  parseOverride,
  setOverride,
  valueText,
} from '../../../src/renderer/src/workspace/predict-overrides';

describe('parameter overrides', () => {
  it('reads text as the preset value’s type', () => {
    assert.deepEqual(parseOverride(9, ' 8 '), { ok: true, value: 8 });
    assert.deepEqual(parseOverride(0.5, '0.25'), { ok: true, value: 0.25 });
    assert.equal(parseOverride(9, 'eight').ok, false);
    assert.equal(parseOverride(9, '').ok, false);
    assert.deepEqual(parseOverride(true, 'false'), { ok: true, value: false });
    assert.equal(parseOverride(true, 'yes').ok, false);
    assert.deepEqual(parseOverride('box', 'mask'), { ok: true, value: 'mask' });
    assert.deepEqual(parseOverride(null, 'null'), { ok: true, value: null });
  });

  it('sets and removes overrides, dropping empty groups', () => {
    let o = setOverride({}, 'glclip', 'maskingBlock', 8);
    o = setOverride(o, 'amg', 'pointsPerSide', 16);
    assert.deepEqual(o, { glclip: { maskingBlock: 8 }, amg: { pointsPerSide: 16 } });
    assert.equal(overrideCount(o), 2);
    o = setOverride(o, 'glclip', 'maskingBlock', undefined);
    assert.deepEqual(o, { amg: { pointsPerSide: 16 } });
  });

  it('lines presets up parameter by parameter', () => {
    const rows = paramRows({ a: { x: 1, y: 2 }, b: { y: 3, z: 4 } });
    assert.deepEqual(rows, [
      { name: 'x', values: { a: 1 } },
      { name: 'y', values: { a: 2, b: 3 } },
      { name: 'z', values: { b: 4 } },
    ]);
  });

  it('prints values compactly', () => {
    assert.equal(valueText(0.1 + 0.2), '0.3');
    assert.equal(valueText(100), '100');
    assert.equal(valueText(true), 'true');
    assert.equal(valueText(undefined), '—');
    assert.equal(valueText('box'), 'box');
  });
});
