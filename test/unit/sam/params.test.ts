// The presets of METHODS.md §0.2 and parameter checking.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AMG_PRESETS,
  type AmgPresetName,
  REF_DIFF_KEEP_LARGEST,
  amgPreset,
  checkAmgParams,
} from '../../../src/main/vision/sam/amg';

test('presets carry the table of METHODS.md §0.2', () => {
  const row = (name: AmgPresetName) => {
    const p = AMG_PRESETS[name];
    return [p.pointsPerSide, p.predIouThresh, p.stabilityScoreThresh, p.boxNmsThresh, p.minMaskRegionArea];
  };
  assert.deepEqual(row('sam-default'), [32, 0.88, 0.95, 0.7, 0]);
  assert.deepEqual(row('hybridgl-refcoco'), [8, 0.7, 0.7, 0.7, 800]);
  assert.deepEqual(row('hybridgl-phrasecut'), [64, 0.86, 0.92, 0.7, 100]);
  assert.equal(AMG_PRESETS['hybridgl-phrasecut'].cropNLayers, 1);
  assert.equal(AMG_PRESETS['hybridgl-phrasecut'].cropNPointsDownscaleFactor, 2);
  for (const name of Object.keys(AMG_PRESETS) as AmgPresetName[]) {
    const p = AMG_PRESETS[name];
    assert.equal(p.stabilityScoreOffset, 1, name);
    assert.equal(p.cropOverlapRatio, 512 / 1500, name);
    assert.equal(p.wholeImageFallback, true, name);
    checkAmgParams(p);
  }
  assert.deepEqual(REF_DIFF_KEEP_LARGEST, { count: 10, minArea: 10000 });
});

test('overrides and unknown presets', () => {
  const p = amgPreset('hybridgl-refcoco', { keepLargest: REF_DIFF_KEEP_LARGEST, stabilityAt: 'crop' });
  assert.equal(p.pointsPerSide, 8);
  assert.equal(p.stabilityAt, 'crop');
  assert.equal(AMG_PRESETS['hybridgl-refcoco'].stabilityAt, 'low-res', 'the preset itself is untouched');
  assert.throws(() => amgPreset('nope' as AmgPresetName), /unknown AMG preset "nope"; known: sam-default/);
});

test('bad parameters name themselves', () => {
  const base = AMG_PRESETS['sam-default'];
  assert.throws(() => checkAmgParams({ ...base, pointsPerBatch: 2.5 }), /pointsPerBatch must be a positive integer/);
  assert.throws(() => checkAmgParams({ ...base, predIouThresh: -0.1 }), /predIouThresh must be a number in \[0, 1\]/);
  assert.throws(() => checkAmgParams({ ...base, cropNLayers: -1 }), /cropNLayers must be a non-negative integer/);
  assert.throws(() => checkAmgParams({ ...base, nmsBy: 'pixels' as 'box' }), /nmsBy must be 'box' or 'mask'/);
  assert.throws(
    () => checkAmgParams({ ...base, keepLargest: { count: 0, minArea: 5 } }),
    /keepLargest.count must be a positive integer/,
  );
});
