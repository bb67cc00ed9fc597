import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodeRle, createMask } from '../../../src/main/masks';
import {
  hslToRgb,
  pickProposalSet,
  proposalColor,
  proposalLayers,
} from '../../../src/renderer/src/workspace/proposal-layers';

function square(side: number) {
  const mask = createMask(8, 8);
  for (let y = 0; y < side; y++) for (let x = 0; x < side; x++) mask.data[y * 8 + x] = 1;
  return encodeRle(mask);
}

const set = (proposalSetId: number, preset: string) => ({ proposalSetId, preset, createdAt: '', proposals: [] });

describe('proposals overlay', () => {
  it('picks the newest set of the chosen preset, else the newest set', () => {
    const sets = [set(1, 'sam-default'), set(4, 'hybridgl-refcoco'), set(2, 'hybridgl-refcoco')];
    assert.equal(pickProposalSet(sets, 'hybridgl-refcoco')?.proposalSetId, 4);
    assert.equal(pickProposalSet(sets, 'sam-default')?.proposalSetId, 1);
    assert.equal(pickProposalSet(sets, 'hybridgl-phrasecut')?.proposalSetId, 4);
    assert.equal(pickProposalSet([], 'sam-default'), null);
  });

  it('gives neighbouring proposals clearly different colours', () => {
    for (let i = 0; i < 50; i++) {
      const [r1, g1, b1] = proposalColor(i);
      const [r2, g2, b2] = proposalColor(i + 1);
      assert.ok(Math.abs(r1 - r2) + Math.abs(g1 - g2) + Math.abs(b1 - b2) > 60, `colours ${i} and ${i + 1}`);
    }
    assert.deepEqual(hslToRgb(0, 1, 0.5), [255, 0, 0]);
    assert.deepEqual(hslToRgb(120, 1, 0.5), [0, 255, 0]);
    assert.deepEqual(hslToRgb(240, 1, 0.5), [0, 0, 255]);
  });

  it('paints larger proposals first and colours each by its index', () => {
    const layers = proposalLayers([
      { idx: 0, mask: square(2), score: 0.9 },
      { idx: 1, mask: square(6), score: 0.5 },
      { idx: 2, mask: square(4), score: 0.7 },
    ]);
    assert.deepEqual(
      layers.map((l) => l.style.color),
      [proposalColor(1), proposalColor(2), proposalColor(0)],
    );
    assert.equal(layers[0].style.edgeAlpha, 255);
  });
});
