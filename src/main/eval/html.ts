// The evaluation as one self-contained HTML page: inline CSS, tables and inline SVG charts, no script and no
// external asset, so it opens the same from a mail attachment as from disk.

import { type BarChart, renderBarChart } from './chart';
import { ALL_SPLITS, type EvalResults, type EvalRow, type Selection, type Subset } from './evaluate';
import { escapeHtml, percent, thresholdLabel } from './format';

export interface ReportMeta {
  /** Dataset name shown in the title. */
  dataset: string;
  /** When the evaluation ran, already formatted (kept out of the renderer so output is deterministic). */
  generatedAt?: string;
  /** One line per fact worth knowing about the run (proposal preset, model), shown under the title. */
  notes?: string[];
}

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:24px;color:#1d2733;background:#fff}
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:28px 0 8px}
p.meta{color:#5a6675;margin:2px 0}
table{border-collapse:collapse;margin:8px 0 16px}
th,td{border:1px solid #d5dbe3;padding:4px 8px;text-align:right}
th:first-child,td:first-child{text-align:left}
thead th{background:#eef2f7}
.chart-title{font-weight:600;font-size:13px}.legend,.axis{font-size:11px;fill:#3d4957}
.grid{stroke:#e3e8ef;stroke-width:1}
.charts{display:flex;flex-wrap:wrap;gap:24px}
`;

function find(
  results: EvalResults,
  method: string,
  split: string,
  subset: Subset,
  selection: Selection,
): EvalRow | undefined {
  return results.rows.find(
    (r) => r.method === method && r.split === split && r.subset === subset && r.selection === selection,
  );
}

function cell(row: EvalRow | undefined, pick: (r: EvalRow) => number): string {
  return `<td>${row ? percent(pick(row)) : '–'}</td>`;
}

function splitTable(results: EvalResults, split: string): string {
  const head = ['method', 'N', 'mIoU', 'oIoU', ...results.thresholds.map(thresholdLabel)];
  const body = results.methods
    .map((m) => {
      const r = find(results, m, split, 'all', 'top1');
      if (!r) return '';
      return (
        `<tr><td>${escapeHtml(m)}</td><td>${r.count}</td>${cell(r, (x) => x.mIoU)}${cell(r, (x) => x.oIoU)}` +
        `${r.precision.map((p) => `<td>${percent(p)}</td>`).join('')}</tr>`
      );
    })
    .join('');
  return table(head, body);
}

function table(head: string[], body: string): string {
  return `<table><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${body}</tbody></table>`;
}

function breakdownTable(results: EvalResults, split: string): string {
  const head = [
    'method',
    'N direction',
    'mIoU direction',
    'N other',
    'mIoU other',
    'mIoU top-1',
    'mIoU top-3',
    'oIoU top-1',
    'oIoU top-3',
  ];
  const body = results.methods
    .map((m) => {
      const dir = find(results, m, split, 'direction', 'top1');
      const other = find(results, m, split, 'other', 'top1');
      const t1 = find(results, m, split, 'all', 'top1');
      const t3 = find(results, m, split, 'all', 'top3');
      if (!t1) return '';
      return (
        `<tr><td>${escapeHtml(m)}</td><td>${dir?.count ?? 0}</td>${cell(dir, (x) => x.mIoU)}` +
        `<td>${other?.count ?? 0}</td>${cell(other, (x) => x.mIoU)}` +
        `${cell(t1, (x) => x.mIoU)}${cell(t3, (x) => x.mIoU)}${cell(t1, (x) => x.oIoU)}${cell(t3, (x) => x.oIoU)}</tr>`
      );
    })
    .join('');
  return table(head, body);
}

function charts(results: EvalResults, split: string): string {
  const value = (m: string, subset: Subset, selection: Selection, pick: (r: EvalRow) => number): number | null => {
    const r = find(results, m, split, subset, selection);
    return r ? pick(r) : null;
  };
  const list: BarChart[] = [
    {
      title: 'mIoU and oIoU (top-1)',
      series: ['mIoU', 'oIoU'],
      groups: results.methods.map((m) => ({
        label: m,
        values: [value(m, 'all', 'top1', (r) => r.mIoU), value(m, 'all', 'top1', (r) => r.oIoU)],
      })),
    },
    {
      title: 'mIoU with and without direction words',
      series: ['direction', 'other'],
      groups: results.methods.map((m) => ({
        label: m,
        values: [value(m, 'direction', 'top1', (r) => r.mIoU), value(m, 'other', 'top1', (r) => r.mIoU)],
      })),
    },
    {
      title: 'mIoU: top-1 vs best of top-3',
      series: ['top-1', 'top-3'],
      groups: results.methods.map((m) => ({
        label: m,
        values: [value(m, 'all', 'top1', (r) => r.mIoU), value(m, 'all', 'top3', (r) => r.mIoU)],
      })),
    },
  ];
  return `<div class="charts">${list.map(renderBarChart).join('')}</div>`;
}

export function renderHtml(results: EvalResults, meta: ReportMeta): string {
  const title = `Evaluation — ${meta.dataset}`;
  const lines = [
    meta.generatedAt ? `<p class="meta">Generated ${escapeHtml(meta.generatedAt)}</p>` : '',
    ...(meta.notes ?? []).map((n) => `<p class="meta">${escapeHtml(n)}</p>`),
    '<p class="meta">Percentages. Prec@X counts expressions with IoU strictly above X; top-3 takes the best IoU ' +
      'of the first three candidates; direction rows are expressions with a direction word.</p>',
  ];
  const sections = results.splits.map((split) => {
    const name = split === ALL_SPLITS ? 'all splits' : `split ${split}`;
    return (
      `<section><h2>${escapeHtml(name)}</h2>${splitTable(results, split)}` +
      `${breakdownTable(results, split)}${charts(results, split)}</section>`
    );
  });
  return (
    `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>` +
    `<style>${STYLE}</style></head><body><h1>${escapeHtml(title)}</h1>${lines.join('')}` +
    `${results.rows.length === 0 ? '<p>No expressions were evaluated.</p>' : sections.join('')}</body></html>\n`
  );
}
