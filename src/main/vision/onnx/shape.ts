// Static shapes with symbolic dimensions. A dimension is a number or a symbol such as 'B'; products of symbols
// (from reshapes) are written canonically as 'B*K*12' so equal products compare equal as strings.

export type Dim = number | string;
export type Shape = readonly Dim[];

export function formatShape(shape: Shape): string {
  return `[${shape.join(', ')}]`;
}

/** A dimension as factor × symbols. */
interface Term {
  factor: number;
  symbols: string[];
}

function toTerm(dim: Dim): Term {
  if (typeof dim === 'number') return { factor: dim, symbols: [] };
  let factor = 1;
  const symbols: string[] = [];
  for (const part of dim.split('*')) {
    if (/^\d+$/.test(part)) factor *= Number(part);
    else symbols.push(part);
  }
  return { factor, symbols: symbols.sort() };
}

function fromTerm(term: Term): Dim {
  if (term.symbols.length === 0) return term.factor;
  const parts = [...term.symbols].sort();
  if (term.factor !== 1) parts.push(String(term.factor));
  return parts.join('*');
}

export function dimProduct(dims: Shape): Dim {
  const term: Term = { factor: 1, symbols: [] };
  for (const d of dims) {
    const t = toTerm(d);
    term.factor *= t.factor;
    term.symbols.push(...t.symbols);
  }
  return fromTerm(term);
}

/** a / b when it divides exactly (numbers and symbols both), else null. */
export function dimQuotient(a: Dim, b: Dim): Dim | null {
  const ta = toTerm(a);
  const tb = toTerm(b);
  if (tb.factor === 0 || ta.factor % tb.factor !== 0) return null;
  const rest = [...ta.symbols];
  for (const s of tb.symbols) {
    const i = rest.indexOf(s);
    if (i < 0) return null;
    rest.splice(i, 1);
  }
  return fromTerm({ factor: ta.factor / tb.factor, symbols: rest });
}

export function sameDim(a: Dim, b: Dim): boolean {
  return fromTerm(toTerm(a)) === fromTerm(toTerm(b));
}

export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => sameDim(d, b[i]));
}

/** Numpy broadcasting; a symbol meets only itself or 1 (the builder never relies on a symbol being 1 at run time). */
export function broadcastShapes(a: Shape, b: Shape): Shape | null {
  const rank = Math.max(a.length, b.length);
  const out: Dim[] = [];
  for (let i = 0; i < rank; i++) {
    const da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
    const db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
    if (sameDim(da, db) || db === 1) out.push(da);
    else if (da === 1) out.push(db);
    else return null;
  }
  return out;
}

export function normalizeAxis(axis: number, rank: number): number | null {
  const a = axis < 0 ? axis + rank : axis;
  return a >= 0 && a < rank ? a : null;
}

/**
 * Output shape of ONNX Reshape with a constant target (0 copies the input dimension, -1 is inferred), or an error
 * message.
 */
export function reshapeShape(input: Shape, target: readonly Dim[]): Shape | string {
  const out: Dim[] = target.map((d, i) => (d === 0 ? (i < input.length ? input[i] : NaN) : d));
  if (out.some((d) => typeof d === 'number' && Number.isNaN(d))) return 'a 0 in the target has no input dimension';
  const inferred = out.flatMap((d, i) => (d === -1 ? [i] : []));
  if (inferred.length > 1) return 'more than one -1 in the target';
  const total = dimProduct(input);
  if (inferred.length === 1) {
    const known = dimProduct(out.filter((d) => d !== -1));
    const rest = dimQuotient(total, known);
    if (rest === null) return `cannot infer -1: ${total} elements do not divide by ${known}`;
    out[inferred[0]] = rest;
  } else if (!sameDim(total, dimProduct(out))) {
    return `element counts differ (${total} vs ${dimProduct(out)})`;
  }
  return out;
}

/** Sum of dimensions along a concatenation axis; symbolic parts are kept as an opaque sum such as '197+K'. */
export function dimSum(dims: Shape): Dim {
  let total = 0;
  const symbolic: string[] = [];
  for (const d of dims) {
    if (typeof d === 'number') total += d;
    else {
      for (const part of d.split('+')) {
        if (/^\d+$/.test(part)) total += Number(part);
        else symbolic.push(part);
      }
    }
  }
  if (symbolic.length === 0) return total;
  const parts = total ? [String(total), ...symbolic.sort()] : symbolic.sort();
  return parts.join('+');
}

/** dim − n for a number or a sum with enough numeric part; null when it cannot be known statically. */
export function dimMinus(dim: Dim, n: number): Dim | null {
  if (n === 0) return dim;
  if (typeof dim === 'number') return dim - n;
  const parts = dim.split('+');
  const numeric = parts.filter((p) => /^\d+$/.test(p)).reduce((a, p) => a + Number(p), 0);
  if (numeric < n) return null;
  return dimSum([numeric - n, parts.filter((p) => !/^\d+$/.test(p)).join('+')].filter((p) => p !== '' && p !== 0));
}

/** The numeric part of a sum such as '197+K' (symbols count as ≥ 0), the value of a number, else 0. */
export function dimLowerBound(dim: Dim): number {
  if (typeof dim === 'number') return dim;
  return dim
    .split('+')
    .filter((p) => /^\d+$/.test(p))
    .reduce((a, p) => a + Number(p), 0);
}
