// reflabel predict without --clip and --sam uses the installed models, as the app does; with none installed it
// names the missing flags and the folder it looked in.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import test from 'node:test';
import { withTempDir } from '../../helpers/temp-dir';
import { makePredictFixture } from '../predict/fixture';
import { installTinyModels } from '../predict/models-root';
import { runCli } from './run-cli';

const SETTINGS = ['glclip.maskingBlock=1', 'amg.pointsPerSide=2', 'amg.predIouThresh=0', 'amg.stabilityScoreThresh=0'];

test('predict finds the installed CLIP and SAM under REFLABEL_MODELS', async () => {
  await withTempDir(async (dir) => {
    const fx = await makePredictFixture(dir);
    await fx.store.close();
    const models = join(dir, 'models');
    const args = ['predict', '--db', fx.dbFile, '--image', String(fx.imageId), '--text', 'the red ball'];
    const settings = SETTINGS.flatMap((s) => ['--set', s]);

    const none = await runCli([...args, '--methods', 'glclip', ...settings], { REFLABEL_MODELS: models });
    assert.equal(none.code, 2, none.stderr);
    assert.match(none.stderr, /--clip DIR not given and no CLIP model is installed in .*models/);
    assert.match(none.stderr, /--sam DIR not given and no SAM model is installed/);

    await installTinyModels(models, fx);
    const run = await runCli([...args, '--methods', 'glclip', ...settings, '--json'], { REFLABEL_MODELS: models });
    assert.equal(run.code, 0, run.stderr);
    const out = JSON.parse(run.stdout) as { proposals: number; candidates: { method: string }[] };
    assert.equal(out.candidates.length, out.proposals, 'GL-CLIP ranks every proposal');
    assert.ok(out.candidates.every((c) => c.method === 'glclip'));
  });
});
