import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PREDICTION_METHODS } from '../../../src/shared/api';
import {
  DEFAULT_PRESET,
  parseMethods,
  parsePreset,
  toggleMethod,
} from '../../../src/renderer/src/workspace/predict-prefs';

describe('prediction preferences', () => {
  it('defaults to every method when nothing valid is stored', () => {
    assert.deepEqual(parseMethods(null), [...PREDICTION_METHODS]);
    assert.deepEqual(parseMethods('not json'), [...PREDICTION_METHODS]);
    assert.deepEqual(parseMethods('{"glclip":true}'), [...PREDICTION_METHODS]);
  });

  it('keeps known methods in the canonical order and drops the rest', () => {
    assert.deepEqual(parseMethods('["samclip","bogus","copatch","copatch"]'), ['copatch', 'samclip']);
    assert.deepEqual(parseMethods('[]'), []);
  });

  it('toggles one method', () => {
    assert.deepEqual(toggleMethod(['copatch', 'samclip'], 'glclip', true), ['copatch', 'glclip', 'samclip']);
    assert.deepEqual(toggleMethod(['copatch', 'samclip'], 'copatch', false), ['samclip']);
  });

  it('falls back to the default preset', () => {
    assert.equal(parsePreset('sam-default'), 'sam-default');
    assert.equal(parsePreset('dense'), DEFAULT_PRESET);
    assert.equal(parsePreset(null), DEFAULT_PRESET);
  });
});
