// IPC uses structured clone and HTTP uses JSON; they agree only on plain JSON data. A handler returning a Date or a
// Uint8Array would work in Electron and break in browser mode, so output checking looks for such values.

/** Describes the first value that JSON would change or drop, or returns null when the value is plain JSON. */
export function plainJsonProblem(value: unknown, path = 'output'): string | null {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return null;
  if (typeof value === 'number')
    return Number.isFinite(value) ? null : `${path} is ${value}, which JSON turns into null`;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      if (value[i] === undefined) return `${path}[${i}] is undefined, which JSON turns into null`;
      const problem = plainJsonProblem(value[i], `${path}[${i}]`);
      if (problem) return problem;
    }
    return null;
  }
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      return `${path} is a ${proto?.constructor?.name ?? 'non-plain object'}, not plain JSON data`;
    }
    for (const [key, item] of Object.entries(value)) {
      // An undefined property is dropped by JSON and kept by structured clone; both read back as undefined.
      if (item === undefined) continue;
      const problem = plainJsonProblem(item, `${path}.${key}`);
      if (problem) return problem;
    }
    return null;
  }
  return `${path} is a ${typeof value}, not plain JSON data`;
}
