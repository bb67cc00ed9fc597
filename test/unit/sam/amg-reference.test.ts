// The whole generator against an independent Python transcription of segment-anything's generator
// (test/tools/make_amg_fixtures.py), on a closed-form decoder both sides evaluate identically: two crop layers,
// IoU, stability and crop-edge filters, NMS inside and across crops, and small-region clean-up.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { decompressRle } from '../../../src/main/masks';
import { type AmgCounts, type AmgParams, generateMasks } from '../../../src/main/vision/sam/amg';
import { type SceneObject, sceneDecoder } from './scene-decoder';

interface ReferenceRecord {
  counts: number[];
  area: number;
  bbox: number[];
  predictedIou: number;
  stabilityScore: number;
  pointCoords: number[][];
  cropBox: number[];
}

interface Reference {
  image: { width: number; height: number };
  objects: SceneObject[];
  backgroundIou: number[];
  scenarios: { name: string; params: AmgParams; records: ReferenceRecord[]; counts: AmgCounts }[];
}

const reference = JSON.parse(
  readFileSync(new URL('../../fixtures/sam/amg_reference.json', import.meta.url), 'utf8'),
) as Reference;

for (const scenario of reference.scenarios) {
  test(`matches the Python reference: ${scenario.name}`, async () => {
    const decoder = sceneDecoder(reference.objects, reference.backgroundIou);
    const result = await generateMasks(reference.image, decoder, scenario.params);
    assert.equal(result.wholeImage, false);
    assert.deepEqual(result.counts, scenario.counts);
    assert.equal(result.masks.length, scenario.records.length);
    result.masks.forEach((m, i) => {
      const want = scenario.records[i];
      assert.deepEqual(decompressRle(m.segmentation).counts, want.counts, `mask ${i} pixels`);
      assert.equal(m.area, want.area, `mask ${i} area`);
      assert.deepEqual(m.bbox, want.bbox, `mask ${i} bbox`);
      assert.equal(m.predictedIou, want.predictedIou, `mask ${i} predicted IoU`);
      assert.equal(m.stabilityScore, want.stabilityScore, `mask ${i} stability`);
      assert.deepEqual(m.pointCoords, want.pointCoords, `mask ${i} point`);
      assert.deepEqual(m.cropBox, want.cropBox, `mask ${i} crop box`);
    });
  });
}
