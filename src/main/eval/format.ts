// Shared formatting for the CSV and HTML reports: fractions shown as percentages, as the papers print them.

export function percent(v: number): string {
  return (v * 100).toFixed(2);
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function thresholdLabel(x: number): string {
  return `P@${x}`;
}
