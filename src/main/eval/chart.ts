// A grouped bar chart as inline SVG, for the self-contained HTML report: no script, no external asset. Values
// are fractions drawn on a 0–100 % axis; each bar carries a <title> so hovering shows the exact value.

import { escapeHtml, percent } from './format';

export interface BarGroup {
  label: string;
  /** One value per series, in 0..1; null leaves a gap (no expressions in that group). */
  values: (number | null)[];
}

export interface BarChart {
  title: string;
  series: string[];
  groups: BarGroup[];
}

const PALETTE = ['#3b6ea5', '#e07b39', '#4c9a5b', '#b04a5a', '#7a5ea8', '#8c6d3f'];
const BAR = 18;
const GAP = 22;
const LEFT = 44;
const TOP = 40;
const PLOT = 160;
const BOTTOM = 48;

export function renderBarChart(chart: BarChart): string {
  const n = chart.series.length;
  const groupWidth = n * BAR + GAP;
  // Wide enough for the bars, the legend (110 px an entry) and the title, so a report with few groups is not clipped.
  const width = Math.max(
    LEFT + Math.max(1, chart.groups.length) * groupWidth + 10,
    LEFT + n * 110 + 10,
    LEFT + chart.title.length * 8 + 10,
  );
  const height = TOP + PLOT + BOTTOM;
  const y = (v: number): number => TOP + PLOT * (1 - Math.min(Math.max(v, 0), 1));
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
      `role="img" aria-label="${escapeHtml(chart.title)}">`,
  );
  parts.push(`<text x="${LEFT}" y="16" class="chart-title">${escapeHtml(chart.title)}</text>`);
  chart.series.forEach((s, i) => {
    const x = LEFT + i * 110;
    parts.push(`<rect x="${x}" y="24" width="10" height="10" fill="${PALETTE[i % PALETTE.length]}"/>`);
    parts.push(`<text x="${x + 14}" y="33" class="legend">${escapeHtml(s)}</text>`);
  });
  for (const tick of [0, 0.25, 0.5, 0.75, 1]) {
    const ty = y(tick);
    parts.push(`<line x1="${LEFT}" x2="${width - 10}" y1="${ty}" y2="${ty}" class="grid"/>`);
    parts.push(`<text x="${LEFT - 6}" y="${ty + 4}" class="axis" text-anchor="end">${tick * 100}</text>`);
  }
  chart.groups.forEach((g, gi) => {
    const x0 = LEFT + gi * groupWidth + GAP / 2;
    g.values.forEach((v, si) => {
      if (v === null) return;
      const x = x0 + si * BAR;
      const top = y(v);
      const label = `${g.label} · ${chart.series[si]}: ${percent(v)} %`;
      parts.push(
        `<rect x="${x}" y="${top.toFixed(1)}" width="${BAR - 2}" height="${(TOP + PLOT - top).toFixed(1)}" ` +
          `fill="${PALETTE[si % PALETTE.length]}"><title>${escapeHtml(label)}</title></rect>`,
      );
    });
    const cx = x0 + (n * BAR) / 2;
    parts.push(
      `<text x="${cx}" y="${TOP + PLOT + 16}" class="axis" text-anchor="middle">${escapeHtml(g.label)}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('');
}
