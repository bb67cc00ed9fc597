import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  GLCLIP_PRESETS,
  SAMCLIP_PRESET,
  fuseGlobalLocal,
  runGlClip,
  runSamClip,
  textEnsemble,
} from '../../../src/main/vision/methods/glclip';
import { assertClose } from './helpers';

// Two proposals, D = 2: global features [1, 0] and [0, 1], local features swapped ([0, 1] and [1, 0]).
// Text: CLIP(T) = [0, 4], CLIP(root) = [2, 0]; mixed raw, t = 0.5·[0, 4] + 0.5·[2, 0] = [1, 2], |t| = √5.
// (Normalising before mixing would give [1, 1] instead; the authors' code mixes raw features.)
// α = 0.95: v_0 = [.95, .05], v_1 = [.05, .95], |v| = √.905.
//   cos_0 = (.95 + .10) / (√.905·√5) = 1.05 / 2.127205 = .493606
//   cos_1 = (.05 + 1.90) / 2.127205 = .916695
// SAM-CLIP (local only): cos_0 = 2/√5 = .894427, cos_1 = 1/√5 = .447214, so the ranking flips.
const input = {
  globalFeatures: { rows: 2, dim: 2, data: Float32Array.of(1, 0, 0, 1) },
  localFeatures: { rows: 2, dim: 2, data: Float32Array.of(0, 1, 1, 0) },
  sentenceFeature: Float32Array.of(0, 4),
  rootPhraseFeature: Float32Array.of(2, 0),
};

test('fusion and text ensemble by hand', () => {
  const v = fuseGlobalLocal(input.globalFeatures, input.localFeatures, 0.95);
  assertClose(v.data, [0.95, 0.05, 0.05, 0.95], 1e-7);
  assert.deepEqual(Array.from(textEnsemble(input.sentenceFeature, input.rootPhraseFeature, 0.5)), [1, 2]);
});

test('GL-CLIP scores 100·cos(α·global + (1 − α)·local, t)', () => {
  const r = runGlClip(input, GLCLIP_PRESETS.refcoco);
  const norm = Math.sqrt(0.905) * Math.sqrt(5);
  assert.equal(r.method, 'glclip');
  assert.equal(r.heatMap, null);
  assert.deepEqual(
    r.candidates.map((c) => c.proposalIndex),
    [1, 0],
  );
  assertClose(r.debug.scores, [(100 * 1.05) / norm, (100 * 1.95) / norm], 1e-4);
  // RefCOCOg: α = .85, v_0 = [.85, .15]: cos = (.85 + .30) / (√.745·√5) = .595847.
  const g = runGlClip(input, GLCLIP_PRESETS.refcocog);
  assertClose([g.debug.scores[0]], [(100 * 1.15) / (Math.sqrt(0.745) * Math.sqrt(5))], 1e-4);
});

test('SAM-CLIP uses the local feature only', () => {
  const { globalFeatures: _unused, ...local } = input;
  const r = runSamClip(local);
  assert.equal(r.method, 'samclip');
  assert.equal(SAMCLIP_PRESET.alpha, 0);
  assert.deepEqual(
    r.candidates.map((c) => c.proposalIndex),
    [0, 1],
  );
  assertClose(r.debug.scores, [200 / Math.sqrt(5), 100 / Math.sqrt(5)], 1e-4);
});

test('presets and input checks', () => {
  assert.equal(GLCLIP_PRESETS.refcoco.alpha, 0.95);
  assert.equal(GLCLIP_PRESETS['refcoco+'].alpha, 0.95);
  assert.equal(GLCLIP_PRESETS.refcocog.alpha, 0.85);
  assert.equal(GLCLIP_PRESETS.refcoco.maskingBlock, 9);
  assert.throws(
    () => runGlClip({ ...input, globalFeatures: undefined }, GLCLIP_PRESETS.refcoco),
    /global features are required when alpha is 0.95/,
  );
  assert.throws(
    () => runGlClip({ ...input, sentenceFeature: Float32Array.of(1, 2, 3) }, GLCLIP_PRESETS.refcoco),
    /mix: vector 1 has 2 values, vector 0 has 3/,
  );
  assert.throws(() => runGlClip(input, { ...GLCLIP_PRESETS.refcoco, alpha: 2 }), /parameter alpha is out of range/);
});
