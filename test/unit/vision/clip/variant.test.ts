import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkVariant, variantKey } from '../../../../src/main/vision/clip/variant';

test('variant keys are stable and distinguish every option', () => {
  assert.equal(variantKey({ variant: 'clip.text' }), 'clip.text');
  assert.equal(variantKey({ variant: 'clip.image' }), 'clip.image');
  assert.equal(variantKey({ variant: 'clip.image', taps: [8, 10], imageSize: 448 }), 'clip.image.t8-10.448');
  assert.equal(variantKey({ variant: 'clip.image', patchTaps: [8], imageSize: [224, 336] }), 'clip.image.p8.224x336');
  assert.equal(variantKey({ variant: 'clip.image.token-mask', fromBlock: 9 }), 'clip.image.token-mask.b9');
  assert.equal(variantKey({ variant: 'clip.image.hybrid', fromBlock: 9 }), 'clip.image.hybrid.b9');
  assert.equal(variantKey({ variant: 'clip.image.mask-cls' }), 'clip.image.mask-cls.final');
  assert.equal(variantKey({ variant: 'clip.image.mask-cls', layer: 'penultimate' }), 'clip.image.mask-cls.penultimate');
  assert.equal(variantKey({ variant: 'clip.image.gem', gemBlocks: 6, imageSize: 448 }), 'clip.image.gem.g6.448');
});

test('layer numbers outside the tower are refused, naming the option', () => {
  assert.doesNotThrow(() => checkVariant({ variant: 'clip.image', taps: [1, 12], patchTaps: [8] }, 12));
  assert.throws(
    () => checkVariant({ variant: 'clip.image', taps: [0] }, 12),
    /clip\.image: tap 0 is not a layer in 1\.\.12/,
  );
  assert.throws(() => checkVariant({ variant: 'clip.image', patchTaps: [13] }, 12), /patch tap 13 is not a layer/);
  assert.throws(() => checkVariant({ variant: 'clip.image', taps: [2.5] }, 12), /tap 2\.5/);
  assert.throws(
    () => checkVariant({ variant: 'clip.image.token-mask', fromBlock: 12 }, 12),
    /fromBlock 12 is not in 0\.\.11/,
  );
  assert.throws(() => checkVariant({ variant: 'clip.image.hybrid', fromBlock: -1 }, 12), /fromBlock -1/);
  assert.throws(() => checkVariant({ variant: 'clip.image.gem', gemBlocks: 0 }, 12), /gemBlocks 0 is not in 1\.\.12/);
  assert.throws(
    () => checkVariant({ variant: 'clip.image.mask-cls', layer: 'penultimate' }, 1),
    /no penultimate layer/,
  );
});
