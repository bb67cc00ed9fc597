// The UI's model status area: with an empty models folder every model is missing and every method says which
// models it still needs; nothing in the answer names a path on the server.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { openAppContext } from '../../../src/main/app/context';
import { withTempDir } from '../../helpers/temp-dir';

test('models.status lists missing models and what each method needs', async () => {
  await withTempDir(async (dir) => {
    const context = await openAppContext(join(dir, 'app.db'), 'test', { modelsRoot: join(dir, 'models') });
    try {
      const status = await context.handlers['models.status']();
      assert.ok(status.models.length > 0);
      assert.ok(status.models.every((m) => m.state === 'missing'));
      assert.ok(status.methods.length > 0);
      for (const method of status.methods) {
        assert.equal(method.ready, false, method.id);
        assert.ok(method.missing.length > 0, method.id);
      }
      assert.doesNotMatch(JSON.stringify(status), new RegExp(dir.replaceAll('/', '\\/')));
    } finally {
      await context.close();
    }
  });
});
