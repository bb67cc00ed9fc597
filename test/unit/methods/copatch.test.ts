import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connectedComponents, maskToRuns } from '../../../src/main/masks';
import {
  COPATCH_PRESETS,
  type CoPatchInput,
  type CoPatchParams,
  coMapAtImage,
  coMapGrid,
  contextTextFeature,
  findClusters,
  rerankScores,
  runCoPatch,
} from '../../../src/main/vision/methods/copatch';
import { rng } from '../../helpers/random';
import { assertClose, maskFromText, unitWithCos } from './helpers';

test('presets carry the paper values per backbone', () => {
  const pick = (p: CoPatchParams): number[] => [p.exitLayer, p.delta, p.alpha];
  assert.deepEqual(pick(COPATCH_PRESETS['ViT-B/32']), [10, 0.5, 0.5]);
  assert.deepEqual(pick(COPATCH_PRESETS['ViT-B/16']), [8, 0.3, 0.7]);
  assert.deepEqual(pick(COPATCH_PRESETS['ViT-H/14']), [22, 0.5, 0.5]);
  for (const p of Object.values(COPATCH_PRESETS)) {
    assert.equal(p.gamma, 0.5);
    assert.equal(p.topK, 5);
    assert.equal(p.clusterKeep, 'all');
    assert.equal(p.scWeight, 0);
  }
});

test('E_CT = norm(γ·norm(E_sen) + (1 − γ)·norm(E_noun))', () => {
  // norm([3, 0]) = [1, 0], norm([0, 2]) = [0, 1]; γ = 0.5 → norm([0.5, 0.5]) = [1/√2, 1/√2].
  assertClose(
    contextTextFeature(Float32Array.of(3, 0), Float32Array.of(0, 2), 0.5),
    [Math.SQRT1_2, Math.SQRT1_2],
    1e-7,
  );
  // γ = 0.75 → [0.75, 0.25] / |·| = [3, 1] / √10.
  assertClose(
    contextTextFeature(Float32Array.of(3, 0), Float32Array.of(0, 2), 0.75),
    [3 / Math.sqrt(10), 1 / Math.sqrt(10)],
    1e-7,
  );
});

// The 4×4 similarity map of the hand example (raw cosines), row-major:
//   0.9 0.8 0.1 0.0
//   0.7 0.1 0.1 0.6
//   0.1 0.1 0.0 0.5
//   0.2 0.1 0.6 0.1
// minmax divides by 0.9 (min 0), so δ = 0.5 activates raw values ≥ 0.45: the cluster A = {(0,0), (1,0), (0,1)}
// (grid indices 0, 1, 4), B = {(3,1), (3,2)} (7, 11) and C = {(2,3)} (14), which touches B only diagonally.
// Sums of normalised values: A = 2.4/0.9 = 2.667, B = 1.1/0.9 = 1.222, C = 0.6/0.9 = 0.667: best is A.
// prettier-ignore
const SIM = [
  0.9, 0.8, 0.1, 0.0,
  0.7, 0.1, 0.1, 0.6,
  0.1, 0.1, 0.0, 0.5,
  0.2, 0.1, 0.6, 0.1,
];

test('CoMap clusters on a 4×4 grid, by hand', () => {
  const all = coMapGrid(SIM, 4, 4, 0.5, 'all');
  assert.deepEqual(
    all.clusters.map((c) => [...c.patches].sort((a, b) => a - b)),
    [[0, 1, 4], [7, 11], [14]],
  );
  assertClose(
    all.clusters.map((c) => c.sum),
    [2.4 / 0.9, 1.1 / 0.9, 0.6 / 0.9],
    1e-7,
  );
  assert.deepEqual(all.kept, [0, 1, 2]);
  // prettier-ignore
  assert.deepEqual(Array.from(all.grid), [
    1, 1, 0, 0,
    1, 0, 0, 1,
    0, 0, 0, 1,
    0, 0, 1, 0,
  ]);
  const best = coMapGrid(SIM, 4, 4, 0.5, 'best');
  assert.deepEqual(best.kept, [0]);
  assert.deepEqual(Array.from(best.grid), [1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  // A constant map normalises to 0 everywhere: nothing is active at δ = 0.5.
  assert.equal(coMapGrid([0.3, 0.3, 0.3, 0.3], 2, 2, 0.5, 'all').clusters.length, 0);
});

test('clusters are the 4-connected components of the active patches (random grids)', () => {
  const rand = rng(17);
  for (let t = 0; t < 40; t++) {
    const w = 1 + Math.floor(rand() * 12);
    const h = 1 + Math.floor(rand() * 12);
    const values = Array.from({ length: w * h }, () => rand());
    const delta = rand();
    const clusters = findClusters(values, w, h, delta);
    const mask = { width: w, height: h, data: Uint8Array.from(values, (v) => (v >= delta ? 1 : 0)) };
    const cc = connectedComponents(mask, 4);
    // Both number components by their first pixel in raster order.
    assert.equal(clusters.length, cc.components.length);
    clusters.forEach((c, k) => {
      assert.equal(c.patches.length, cc.components[k].area);
      for (const p of c.patches) assert.equal(cc.labels[p], k + 1);
    });
  }
});

// The CoMap of cluster A (cluster_keep = best) at 8×8: 4 → 8 bilinear samples source 0.5·d − 0.25, so pixel
// columns 0..7 weigh grid columns (1·c0), (.75 c0 + .25 c1), (.25 c0 + .75 c1), (.75 c1 + .25 c2), …, (1·c3).
// Proposals on the 8×8 image:
//   P0 = the 2×2 top-left pixels: CoMap 1, 1, 1 and, at (1,1), .75·(.75 + .25) + .25·(.75·1 + .25·0) = .9375;
//        overlap = 3.9375 / 4 = .984375.
//   P1 = the 2×2 bottom-right pixels: far from A, overlap 0. With every cluster kept: (7,7) → g(3,3) = 0,
//        (6,7) → .25·g(2,3) = .25, (7,6) → .25·g(3,2) = .25, (6,6) → .25·(.75·g(3,2)) + .75·(.25·g(2,3)) = .375;
//        overlap = .875 / 4 = .21875.
//   P2 = column 0: rows 0..7 read grid column 0 at rows (1·r0), (.75 r0 + .25 r1), (.25 r0 + .75 r1),
//        (.75 r1 + .25 r2), (.25 r1 + .75 r2), … = 1, 1, 1, .75, .25, 0, 0, 0; overlap = 4 / 8 = .5 (either mode).
//   P3 = the bottom-left pixel: CoMap 0.
// Initial scores 100·cos(v, E_CT) = 60, 90, 80, 10. Top-3: P1 (90), P2 (80), P0 (60); minmax over them: 1, 2/3, 0.
// α = 0.7, best: P1 .3·1 + .7·0 = .3; P2 .3·(2/3) + .7·.5 = .55; P0 .3·0 + .7·.984375 = .6890625 → P0, P2, P1.
// With every cluster: P1 .3 + .7·.21875 = .453125, the order stays P0, P2, P1.
function handInput(): CoPatchInput {
  const P0 = maskFromText(['##......', '##......', ...Array(6).fill('........')]);
  const P1 = maskFromText([...Array(6).fill('........'), '......##', '......##']);
  const P2 = maskFromText(Array(8).fill('#.......'));
  const P3 = maskFromText([...Array(7).fill('........'), '#.......']);
  const visual = [0.6, 0.9, 0.8, 0.1].flatMap(unitWithCos);
  return {
    imageWidth: 8,
    imageHeight: 8,
    proposals: [P0, maskToRuns(P1), P2, maskToRuns(P3)],
    globalFeatures: { rows: 4, dim: 2, data: Float32Array.from(visual) },
    localFeatures: { rows: 4, dim: 2, data: Float32Array.from(visual) },
    patchFeatures: { rows: 16, dim: 2, data: Float32Array.from(SIM.flatMap(unitWithCos)) },
    gridWidth: 4,
    gridHeight: 4,
    // E_CT = [1, 0].
    sentenceFeature: Float32Array.of(2, 0),
    nounContextFeature: Float32Array.of(5, 0),
  };
}

const B16: CoPatchParams = { ...COPATCH_PRESETS['ViT-B/16'], topK: 3 };

test('CoPatch rerank on the hand example, best cluster only', () => {
  const r = runCoPatch(handInput(), { ...B16, clusterKeep: 'best' });
  assert.equal(r.method, 'copatch');
  assertClose(r.debug.initialScores, [60, 90, 80, 10], 1e-4);
  assert.deepEqual(r.debug.topK, [1, 2, 0]);
  assertClose(r.debug.normalizedInitial, [1, 2 / 3, 0], 1e-6);
  assertClose(r.debug.overlaps, [0, 0.5, 0.984375], 1e-6);
  assert.deepEqual(
    r.candidates.map((c) => c.proposalIndex),
    [0, 2, 1],
  );
  assertClose(
    r.candidates.map((c) => c.score),
    [0.6890625, 0.55, 0.3],
    1e-6,
  );
  assert.deepEqual(r.debug.kept, [0]);
  assert.equal(r.heatMap!.width, 8);
  assertClose([r.heatMap!.data[9]], [0.9375], 1e-7);
});

test('CoPatch rerank on the hand example, every cluster', () => {
  const r = runCoPatch(handInput(), B16);
  assertClose(r.debug.overlaps, [0.21875, 0.5, 0.984375], 1e-6);
  assertClose(
    r.candidates.map((c) => c.score),
    [0.6890625, 0.55, 0.453125],
    1e-6,
  );
  // The CoMap is the bilinear upsampling of the rasterised clusters.
  assert.deepEqual(r.heatMap!.data, coMapAtImage(coMapGrid(SIM, 4, 4, 0.5, 'all').grid, 4, 4, 8, 8));
});

test('the optional spatial coherence term adds sc_weight·C_k', () => {
  // C = [0, 0.5, 0, 0] with sc_weight 0.5 lifts P1 to .453125 + .25 = .703125, above P0's .6890625.
  const r = runCoPatch({ ...handInput(), coherence: [0, 0.5, 0, 0] }, { ...B16, scWeight: 0.5 });
  assert.deepEqual(
    r.candidates.map((c) => c.proposalIndex),
    [1, 0, 2],
  );
  assertClose([r.candidates[0].score], [0.703125], 1e-6);
  assert.throws(() => runCoPatch(handInput(), { ...B16, scWeight: 0.5 }), /sc_weight is 0.5 but no coherence/);
});

test('rerank formula directly: one proposal, equal scores, α = 0 and 1', () => {
  // A single score minmaxes to 0: the overlap alone decides.
  assertClose(rerankScores([42], [0.25], null, 0.7, 0), [0.7 * 0.25], 1e-12);
  // α = 0 is minmax of the initial scores, (s − 1) / (2 + 1e-8); α = 1 the overlap alone.
  assertClose(rerankScores([1, 3, 2], [0.9, 0, 0.5], null, 0, 0), [0, 2 / (2 + 1e-8), 1 / (2 + 1e-8)], 1e-15);
  assert.deepEqual(rerankScores([1, 3, 2], [0.9, 0, 0.5], null, 1, 0), [0.9, 0, 0.5]);
});

test('ties keep the initial order; no active patch leaves the initial ranking', () => {
  const input = handInput();
  // A constant similarity map: no cluster, CoMap 0, so the rerank is (1 − α)·minmax(s_init).
  input.patchFeatures = { rows: 16, dim: 2, data: Float32Array.from(Array(16).fill([1, 0]).flat()) };
  const r = runCoPatch(input, B16);
  assert.equal(r.debug.clusters.length, 0);
  assert.deepEqual(
    r.candidates.map((c) => c.proposalIndex),
    [1, 2, 0],
  );
  // Identical proposals features: every initial score equal, top-k by index, order kept.
  const same = handInput();
  same.localFeatures = same.globalFeatures = { rows: 4, dim: 2, data: Float32Array.from([1, 0, 1, 0, 1, 0, 1, 0]) };
  same.patchFeatures = input.patchFeatures;
  assert.deepEqual(
    runCoPatch(same, B16).candidates.map((c) => c.proposalIndex),
    [0, 1, 2],
  );
});

test('bad inputs name what is wrong', () => {
  const input = handInput();
  assert.throws(() => runCoPatch({ ...input, gridWidth: 5 }, B16), /patch features: has 16 rows, expected 20/);
  assert.throws(() => runCoPatch({ ...input, imageWidth: 9 }, B16), /proposal 0 is 8x8, the image is 9x8/);
  assert.throws(() => runCoPatch(input, { ...B16, delta: 1.5 }), /parameter delta is out of range/);
});
