// Graphs are compiled on first use and cached by (weights hash, variant and options, builder version).
import assert from 'node:assert/strict';
import { cp, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ensureClipGraph } from '../../../../src/main/vision/clip/ensure-compiled';
import { withTempDir } from '../../../helpers/temp-dir';

const CHECKPOINT = fileURLToPath(new URL('../../../fixtures/vision/clip/quick-w32-p8/', import.meta.url));

test('a variant compiles once; other options or other weights get their own graph', async () => {
  await withTempDir(async (dir) => {
    const weightsDir = join(dir, 'clip');
    await cp(CHECKPOINT, weightsDir, { recursive: true });
    const first = await ensureClipGraph({ weightsDir, variant: { variant: 'clip.image', taps: [1] } });
    const compiledAt = (await stat(first)).mtimeMs;
    const again = await ensureClipGraph({ weightsDir, variant: { variant: 'clip.image', taps: [1] } });
    assert.equal(again, first);
    assert.equal((await stat(again)).mtimeMs, compiledAt, 'the cached graph was reused, not rewritten');

    const otherTaps = await ensureClipGraph({ weightsDir, variant: { variant: 'clip.image', taps: [2] } });
    assert.notEqual(otherTaps, first);
    const otherWeights = await ensureClipGraph({
      weightsDir,
      variant: { variant: 'clip.image', taps: [1] },
      weightsSha256: 'f'.repeat(64),
    });
    assert.notEqual(otherWeights, first);
    const graphs = (await readdir(weightsDir)).filter((f) => f.endsWith('.onnx'));
    assert.equal(graphs.length, 3);
    assert.ok(graphs.every((f) => f.startsWith('clip.clip.image.')));
  });
});
