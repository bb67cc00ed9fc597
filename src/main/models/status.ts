// What is installed: per model (installed / partial / missing, file by file) and per method (ready, or which
// models are still missing). Status is cheap by default (sizes against the install record); `verify` re-hashes.
import { stat } from 'node:fs/promises';
import type { Catalog, ModelEntry } from './catalog';
import { sha256File } from './file-hash';
import { readInstallRecord } from './install-record';
import { modelDir, modelFilePath } from './model-paths';

export type ModelFileState =
  /** Present and matching what was recorded at install. */
  | 'installed'
  | 'missing'
  /** An interrupted download (`.part`) is waiting to be resumed. */
  | 'partial'
  /** Present but never checked by the manager (put there by hand); `install` checks and records it. */
  | 'unrecorded'
  /** Its size (or, with verify, its hash) no longer matches the record. */
  | 'corrupt';

export type ModelState = 'installed' | 'partial' | 'missing';

export interface ModelFileStatus {
  path: string;
  state: ModelFileState;
  /** Bytes on disk (the part file's for a partial download). */
  bytes: number;
  sha256: string | null;
}

export interface ModelStatus {
  id: string;
  title: string;
  family: string;
  state: ModelState;
  dir: string;
  files: ModelFileStatus[];
}

export interface MethodStatus {
  id: string;
  title: string;
  ready: boolean;
  /** The requirement groups not yet met; installing any one model of each group makes the method ready. */
  missing: string[][];
}

export async function modelStatus(
  catalog: Catalog,
  root: string,
  { verify = false }: { verify?: boolean } = {},
): Promise<ModelStatus[]> {
  return Promise.all(catalog.models.map((model) => oneModelStatus(model, root, verify)));
}

async function oneModelStatus(model: ModelEntry, root: string, verify: boolean): Promise<ModelStatus> {
  const dir = modelDir(root, model);
  const record = await readInstallRecord(dir, model.id);
  const files: ModelFileStatus[] = [];
  for (const file of model.files) {
    const path = modelFilePath(root, model, file);
    const known = record.files[file.path];
    const onDisk = await stat(path).catch(() => null);
    if (!onDisk) {
      const part = await stat(`${path}.part`).catch(() => null);
      files.push({ path: file.path, state: part ? 'partial' : 'missing', bytes: part?.size ?? 0, sha256: null });
      continue;
    }
    let state: ModelFileState = !known ? 'unrecorded' : onDisk.size !== known.size ? 'corrupt' : 'installed';
    if (state === 'installed' && verify && (await sha256File(path)) !== known.sha256) state = 'corrupt';
    files.push({ path: file.path, state, bytes: onDisk.size, sha256: known?.sha256 ?? null });
  }
  return { id: model.id, title: model.title, family: model.family, state: overall(files), dir, files };
}

function overall(files: ModelFileStatus[]): ModelState {
  if (files.every((f) => f.state === 'installed')) return 'installed';
  if (files.every((f) => f.state === 'missing')) return 'missing';
  return 'partial';
}

export function methodStatus(catalog: Catalog, models: readonly ModelStatus[]): MethodStatus[] {
  const installed = new Set(models.filter((m) => m.state === 'installed').map((m) => m.id));
  return Object.entries(catalog.methods).map(([id, method]) => {
    const missing = method.requires.filter((group) => !group.some((model) => installed.has(model)));
    return { id, title: method.title, ready: missing.length === 0, missing };
  });
}
