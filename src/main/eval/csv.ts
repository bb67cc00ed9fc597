// The evaluation as CSV (RFC 4180): one row per method × split × subset × selection, metrics in percent.

import type { EvalResults } from './evaluate';
import { percent, thresholdLabel } from './format';

function field(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function renderCsv(results: EvalResults): string {
  const header = [
    'method',
    'split',
    'subset',
    'selection',
    'count',
    'mIoU (%)',
    'oIoU (%)',
    ...results.thresholds.map((x) => `${thresholdLabel(x)} (%)`),
  ];
  const lines = [header.map(field).join(',')];
  for (const r of results.rows) {
    lines.push(
      [
        field(r.method),
        field(r.split),
        r.subset,
        r.selection,
        String(r.count),
        percent(r.mIoU),
        percent(r.oIoU),
        ...r.precision.map(percent),
      ].join(','),
    );
  }
  return lines.join('\r\n') + '\r\n';
}
