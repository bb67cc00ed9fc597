// The Evaluation screen in browser mode, on the hand-counted dataset of test/integration/eval/eval-fixture.ts:
// reached from the dataset page, it shows the metrics per split, top-1 and best of top-3, the direction-word
// breakdown and the charts, and exports the CSV the service renders.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { renderCsv } from '../../src/main/eval';
import { evaluateDataset } from '../../src/main/services/evaluate';
import { writeTestImage } from '../helpers/images';
import { buildEvalDataset } from '../integration/eval/eval-fixture';
import { startHarness, type Harness } from './harness';
import { DatasetsPage } from './page-models/datasets-page';
import { EvalPage } from './page-models/eval-page';

let h: Harness;
let datasetId: number;

before(async () => {
  h = await startHarness('eval');
  ({ datasetId } = await buildEvalDataset(h.context.store, h.dir, 'toy'));
  for (const [i, name] of ['a.png', 'b.png'].entries()) await writeTestImage(join(h.dir, 'toy', name), 10, 10, i);
});

after(async () => {
  await h?.close();
});

test('the Evaluation screen shows the hand-counted metrics and exports them', async () => {
  const { page, problems } = await h.newPage();
  await page.goto(h.server.pageUrl);
  await new DatasetsPage(page).open('toy');
  await page.getByTestId('open-eval').click();
  const screen = new EvalPage(page);
  await screen.ready();

  // All splits, top-1. alpha: IoUs 1, .5, 0 (I 10+25+0, U 10+50+8); beta: 0, 0, 1 (I 0+0+4, U 10+75+4).
  assert.deepEqual(await screen.metrics('alpha'), {
    mIoU: '50.00',
    oIoU: '51.47',
    'P@0.5': '33.33',
    'P@0.6': '33.33',
    'P@0.7': '33.33',
    'P@0.8': '33.33',
    'P@0.9': '33.33',
  });
  assert.equal((await screen.metrics('beta')).oIoU, '4.49');
  // The direction word is in E1 only: alpha got it right (1), beta left it empty (0).
  assert.deepEqual(await screen.metrics('alpha', 'eval-breakdown-row'), {
    'mIoU direction': '100.00',
    'mIoU other': '25.00',
    'mIoU top-1': '50.00',
    'mIoU top-3': '83.33',
    'oIoU top-1': '51.47',
    'oIoU top-3': '60.94',
  });
  const bars = await screen.barTitles();
  assert.equal(bars.length, 12, 'three charts × two methods × two series');
  assert.ok(bars.includes('alpha · mIoU: 50.00 %'), bars.join('\n'));
  assert.ok(bars.includes('beta · top-3: 53.33 %'), bars.join('\n'));

  // Best of top-3 on val: beta's second candidate (IoU .6, not above .6) beats its first (0).
  await screen.chooseSplit('val');
  await screen.chooseSelection('top3');
  assert.deepEqual(await screen.metrics('beta'), {
    mIoU: '30.00',
    oIoU: '50.00',
    'P@0.5': '50.00',
    'P@0.6': '0.00',
    'P@0.7': '0.00',
    'P@0.8': '0.00',
    'P@0.9': '0.00',
  });

  const folder = join(h.dir, 'reports');
  const written = await screen.export('csv', folder);
  assert.equal(written, join(folder, 'toy-eval.csv'));
  assert.equal(await readFile(written, 'utf8'), renderCsv(await evaluateDataset(h.context.store, { datasetId })));
  const html = await screen.export('html', folder);
  assert.match(await readFile(html, 'utf8'), /<title>Evaluation — toy<\/title>/);
  assert.deepEqual(problems, []);
});
