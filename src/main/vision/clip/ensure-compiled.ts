// Compiles a CLIP variant the first time a method needs it and reuses it afterwards: the graph is cached beside its
// weights under a key of (weights hash, family, variant with its options, builder version), so new weights, other
// options or a newer builder each get their own graph and a stale one is never run.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { compiledGraphPath } from '../../models/compiled-graphs';
import { sha256File } from '../../models/file-hash';
import { CLIP_BUILDER_VERSION, CLIP_WEIGHTS_FILE, compileClip } from './compile';
import type { ClipVariant } from './variant';

export interface EnsureClipGraphOptions {
  weightsDir: string;
  variant: ClipVariant;
  dtype?: 'float32' | 'float16';
  /** The weights' SHA-256 when the caller knows it (the model manager's install record); hashed here otherwise. */
  weightsSha256?: string;
}

// Hashing a 600 MB checkpoint takes about a second: once per file version per process is enough.
const hashes = new Map<string, Promise<string>>();

async function weightsHash(file: string): Promise<string> {
  const info = await stat(file);
  const key = `${file}:${info.size}:${info.mtimeMs}`;
  let hash = hashes.get(key);
  if (!hash) {
    hash = sha256File(file);
    hashes.set(key, hash);
  }
  return hash;
}

/** The path of the compiled graph, compiling it only when no graph with this key exists yet. */
export async function ensureClipGraph(options: EnsureClipGraphOptions): Promise<string> {
  const file = join(options.weightsDir, CLIP_WEIGHTS_FILE);
  const dtype = options.dtype ?? 'float32';
  const path = compiledGraphPath({
    family: 'clip',
    variant: options.variant.variant,
    options: { ...options.variant, dtype },
    builderVersion: CLIP_BUILDER_VERSION,
    weights: [{ file, sha256: options.weightsSha256 ?? (await weightsHash(file)) }],
  });
  if (await stat(path).catch(() => null)) return path;
  await compileClip({ weightsDir: options.weightsDir, variant: options.variant, dtype, out: path });
  return path;
}
