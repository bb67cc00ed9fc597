import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maskToRuns } from '../../../src/main/masks';
import {
  HYBRIDGL_PRESETS,
  type HybridGLInput,
  type SpatialRelation,
  coherenceBias,
  coherenceMap,
  effectiveCue,
  pairScore,
  proposalGeometry,
  relationGuidance,
  runHybridGL,
  spatialCoherence,
} from '../../../src/main/vision/methods/hybridgl';
import type { PositionalCue } from '../../../src/main/vision/methods/shared';
import { assertClose, loadFixture, maskFromText, unitWithCos } from './helpers';

// Three proposals on a 6×4 image (boxes are pixel extents [x, y, w, h]):
//   P0 = x 0..1, y 0..1: box [0, 0, 2, 2], centre (1, 1), area 4
//   P1 = x 4..5, y 0..3: box [4, 0, 2, 4], centre (5, 2), area 8
//   P2 = x 2..3, y 2..3: box [2, 2, 2, 2], centre (3, 3), area 4
const P0 = maskFromText(['##....', '##....', '......', '......']);
const P1 = maskFromText(['....##', '....##', '....##', '....##']);
const P2 = maskFromText(['......', '......', '..##..', '..##..']);
const PROPOSALS = [P0, maskToRuns(P1), P2];
const P = [0.5, 0.25, 0.25];
const D = HYBRIDGL_PRESETS.default;

test('proposal geometry: box centres and areas', () => {
  assert.deepEqual(proposalGeometry(P1), { box: [4, 0, 2, 4], cx: 5, cy: 2, pixelArea: 8 });
});

// Without other noun phrases the partners are the candidates themselves (top-3 by p: 0, 1, 2) with q = p.
// R(i, j) = p_i·p_j·[condition]; a proposal is its own partner, which only "within" and "none" count.
//   left  (cx 1 < 5, 1 < 3, 3 < 5): Σ = [.5·.25 + .5·.25, 0, .25·.25] = [.25, 0, .0625]
//   right (5 > 1, 5 > 3, 3 > 1):    [0, .25·.5 + .25·.25, .25·.5]    = [0, .1875, .125]
//   up    (cy 1 < 2, 1 < 3, 2 < 3): [.125 + .125, .0625, 0]          = [.25, .0625, 0]
//   down:                           [0, .125, .125 + .0625]          = [0, .125, .1875]
//   big   (box areas 4, 8, 4):      [0, .125 + .0625, 0]             = [0, .1875, 0]
//   small:                          [.125, 0, .0625]
//   within (boxes overlap only themselves: |i ∩ i| / |i| = 1): [.5², .25², .25²] = [.25, .0625, .0625]
//   none: Σ_j p_i = 3·p_i = [1.5, .75, .75]
const HAND_SUMS: Record<SpatialRelation, number[]> = {
  left: [0.25, 0, 0.0625],
  right: [0, 0.1875, 0.125],
  up: [0.25, 0.0625, 0],
  down: [0, 0.125, 0.1875],
  big: [0, 0.1875, 0],
  small: [0.125, 0, 0.0625],
  within: [0.25, 0.0625, 0.0625],
  none: [1.5, 0.75, 0.75],
};

test('relation sums and T for every relation on 3 proposals, no other noun phrase', () => {
  for (const [relation, sums] of Object.entries(HAND_SUMS) as [SpatialRelation, number[]][]) {
    const g = relationGuidance(P, null, PROPOSALS, relation, 'box', 3, 6);
    assert.deepEqual(g.candidates, [0, 1, 2], relation);
    assert.deepEqual(g.partners, [0, 1, 2], relation);
    assertClose(g.sums, sums, 1e-15, relation);
  }
  // T = softmax of the sums: left → e^.25, e^0, e^.0625 over 3.348519 = [.383461, .298639, .317900].
  const left = relationGuidance(P, null, PROPOSALS, 'left', 'box', 3, 6);
  assertClose(left.scores, [0.383461, 0.298639, 0.3179], 1e-6);
});

test('relation sums with other noun phrases: partners by q, "right" fires', () => {
  // q = [.1, .2, .7]: partners by q are 2, 1, 0.
  //   left:  P0 (cx 1) is left of P2 and P1: .5·.7 + .5·.2 = .45; P1: 0; P2 (cx 3) left of P1: .25·.2 = .05
  //   right: P1 (cx 5) right of P2 and P0: .25·.7 + .25·.1 = .2; P2 right of P0: .25·.1 = .025; P0: 0
  const q = [0.1, 0.2, 0.7];
  const left = relationGuidance(P, q, PROPOSALS, 'left', 'box', 3, 6);
  assert.deepEqual(left.partners, [2, 1, 0]);
  assertClose(left.sums, [0.45, 0, 0.05], 1e-15);
  assertClose(relationGuidance(P, q, PROPOSALS, 'right', 'box', 3, 6).sums, [0, 0.2, 0.025], 1e-15);
  // k1 = 2 keeps the top two by p; k2 = 1 the best partner only (P2): left → [.35, 0].
  const narrow = relationGuidance(P, q, PROPOSALS, 'left', 'box', 2, 1);
  assert.deepEqual(narrow.candidates, [0, 1]);
  assertClose(narrow.sums, [0.35, 0], 1e-15);
});

test('"within" and sizes on boxes vs masks', () => {
  // A = the top row x 0..3 (4 px, box [0, 0, 4, 1]); B = two diagonal corners (2 px, box [0, 0, 4, 4]).
  const A = maskFromText(['####', '....', '....', '....']);
  const B = maskFromText(['#...', '....', '....', '...#']);
  const pair = (relation: SpatialRelation, geometry: 'box' | 'mask'): number =>
    pairScore({
      relation,
      geometry,
      i: proposalGeometry(A),
      j: proposalGeometry(B),
      pi: 1,
      qj: 1,
      maskIntersection: () => 1,
    });
  // Boxes: A's box lies inside B's, 4 / 4 = 1. Masks: one shared pixel over A's 4.
  assert.equal(pair('within', 'box'), 1);
  assert.equal(pair('within', 'mask'), 0.25);
  // A is smaller by box (4 < 16) but bigger by pixels (4 > 2).
  assert.equal(pair('small', 'box'), 1);
  assert.equal(pair('big', 'mask'), 1);
});

// Spatial coherence on the 6×4 image, G = 1 on P0's four pixels and 0 elsewhere, no ramp: minmax keeps it, the
// mean is 4/24, so G becomes 6 on P0 and 0 elsewhere (total 24). With b = 1.8:
//   C_0 = .2·6 − 1.8·0 = 1.2
//   C_1 = .2·0 − 1.8·(24 / 16) = −2.7
//   C_2 = .2·0 − 1.8·(24 / 20) = −2.16
// b = 1.95 ("big"): C_0 = .05·6 = .3; b = 1.5 ("small"): C_0 = .5·6 = 3.
const G_P0 = { width: 6, height: 4, data: Float32Array.from(P0.data) };

test('spatial coherence C_k by hand', () => {
  const g = coherenceMap(G_P0, 6, 4, 'none');
  assertClose(
    g.data,
    Array.from(P0.data, (v) => 6 * v),
    1e-6,
  );
  assertClose(spatialCoherence(g, PROPOSALS, 1.8), [1.2, -2.7, -2.16], 1e-6);
  assertClose(spatialCoherence(g, PROPOSALS, 1.95, [0]), [0.3], 1e-6);
  assertClose(spatialCoherence(g, PROPOSALS, 1.5, [0]), [3], 1e-6);
  assert.equal(coherenceBias('big', D), 1.95);
  assert.equal(coherenceBias('small', D), 1.5);
  assert.equal(coherenceBias('left', D), 1.8);
});

test('positional ramps on the coherence map, by hand', () => {
  // G = column index x (0..5): minmax → x/5.
  //   right ramp x/5: x²/25, mean over a row 55/150, so G = 6x²/55. P1 (columns 4, 5): mean in = 6·41/110 = 123/55;
  //   outside: (24 − 4·6·41/55) / 16 = 21/55. C_1 = .2·123/55 − 1.8·21/55 = −13.2/55 = −.24.
  //   left ramp 1 − x/5: x(5 − x)/25 = [0, 4, 6, 6, 4, 0]/25, mean 2/15, G = [0, 1.2, 1.8, 1.8, 1.2, 0].
  //   P1: mean in = .6, outside (24 − 4.8)/16 = 1.2: C_1 = .12 − 2.16 = −2.04.
  const columns = { width: 6, height: 4, data: Float32Array.from({ length: 24 }, (_, i) => i % 6) };
  assertClose(spatialCoherence(coherenceMap(columns, 6, 4, 'right'), PROPOSALS, 1.8, [1]), [-0.24], 1e-6);
  const left = coherenceMap(columns, 6, 4, 'left');
  assertClose(left.data.subarray(0, 6), [0, 1.2, 1.8, 1.8, 1.2, 0], 1e-6);
  assertClose(spatialCoherence(left, PROPOSALS, 1.8, [1]), [-2.04], 1e-6);
  // Up/down ramps apply unless turned off ('authors-code' preset).
  assert.equal(effectiveCue('up', true), 'up');
  assert.equal(effectiveCue('down', false), 'none');
  assert.equal(effectiveCue('left', false), 'left');
  // A map that the ramp zeroes everywhere stays 0 instead of NaN.
  const firstColumn = { width: 6, height: 4, data: Float32Array.from({ length: 24 }, (_, i) => (i % 6 === 0 ? 1 : 0)) };
  assert.ok(coherenceMap(firstColumn, 6, 4, 'right').data.every((v) => v === 0));
});

// End to end on the hand example: visual features with cos(v_k, t) = .5 + ln2/100, .5, .5 against t = [1, 0], so
// s = 100·cos gives p = softmax(s) = [.5, .25, .25]; no other noun phrase; relation "left"; no ramp; G as above.
// T = [.383461, .298639, .317900], C = [1.2, −2.7, −2.16]; final .4·T + .6·C:
//   P0 = .153384 + .72 = .873384, P1 = .119456 − 1.62 = −1.500544, P2 = .127160 − 1.296 = −1.168840.
function handInput(relation: SpatialRelation, position: PositionalCue): HybridGLInput {
  return {
    imageWidth: 6,
    imageHeight: 4,
    proposals: PROPOSALS,
    proposalFeatures: {
      rows: 3,
      dim: 2,
      data: Float32Array.from([0.5 + Math.LN2 / 100, 0.5, 0.5].flatMap(unitWithCos)),
    },
    sentenceFeature: Float32Array.of(3, 0),
    rootPhraseFeature: Float32Array.of(1, 0),
    otherPhraseFeatures: [],
    gemMap: G_P0,
    language: { relation, position },
  };
}

test('HybridGL end to end on 3 proposals, by hand', () => {
  const r = runHybridGL(handInput('left', 'none'), D);
  assert.equal(r.method, 'hybridgl');
  assertClose(r.debug.p, P, 1e-5);
  assert.equal(r.debug.q, null);
  assert.deepEqual(
    r.candidates.map((c) => c.proposalIndex),
    [0, 2, 1],
  );
  assertClose(
    r.candidates.map((c) => c.score),
    [0.873384, -1.16884, -1.500544],
    1e-5,
  );
  assertClose(
    r.heatMap!.data,
    Array.from(P0.data, (v) => 6 * v),
    1e-6,
  );
});

test('other noun phrases: q from the mean feature (authors) or the mean score', () => {
  // One proposal feature per axis, two phrases [1, 0] and [0, 3]. Mean feature [.5, 1.5] → cos = [.316228, .948683]
  // (q = softmax of 100·cos); mean score = 100·([1, 0] + [0, 1]) / 2 = [50, 50] → q = [.5, .5].
  const input: HybridGLInput = {
    ...handInput('none', 'none'),
    proposals: [P0, P1],
    proposalFeatures: { rows: 2, dim: 2, data: Float32Array.of(1, 0, 0, 1) },
    otherPhraseFeatures: [Float32Array.of(1, 0), Float32Array.of(0, 3)],
  };
  const a = runHybridGL(input, D).debug.q!;
  const e = Math.exp(100 * (0.948683298 - 0.316227766));
  assertClose(a, [1 / (1 + e), e / (1 + e)], 1e-6);
  assertClose(runHybridGL(input, { ...D, otherPhraseScore: 'mean-score' }).debug.q!, [0.5, 0.5], 1e-12);
});

interface FixtureCase {
  name: string;
  relation: SpatialRelation;
  direction: PositionalCue;
  width: number;
  height: number;
  dim: number;
  masks: number[][];
  visual: number[];
  sentence: number[];
  root: number[];
  others: number[][];
  gem: number[];
  gemWidth: number;
  gemHeight: number;
  candidates: number[];
  partners: number[];
  relationSums: number[];
  relationScores: number[];
  coherence: number[];
  heatMap: number[];
  final: number[];
  best: number;
}

test("matches the authors' scoring code (transcribed in PyTorch, 'right' fixed) on random inputs", () => {
  const fx = loadFixture<{ cases: FixtureCase[] }>('hybridgl.json');
  const fired = new Set<string>();
  for (const c of fx.cases) {
    const r = runHybridGL(
      {
        imageWidth: c.width,
        imageHeight: c.height,
        proposals: c.masks.map((m) => ({ width: c.width, height: c.height, data: Uint8Array.from(m) })),
        proposalFeatures: { rows: c.masks.length, dim: c.dim, data: Float32Array.from(c.visual) },
        sentenceFeature: Float32Array.from(c.sentence),
        rootPhraseFeature: Float32Array.from(c.root),
        otherPhraseFeatures: c.others.map((o) => Float32Array.from(o)),
        gemMap: { width: c.gemWidth, height: c.gemHeight, data: Float32Array.from(c.gem) },
        language: { relation: c.relation, position: c.direction },
      },
      D,
    );
    // Features are float32 here and float64 in the reference.
    assert.deepEqual(r.debug.candidates, c.candidates, c.name);
    assert.deepEqual(r.debug.partners, c.partners, c.name);
    assertClose(r.debug.relationSums, c.relationSums, 2e-6, `${c.name} sums`);
    assertClose(r.debug.relationScores, c.relationScores, 2e-6, `${c.name} T`);
    assertClose(
      r.debug.coherence,
      c.candidates.map((k) => c.coherence[k]),
      2e-6,
      `${c.name} C`,
    );
    assertClose(r.heatMap!.data, c.heatMap, 2e-6, `${c.name} G`);
    assert.equal(r.candidates[0].proposalIndex, c.best, c.name);
    if (c.relationSums.some((s) => s > 0)) fired.add(c.relation);
  }
  // Every relation, "right" included, contributed somewhere in the fixture.
  assert.deepEqual([...fired].sort(), ['big', 'down', 'left', 'none', 'right', 'small', 'up', 'within']);
});

test('bad inputs name what is wrong', () => {
  const input = handInput('left', 'none');
  assert.throws(
    () => runHybridGL({ ...input, otherPhraseFeatures: [Float32Array.of(1)] }, D),
    /other noun phrase 0 feature: has 1 values, expected 2/,
  );
  assert.throws(() => runHybridGL({ ...input, imageHeight: 5 }, D), /proposal 0 is 6x4, the image is 6x5/);
  assert.throws(() => runHybridGL(input, { ...D, candidates: 0 }), /parameter candidates is out of range/);
});
