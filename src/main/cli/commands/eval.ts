// `reflabel eval`: scores the methods' stored candidates against the dataset's imported ground truth and prints the
// table, the results as JSON, or writes the CSV and HTML reports.
import { resolve } from 'node:path';
import { SPLITS, type Split } from '../../../shared/domain';
import { type EvalResults, renderCsv, renderHtml } from '../../eval';
import { percent, thresholdLabel } from '../../eval/format';
import { writeFileAtomic } from '../../io/write-atomic';
import { getDatasetByName } from '../../services/datasets';
import { evaluateDataset } from '../../services/evaluate';
import { openStore } from '../../store/open-store';
import { databaseFile } from '../database-option';
import { CliUsageError, parseCommandArgs, requireOption } from '../usage';

export const EVAL_USAGE =
  'eval --db FILE --dataset NAME [--methods a,b] [--splits val,testA] [--json] [--csv FILE] [--html FILE]';

function list(value: string | undefined, name: string): string[] | undefined {
  if (value === undefined) return undefined;
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (items.length === 0) throw new CliUsageError(`--${name} takes a comma list (got '${value}')`);
  return items;
}

function splitsOf(value: string | undefined): Split[] | undefined {
  const items = list(value, 'splits');
  const unknown = items?.filter((s) => !(SPLITS as readonly string[]).includes(s)) ?? [];
  if (unknown.length) throw new CliUsageError(`--splits takes a comma list of ${SPLITS.join(', ')} (got '${value}')`);
  return items as Split[] | undefined;
}

/** The top-1 rows over all expressions as an aligned text table, with the top-3 mIoU beside them. */
function table(results: EvalResults): string {
  const head = ['method', 'split', 'N', 'mIoU', 'oIoU', ...results.thresholds.map(thresholdLabel), 'mIoU top-3'];
  const lines = results.rows
    .filter((r) => r.subset === 'all' && r.selection === 'top1')
    .map((r) => {
      const top3 = results.rows.find(
        (t) => t.method === r.method && t.split === r.split && t.subset === 'all' && t.selection === 'top3',
      );
      return [
        r.method,
        r.split,
        String(r.count),
        percent(r.mIoU),
        percent(r.oIoU),
        ...r.precision.map(percent),
        top3 ? percent(top3.mIoU) : '–',
      ];
    });
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  return [head, ...lines]
    .map((cells) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '))
    .join('\n');
}

export async function evalCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseCommandArgs(argv, {
    db: { type: 'string' },
    dataset: { type: 'string' },
    methods: { type: 'string' },
    splits: { type: 'string' },
    json: { type: 'boolean' },
    csv: { type: 'string' },
    html: { type: 'string' },
  });
  if (positionals.length) throw new CliUsageError(`unexpected argument '${positionals[0]}'`);
  const datasetName = requireOption(values.dataset, 'dataset');
  const methods = list(values.methods, 'methods');
  const splits = splitsOf(values.splits);

  const store = await openStore(databaseFile(values.db));
  try {
    const dataset = await getDatasetByName(store, datasetName);
    const results = await evaluateDataset(store, { datasetId: dataset.id, methods, splits });
    if (values.csv) await writeFileAtomic(resolve(values.csv), renderCsv(results));
    if (values.html) {
      const html = renderHtml(results, { dataset: dataset.name, generatedAt: new Date().toISOString() });
      await writeFileAtomic(resolve(values.html), html);
    }
    if (values.json) {
      console.log(JSON.stringify(results, null, 2));
    } else if (results.rows.length === 0) {
      console.log(`${dataset.name}: no expression with ground truth has candidates to score`);
    } else {
      console.log(`${dataset.name}: percentages, top-1 over all expressions (Prec@X: IoU above X)`);
      console.log(table(results));
    }
    if (values.csv) console.error(`wrote ${resolve(values.csv)}`);
    if (values.html) console.error(`wrote ${resolve(values.html)}`);
  } finally {
    await store.close();
  }
}
