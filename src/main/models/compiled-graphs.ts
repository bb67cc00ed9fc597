// Where a compiled ONNX graph is cached and under which key. onnxruntime only reads external data from the .onnx
// file's own directory (no absolute paths, '..' or symlinks), so a graph whose initialisers point into a
// .safetensors file is written next to that file: <model folder>/[sub folder/]<family>.<variant>.<key>.onnx.
// The key changes whenever the weights (by hash), the family, the variant, its options or the builder change.
import { createHash } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';

export interface CompiledGraphSpec {
  family: string;
  /** e.g. 'clip.image'. */
  variant: string;
  /** Variant options that change the graph, e.g. { taps: [8, 10], size: 448, dtype: 'fp16' }. */
  options?: Record<string, unknown>;
  /** Bumped by the graph builder whenever its output for the same inputs changes. */
  builderVersion: string;
  /** Every weights file the graph reads, with the SHA-256 the install record holds for it. */
  weights: readonly { file: string; sha256: string }[];
}

/** 16 hex digits of SHA-256 over a canonical JSON of the spec (file paths excluded: a moved model stays cached). */
export function compiledGraphKey(spec: CompiledGraphSpec): string {
  const canonical = canonicalJson({
    family: spec.family,
    variant: spec.variant,
    options: spec.options ?? {},
    builderVersion: spec.builderVersion,
    weights: spec.weights.map((w) => w.sha256),
  });
  return createHash('sha256').update(canonical).digest('hex').slice(0, 16);
}

/** The cache path of the graph: beside its weights, which must all share one folder. */
export function compiledGraphPath(spec: CompiledGraphSpec): string {
  if (spec.weights.length === 0)
    throw new Error(`${spec.family} ${spec.variant}: a compiled graph needs its weights files`);
  const folders = new Set(spec.weights.map((w) => dirname(resolve(w.file))));
  if (folders.size > 1) {
    throw new Error(
      `${spec.family} ${spec.variant}: the weights lie in ${[...folders].join(' and ')}; ONNX external data must all ` +
        "sit in the graph's own folder",
    );
  }
  const name = `${spec.family}.${spec.variant}.${compiledGraphKey(spec)}.onnx`.replace(/[^A-Za-z0-9._-]/g, '_');
  return join([...folders][0], name);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
