// The annotator's flow in browser mode, against the real server and Debian's Chromium (see flows/annotate-flow.ts).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { RefLabelApi } from '../../src/shared/api';
import type { ApiClient } from '../../src/shared/contract';
import { apiClient } from './api-client';
import { runAnnotateFlow, writeFlowImages } from './flows/annotate-flow';
import { startHarness, type Harness } from './harness';

let h: Harness;
let client: ApiClient<RefLabelApi>;

before(async () => {
  h = await startHarness('annotate');
  await writeFlowImages(h.dir);
  client = apiClient(h.server);
});

after(async () => {
  client?.close();
  await h?.close();
});

test('create, decide, correct, undo/redo, reload and export', async () => {
  const { page, problems } = await h.newPage();
  await page.goto(h.server.pageUrl);
  await runAnnotateFlow(page, h.dir, client);
  assert.deepEqual(problems, []);
});
