// The per-backbone presets a prediction runs with: the CLIP tower named as the papers name it, and CoPatch's
// paper preset for it (METHODS.md §1), B/16's for a backbone the paper has none for.
import assert from 'node:assert/strict';
import test from 'node:test';
import { activePresets } from '../../../src/main/services/predict';
import { clipBackboneName } from '../../../src/main/vision/clip/backbone';

test('CLIP towers are named by width and patch size', () => {
  assert.equal(clipBackboneName({ hiddenSize: 768, patchSize: 16 }), 'ViT-B/16');
  assert.equal(clipBackboneName({ hiddenSize: 768, patchSize: 32 }), 'ViT-B/32');
  assert.equal(clipBackboneName({ hiddenSize: 1024, patchSize: 14 }), 'ViT-L/14');
  assert.equal(clipBackboneName({ hiddenSize: 1280, patchSize: 14 }), 'ViT-H/14');
  assert.equal(clipBackboneName({ hiddenSize: 32, patchSize: 8 }), 'ViT-32d/8');
});

test("CoPatch runs its backbone's paper preset; the others their paper defaults", () => {
  assert.equal(activePresets('ViT-B/32').copatch, 'ViT-B/32');
  assert.equal(activePresets('ViT-H/14').copatch, 'ViT-H/14');
  assert.equal(activePresets('ViT-L/14').copatch, 'ViT-B/16');
  assert.deepEqual(activePresets('ViT-B/16'), {
    glclip: 'refcoco',
    samclip: 'default',
    copatch: 'ViT-B/16',
    hybridgl: 'default',
  });
});
