// The three charts of the HTML report for one split, as the same inline SVG (renderBarChart escapes every label).
import { type BarChart, type EvalResults, type Selection, type Subset, renderBarChart } from '../../../main/eval';

type Row = EvalResults['rows'][number];

export function findRow(
  results: EvalResults,
  method: string,
  split: string,
  subset: Subset,
  selection: Selection,
): Row | undefined {
  return results.rows.find(
    (r) => r.method === method && r.split === split && r.subset === subset && r.selection === selection,
  );
}

function chart(
  results: EvalResults,
  split: string,
  title: string,
  series: [string, Subset, Selection, (r: Row) => number][],
): BarChart {
  return {
    title,
    series: series.map(([name]) => name),
    groups: results.methods.map((method) => ({
      label: method,
      values: series.map(([, subset, selection, pick]) => {
        const row = findRow(results, method, split, subset, selection);
        return row ? pick(row) : null;
      }),
    })),
  };
}

export function splitCharts(results: EvalResults, split: string): string[] {
  const mIoU = (r: Row) => r.mIoU;
  return [
    chart(results, split, 'mIoU and oIoU (top-1)', [
      ['mIoU', 'all', 'top1', mIoU],
      ['oIoU', 'all', 'top1', (r) => r.oIoU],
    ]),
    chart(results, split, 'mIoU with and without direction words', [
      ['direction', 'direction', 'top1', mIoU],
      ['other', 'other', 'top1', mIoU],
    ]),
    chart(results, split, 'mIoU: top-1 vs best of top-3', [
      ['top-1', 'all', 'top1', mIoU],
      ['top-3', 'all', 'top3', mIoU],
    ]),
  ].map(renderBarChart);
}
