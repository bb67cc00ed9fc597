// The pure pieces that feed HybridGL in the prediction pipeline: what it reads from the parse, the GEM map from
// patch and text features, ImageNet normalisation of the global image, and the G2L graph's fusion weight in its key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseExpression } from '../../../src/main/nlp';
import { variantKey } from '../../../src/main/vision/clip/variant';
import { normalisePlanar, IMAGENET_MEAN, IMAGENET_STD } from '../../../src/main/vision/pipeline/clip-pixels';
import { gemMap } from '../../../src/main/vision/pipeline/gem-map';
import { hybridGLText } from '../../../src/main/vision/pipeline/hybridgl-text';
import { assertClose } from './helpers';

const text = (expression: string) => hybridGLText(parseExpression(expression));

test('HybridGL text: sentence, root phrase, GEM prompt and the other noun phrases with "a photo of"', () => {
  assert.deepEqual(text('the red ball left of the green wall'), {
    sentence: 'the red ball left of the green wall',
    rootPhrase: 'the red ball',
    gemPrompt: 'a photo of a the red ball.',
    otherPhrases: ['a photo of the green wall'],
    language: { relation: 'left', position: 'left' },
  });
  assert.deepEqual(text('man in red shirt behind the woman').otherPhrases, [
    'a photo of red shirt',
    'a photo of the woman',
  ]);
});

test('HybridGL text: places and relation-word heads are no other noun phrase', () => {
  assert.deepEqual(text('guy on left').otherPhrases, []);
  assert.deepEqual(text('plate under the pizza in the middle').otherPhrases, ['a photo of the pizza']);
  assert.deepEqual(text('person who is standing').otherPhrases, []);
});

test("HybridGL text: relations from the authors' word lists, not the parser's", () => {
  const relation = (e: string) => text(e).language.relation;
  assert.equal(relation('man in red shirt behind the woman'), 'up', '"behind" is up; "in" is no containment');
  assert.equal(relation('the car in front of the bus'), 'down', '"front" is down');
  assert.equal(relation('the bigger dog'), 'big');
  assert.equal(relation('the big dog'), 'none', 'only the comparative counts');
  assert.equal(relation('cat inside the box'), 'within');
  assert.equal(relation('second banana from right'), 'right');
  assert.equal(relation('the red ball'), 'none');
  assert.equal(relation('left side of the picture'), 'none', 'another phrase headed by a frame word');
});

test('HybridGL text: the positional cue, first word in the text winning', () => {
  const position = (e: string) => text(e).language.position;
  assert.equal(position('left side of the picture'), 'left');
  assert.equal(position('man between the two women'), 'middle');
  assert.equal(position('plate under the pizza in the middle'), 'down', '"under" comes before "middle"');
  assert.equal(position('the top shelf'), 'up');
  assert.equal(position('man behind the woman'), 'none', '"behind" is a relation, not a position');
});

test('GEM map: cosine of each patch feature with the text feature, row-major', () => {
  const patches = { rows: 4, dim: 2, data: Float32Array.from([1, 0, 0, 3, 2, 2, -5, 0]) };
  const map = gemMap(patches, 2, Float32Array.from([4, 0]));
  assert.equal(map.width, 2);
  assert.equal(map.height, 2);
  assertClose(map.data, [1, 0, Math.SQRT1_2, -1], 1e-6, 'map');
  assert.throws(() => gemMap(patches, 3, Float32Array.from([1, 0])), /4 patch features for a 3² grid/);
});

test('ImageNet normalisation: planar (x / 255 − mean) / std per channel', () => {
  const out = normalisePlanar(Uint8Array.from([255, 0, 51, 0, 255, 102]), IMAGENET_MEAN, IMAGENET_STD);
  assertClose(
    out,
    [
      (1 - 0.485) / 0.229,
      (0 - 0.485) / 0.229,
      (0 - 0.456) / 0.224,
      (1 - 0.456) / 0.224,
      (0.2 - 0.406) / 0.225,
      (0.4 - 0.406) / 0.225,
    ],
    1e-6,
    'pixels',
  );
});

test('the G2L graph key names a fusion weight other than the default 2', () => {
  assert.equal(variantKey({ variant: 'clip.image.hybrid', fromBlock: 9 }), 'clip.image.hybrid.b9');
  assert.equal(variantKey({ variant: 'clip.image.hybrid', fromBlock: 9, globalWeight: 2 }), 'clip.image.hybrid.b9');
  assert.equal(
    variantKey({ variant: 'clip.image.hybrid', fromBlock: 1, globalWeight: 0.5, imageSize: 64 }),
    'clip.image.hybrid.b1.w0.5.64',
  );
});
