import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type EvalResults, renderBarChart, renderCsv, renderHtml } from '../../../src/main/eval';

// A hand-made results object: one method on one split, with direction rows, and a method whose name needs
// escaping in CSV and HTML.
const RESULTS: EvalResults = {
  thresholds: [0.5, 0.6, 0.7, 0.8, 0.9],
  methods: ['copatch', 'a "b", <c> & d'],
  splits: ['val'],
  rows: [
    {
      method: 'copatch',
      split: 'val',
      subset: 'all',
      selection: 'top1',
      count: 3,
      mIoU: 0.5,
      oIoU: 35 / 68,
      precision: [1 / 3, 1 / 3, 1 / 3, 1 / 3, 0],
    },
    {
      method: 'copatch',
      split: 'val',
      subset: 'all',
      selection: 'top3',
      count: 3,
      mIoU: 0.75,
      oIoU: 0.6,
      precision: [2 / 3, 2 / 3, 1 / 3, 1 / 3, 1 / 3],
    },
    {
      method: 'copatch',
      split: 'val',
      subset: 'direction',
      selection: 'top1',
      count: 1,
      mIoU: 1,
      oIoU: 1,
      precision: [1, 1, 1, 1, 1],
    },
    {
      method: 'a "b", <c> & d',
      split: 'val',
      subset: 'all',
      selection: 'top1',
      count: 2,
      mIoU: 0.123456,
      oIoU: 0,
      precision: [0, 0, 0, 0, 0],
    },
  ],
};

test('CSV: one line per row, percentages with two decimals, RFC 4180 quoting', () => {
  assert.equal(
    renderCsv(RESULTS),
    [
      'method,split,subset,selection,count,mIoU (%),oIoU (%),P@0.5 (%),P@0.6 (%),P@0.7 (%),P@0.8 (%),P@0.9 (%)',
      // 35/68 = 51.470588…%, 1/3 = 33.33%.
      'copatch,val,all,top1,3,50.00,51.47,33.33,33.33,33.33,33.33,0.00',
      'copatch,val,all,top3,3,75.00,60.00,66.67,66.67,33.33,33.33,33.33',
      'copatch,val,direction,top1,1,100.00,100.00,100.00,100.00,100.00,100.00,100.00',
      '"a ""b"", <c> & d",val,all,top1,2,12.35,0.00,0.00,0.00,0.00,0.00,0.00',
      '',
    ].join('\r\n'),
  );
});

test('HTML: self-contained, escaped, with the tables and charts', () => {
  const html = renderHtml(RESULTS, { dataset: 'toy <set>', generatedAt: '2025-01-02 03:04', notes: ['sam-default'] });
  assert.ok(html.startsWith('<!DOCTYPE html>'));
  // Nothing to fetch and nothing to run.
  assert.doesNotMatch(html, /<script|<link|<img|<iframe|\bsrc=|@import|url\(/i);
  assert.doesNotMatch(html, /href="(?!#)/);
  // Names are escaped wherever they appear.
  assert.ok(html.includes('toy &#60;set&#62;'));
  assert.ok(html.includes('a &#34;b&#34;, &#60;c&#62; &#38; d'));
  assert.ok(!html.includes('<c>'));
  assert.ok(html.includes('2025-01-02 03:04'));
  assert.ok(html.includes('sam-default'));
  // The split table row for copatch: N, mIoU, oIoU, then the five precisions.
  assert.ok(
    html.includes(
      '<tr><td>copatch</td><td>3</td><td>50.00</td><td>51.47</td><td>33.33</td><td>33.33</td><td>33.33</td><td>33.33</td><td>0.00</td></tr>',
    ),
  );
  // The breakdown row: 1 direction expression at 100, no "other" row (shown as a dash), top-1 vs top-3.
  assert.ok(
    html.includes(
      '<tr><td>copatch</td><td>1</td><td>100.00</td><td>0</td><td>–</td><td>50.00</td><td>75.00</td><td>51.47</td><td>60.00</td></tr>',
    ),
  );
  assert.equal(html.match(/<svg /g)?.length, 3);
  // Deterministic.
  assert.equal(
    renderHtml(RESULTS, { dataset: 'toy <set>', generatedAt: '2025-01-02 03:04', notes: ['sam-default'] }),
    html,
  );
});

test('bar chart: bar height is the value on a 160 px axis, with a hover title; gaps for missing values', () => {
  const svg = renderBarChart({
    title: 'mIoU',
    series: ['top-1', 'top-3'],
    groups: [{ label: 'copatch', values: [0.5, null] }],
  });
  // 0.5 of the 160 px plot, from y = 40 + 80 = 120.
  assert.match(
    svg,
    /<rect x="[\d.]+" y="120.0" width="16" height="80.0" fill="#3b6ea5"><title>copatch · top-1: 50.00 %<\/title><\/rect>/,
  );
  assert.equal(svg.match(/<title>/g)?.length, 1);
  assert.ok(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"'));
});

test('HTML for an empty evaluation says so', () => {
  const html = renderHtml({ thresholds: [0.5], methods: [], splits: [], rows: [] }, { dataset: 'd' });
  assert.ok(html.includes('No expressions were evaluated.'));
});
