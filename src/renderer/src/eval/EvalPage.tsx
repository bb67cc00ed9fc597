// Evaluation against the dataset's imported ground truth: per split, each method's mIoU, oIoU and Prec@X (top-1 or
// best of top-3), the direction-word / other breakdown, the report's charts, and the CSV and HTML exports.
import { useState } from 'react';
import type { EvalResults, Selection } from '../../../main/eval';
import { percent, thresholdLabel } from '../../../main/eval/format';
import { useApi } from '../api-context';
import { formatCount } from '../app/format';
import { errorMessage, useLoad } from '../app/use-load';
import type { Navigate } from '../app/use-route';
import { findRow, splitCharts } from './eval-charts';
import './eval.css';

const ALL_SPLITS = 'all';

function value(v: number | undefined): string {
  return v === undefined ? '–' : percent(v);
}

function MetricsTable({ results, split, selection }: { results: EvalResults; split: string; selection: Selection }) {
  return (
    <table className="table" data-testid="eval-metrics">
      <thead>
        <tr>
          <th>Method</th>
          <th className="num">N</th>
          <th className="num">mIoU</th>
          <th className="num">oIoU</th>
          {results.thresholds.map((x) => (
            <th key={x} className="num">
              {thresholdLabel(x)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {results.methods.map((method) => {
          const row = findRow(results, method, split, 'all', selection);
          if (!row) return null;
          return (
            <tr key={method} data-testid="eval-row" data-method={method}>
              <td className="strong">{method}</td>
              <td className="num">{formatCount(row.count)}</td>
              <td className="num" data-metric="mIoU">
                {percent(row.mIoU)}
              </td>
              <td className="num" data-metric="oIoU">
                {percent(row.oIoU)}
              </td>
              {row.precision.map((p, i) => (
                <td key={results.thresholds[i]} className="num" data-metric={thresholdLabel(results.thresholds[i])}>
                  {percent(p)}
                </td>
              ))}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function BreakdownTable({ results, split }: { results: EvalResults; split: string }) {
  return (
    <table className="table" data-testid="eval-breakdown">
      <thead>
        <tr>
          <th>Method</th>
          <th className="num">N direction</th>
          <th className="num">mIoU direction</th>
          <th className="num">N other</th>
          <th className="num">mIoU other</th>
          <th className="num">mIoU top-1</th>
          <th className="num">mIoU top-3</th>
          <th className="num">oIoU top-1</th>
          <th className="num">oIoU top-3</th>
        </tr>
      </thead>
      <tbody>
        {results.methods.map((method) => {
          const dir = findRow(results, method, split, 'direction', 'top1');
          const other = findRow(results, method, split, 'other', 'top1');
          const t1 = findRow(results, method, split, 'all', 'top1');
          const t3 = findRow(results, method, split, 'all', 'top3');
          if (!t1) return null;
          return (
            <tr key={method} data-testid="eval-breakdown-row" data-method={method}>
              <td className="strong">{method}</td>
              <td className="num">{formatCount(dir?.count ?? 0)}</td>
              <td className="num" data-metric="mIoU direction">
                {value(dir?.mIoU)}
              </td>
              <td className="num">{formatCount(other?.count ?? 0)}</td>
              <td className="num" data-metric="mIoU other">
                {value(other?.mIoU)}
              </td>
              <td className="num" data-metric="mIoU top-1">
                {value(t1.mIoU)}
              </td>
              <td className="num" data-metric="mIoU top-3">
                {value(t3?.mIoU)}
              </td>
              <td className="num" data-metric="oIoU top-1">
                {value(t1.oIoU)}
              </td>
              <td className="num" data-metric="oIoU top-3">
                {value(t3?.oIoU)}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function ExportBar({ datasetId, root, name }: { datasetId: number; root: string; name: string }) {
  const client = useApi();
  const [folder, setFolder] = useState(`${root.replace(/[\\/]+$/, '')}/reflabel-eval`);
  const [busy, setBusy] = useState(false);
  const [written, setWritten] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function write(format: 'csv' | 'html') {
    setBusy(true);
    setError(null);
    setWritten(null);
    try {
      const out = `${folder.trim().replace(/[\\/]+$/, '')}/${name.replace(/[^\w.-]+/g, '_')}-eval.${format}`;
      setWritten((await client.call('eval.report', { datasetId, format, out })).path);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card">
      <h2>Export</h2>
      <div className="eval-export">
        <label>
          <span>Folder</span>
          <input
            type="text"
            value={folder}
            onChange={(e) => setFolder(e.target.value)}
            spellCheck={false}
            data-testid="eval-out"
          />
        </label>
        <button disabled={busy || folder.trim() === ''} onClick={() => write('csv')} data-testid="eval-export-csv">
          Export CSV
        </button>
        <button
          className="primary"
          disabled={busy || folder.trim() === ''}
          onClick={() => write('html')}
          data-testid="eval-export-html"
        >
          Export HTML report
        </button>
      </div>
      <div aria-live="polite">
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        {written && (
          <p className="notice" data-testid="eval-written">
            Wrote <code>{written}</code>
          </p>
        )}
      </div>
    </section>
  );
}

export function EvalPage({ datasetId, navigate }: { datasetId: number; navigate: Navigate }) {
  const client = useApi();
  const dataset = useLoad(`dataset/${datasetId}`, () => client.call('datasets.get', { datasetId }));
  const results = useLoad(`eval/${datasetId}`, () => client.call('eval.run', { datasetId }));
  const [chosenSplit, setSplit] = useState<string | null>(null);
  const [selection, setSelection] = useState<Selection>('top1');
  const r = results.value;
  const split = r && chosenSplit !== null && r.splits.includes(chosenSplit) ? chosenSplit : r?.splits.at(-1);

  return (
    <div className="page scroll">
      <div className="page-inner">
        <div className="toolbar flat">
          <button onClick={() => navigate({ page: 'browser', datasetId, filter: 'all' })}>
            ‹ {dataset.value?.name ?? 'Grid'}
          </button>
          <h1>Evaluation</h1>
        </div>
        {results.error && <p className="error">{results.error}</p>}
        {results.loading && <p className="muted">Scoring the methods…</p>}
        {r && r.rows.length === 0 && (
          <p className="muted" data-testid="eval-empty">
            No expression with ground truth has candidates to score yet: import a dataset with ground truth and run the
            methods on it.
          </p>
        )}
        {r && split !== undefined && r.rows.length > 0 && (
          <>
            <section className="card" data-testid="eval-results" data-split={split} data-selection={selection}>
              <div className="toolbar flat">
                <h2 className="grow">Methods against the ground truth</h2>
                <div className="segmented" role="radiogroup" aria-label="Split" data-testid="eval-splits">
                  {r.splits.map((s) => (
                    <button
                      key={s}
                      role="radio"
                      aria-checked={s === split}
                      className={s === split ? 'active' : ''}
                      onClick={() => setSplit(s)}
                      data-split={s}
                    >
                      {s === ALL_SPLITS ? 'All splits' : s}
                    </button>
                  ))}
                </div>
                <div className="segmented" role="radiogroup" aria-label="Candidates" data-testid="eval-selection">
                  {(['top1', 'top3'] as const).map((s) => (
                    <button
                      key={s}
                      role="radio"
                      aria-checked={s === selection}
                      className={s === selection ? 'active' : ''}
                      onClick={() => setSelection(s)}
                      data-selection={s}
                    >
                      {s === 'top1' ? 'Top-1' : 'Best of top-3'}
                    </button>
                  ))}
                </div>
              </div>
              <MetricsTable results={r} split={split} selection={selection} />
              <h3>Direction words and top-3</h3>
              <BreakdownTable results={r} split={split} />
              <div className="eval-charts" data-testid="eval-charts">
                {splitCharts(r, split).map((svg, i) => (
                  <div key={i} dangerouslySetInnerHTML={{ __html: svg }} />
                ))}
              </div>
              <p className="muted small">
                Percentages. Prec@X counts expressions with IoU strictly above X; best of top-3 takes the highest IoU
                among a method’s first three candidates; an expression a method left without candidates counts as IoU 0.
                Direction rows are expressions with a direction word.
              </p>
            </section>
            {dataset.value && <ExportBar datasetId={datasetId} root={dataset.value.root} name={dataset.value.name} />}
          </>
        )}
      </div>
    </div>
  );
}
