// Overrides of the methods' and AMG's paper parameters, typed in the method settings and sent with each run as
// `params`. A value is read as the parameter's own type (a number stays a number), so the server gets what its
// presets hold; the server still refuses names its preset lacks.
import type { z } from 'zod';
import type { predictionParamsSchema } from '../../../shared/api';

export type Overrides = z.infer<typeof predictionParamsSchema>;
export type OverrideGroup = keyof Overrides;
export type ParamValue = number | string | boolean | null;

export type Parsed = { ok: true; value: ParamValue } | { ok: false; message: string };

/** Reads typed text as a value of the same type as the preset's `original`. */
export function parseOverride(original: unknown, text: string): Parsed {
  const t = text.trim();
  if (typeof original === 'number') {
    const value = Number(t);
    return t !== '' && Number.isFinite(value) ? { ok: true, value } : { ok: false, message: 'a number' };
  }
  if (typeof original === 'boolean') {
    if (t === 'true' || t === 'false') return { ok: true, value: t === 'true' };
    return { ok: false, message: 'true or false' };
  }
  if (original === null && t === 'null') return { ok: true, value: null };
  return { ok: true, value: t };
}

/** Sets (or, with undefined, removes) one override; groups left empty disappear. */
export function setOverride(
  overrides: Overrides,
  group: OverrideGroup,
  name: string,
  value: ParamValue | undefined,
): Overrides {
  const entries = { ...(overrides[group] ?? {}) };
  if (value === undefined) delete entries[name];
  else entries[name] = value;
  const next: Overrides = { ...overrides };
  if (Object.keys(entries).length) next[group] = entries;
  else delete next[group];
  return next;
}

export function overrideCount(overrides: Overrides): number {
  return Object.values(overrides).reduce((n, group) => n + Object.keys(group ?? {}).length, 0);
}

/** A method's presets side by side: every parameter name once, in the order first seen, with each preset's value. */
export function paramRows(
  byPreset: Record<string, Record<string, unknown>>,
): { name: string; values: Record<string, unknown> }[] {
  const rows = new Map<string, Record<string, unknown>>();
  for (const [preset, params] of Object.entries(byPreset)) {
    for (const [name, value] of Object.entries(params)) {
      const row = rows.get(name) ?? {};
      row[preset] = value;
      rows.set(name, row);
    }
  }
  return [...rows].map(([name, values]) => ({ name, values }));
}

export function valueText(value: unknown): string {
  if (value === undefined) return '—';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Number(value.toFixed(6)));
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}
