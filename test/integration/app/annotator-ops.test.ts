// The operations the annotator added for the expression bar, the import form, the model status and the heat map
// overlay, called the way both transports call them (dispatch: input validation, handler, output check).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { api } from '../../../src/shared/api';
import { dispatch } from '../../../src/main/api/dispatch';
import { openAppContext, type AppContext } from '../../../src/main/app/context';
import type { PathChooser } from '../../../src/main/app/handlers';
import { addExpression } from '../../../src/main/services/expressions';
import { runtimeInfo } from '../../../src/main/services/runtime-info';
import { seedDataset } from '../../unit/services/seed';
import { withTempDir } from '../../helpers/temp-dir';

async function withContext(
  fn: (context: AppContext, call: (op: string, input?: unknown) => Promise<unknown>) => Promise<void>,
  choosePath?: PathChooser,
): Promise<void> {
  await withTempDir(async (dir) => {
    const context = await openAppContext(join(dir, 'app.db'), 'test', { modelsRoot: join(dir, 'models'), choosePath });
    const call = (op: string, input?: unknown) =>
      dispatch(api, context.handlers, op, input, { checkOutput: true, log: () => undefined });
    try {
      await fn(context, call);
    } finally {
      await context.close();
    }
  });
}

test('expressions.parse gives the primary noun, the context tokens and the direction words with their offsets', () =>
  withContext(async (_context, call) => {
    const text = 'the man in red shirt on the left';
    const result = (await call('expressions.parse', { text })) as {
      ok: true;
      value: {
        tokens: { text: string; start: number; end: number }[];
        primaryNoun: string;
        primaryNounIndex: number;
        contextTokens: string[];
        directions: string[];
        directionWords: { word: string; direction: string; tokenIndex: number }[];
      };
    };
    assert.equal(result.ok, true);
    const parse = result.value;
    assert.equal(parse.primaryNoun, 'man');
    assert.equal(
      text.slice(parse.tokens[parse.primaryNounIndex].start, parse.tokens[parse.primaryNounIndex].end),
      'man',
    );
    assert.deepEqual(parse.contextTokens, ['red', 'shirt', 'left']);
    assert.deepEqual(parse.directions, ['left']);
    assert.equal(parse.directionWords.length, 1);
    const left = parse.tokens[parse.directionWords[0].tokenIndex];
    assert.deepEqual([left.start, left.end], [28, 32]);
    assert.equal(parse.directionWords[0].direction, 'left');

    const empty = (await call('expressions.parse', { text: '' })) as { ok: true; value: { primaryNoun: null } };
    assert.equal(empty.value.primaryNoun, null);
    const long = (await call('expressions.parse', { text: 'x'.repeat(501) })) as { ok: false; error: { code: string } };
    assert.equal(long.error.code, 'bad-request');
  }));

test('app.choosePath: refused without a native dialog, forwarded to the injected one otherwise', async () => {
  await withContext(async (_context, call) => {
    assert.deepEqual(await call('app.capabilities'), { ok: true, value: { nativeDialogs: false } });
    const refused = (await call('app.choosePath', { kind: 'folder', title: 'Images' })) as {
      ok: false;
      error: { code: string; message: string };
    };
    assert.equal(refused.ok, false);
    assert.equal(refused.error.code, 'not-found');
    assert.match(refused.error.message, /not available in browser mode/);
  });

  const asked: unknown[] = [];
  const answers = ['/data/photos', null];
  await withContext(
    async (_context, call) => {
      assert.deepEqual(await call('app.capabilities'), { ok: true, value: { nativeDialogs: true } });
      assert.deepEqual(await call('app.choosePath', { kind: 'folder', title: 'Images' }), {
        ok: true,
        value: { path: '/data/photos' },
      });
      assert.deepEqual(await call('app.choosePath', { kind: 'file', title: 'COCO JSON' }), {
        ok: true,
        value: { path: null },
      });
      const bad = (await call('app.choosePath', { kind: 'disk', title: 'x' })) as {
        ok: false;
        error: { code: string };
      };
      assert.equal(bad.error.code, 'bad-request');
    },
    async (request) => {
      asked.push(request);
      return answers.shift() ?? null;
    },
  );
  assert.deepEqual(asked, [
    { kind: 'folder', title: 'Images' },
    { kind: 'file', title: 'COCO JSON' },
  ]);
});

test('runtime.info reports the backends and the provider a session really ran on, probed once', () =>
  withContext(async (_context, call) => {
    const result = (await call('runtime.info')) as {
      ok: true;
      value: {
        providers: { name: string; bundled: boolean }[];
        provider: string;
        cudaAvailable: boolean;
        fallback: string | null;
      };
    };
    assert.equal(result.ok, true);
    const info = result.value;
    assert.ok(info.providers.some((p) => p.name === 'cpu' && p.bundled));
    assert.equal(info.cudaAvailable, info.provider === 'cuda');
    if (info.provider === 'cpu') assert.match(info.fallback ?? '', /^CUDA unavailable \(.+\); running on the CPU$/);
    else assert.equal(info.fallback, null);
    assert.equal(runtimeInfo(), runtimeInfo(), 'one probe per process');
    assert.deepEqual(await runtimeInfo(), info);
  }));

test('heatmaps.save stores a grid per (method, kind), replaces it on the next save, and refuses bad grids', () =>
  withContext(async (context, call) => {
    const { imageIds } = await seedDataset(context.store, 'heat', ['a.jpg']);
    const expression = await addExpression(context.store, { imageId: imageIds[0], text: 'the cat' });
    const grid = { expressionId: expression.id, method: 'copatch', kind: 'comap', width: 3, height: 2 };
    const values = [0, 0.25, 0.5, 0.75, 1, 0.1];
    const saved = (await call('heatmaps.save', { ...grid, values })) as { ok: true; value: { values: number[] } };
    assert.equal(saved.ok, true);
    // float32 storage: 0.1 comes back as the float32 nearest to it, the others exactly.
    assert.deepEqual(saved.value.values, values.map(Math.fround));
    await call('heatmaps.save', { ...grid, kind: 'gradcam', width: 1, height: 1, values: [0.5] });
    await call('heatmaps.save', { ...grid, method: 'alpha', kind: 'attention', width: 1, height: 2, values: [1, 0] });
    const replaced = (await call('heatmaps.save', { ...grid, width: 2, height: 1, values: [1, 0] })) as {
      ok: true;
      value: { id: number };
    };
    const list = (await call('heatmaps.list', { expressionId: expression.id })) as {
      ok: true;
      value: { id: number; method: string; kind: string; width: number; height: number; values: number[] }[];
    };
    assert.deepEqual(
      list.value.map((h) => [h.method, h.kind, h.width, h.height, h.values]),
      [
        ['alpha', 'attention', 1, 2, [1, 0]],
        ['copatch', 'comap', 2, 1, [1, 0]],
        ['copatch', 'gradcam', 1, 1, [0.5]],
      ],
    );
    assert.equal(list.value[1].id, replaced.value.id);

    const refuse = async (input: Record<string, unknown>, pattern: RegExp, code = 'bad-request') => {
      const result = (await call('heatmaps.save', { ...grid, values, ...input })) as {
        ok: boolean;
        error: { code: string; message: string };
      };
      assert.equal(result.ok, false);
      assert.equal(result.error.code, code);
      assert.match(result.error.message, pattern);
    };
    await refuse({ values: [0, 1] }, /values must hold width × height numbers/);
    await refuse({ values: [0, 0, 0, 0, 0, 1.5] }, /values/);
    await refuse({ width: 257, values: new Array(514).fill(0) }, /width/);
    await refuse({ kind: 'saliency' }, /kind/);
    await refuse({ expressionId: expression.id + 100 }, /expression \d+ not found/, 'not-found');
    await context.store.write((tx) => tx.run('DELETE FROM expressions WHERE id = ?', [expression.id]));
    assert.deepEqual(await call('heatmaps.list', { expressionId: expression.id }), { ok: true, value: [] });
  }));
