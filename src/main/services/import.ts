// Every import goes plan → probe each image → build and write in one transaction. `importPath` runs the steps
// in-process (the CLI); the 'import' job kind (import-job.ts) runs the same steps as a resumable job (the app).
import { stat } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import type { ImportReport } from '../../shared/domain';
import { listFolderImages, folderWriter } from '../io/import-folder';
import { cocoImagePaths, cocoImagesRoot, cocoWriter, prepareCoco, readCocoFile } from '../io/import-coco';
import type { CocoInstances } from '../io/coco-schema';
import { ImportProblems, type ImportProgressListener } from '../io/import-progress';
import { chooseRefsFile, findRefsFiles, refcocoWriter } from '../io/import-refcoco';
import { probeImages, type ProbedImage } from '../io/probe-images';
import { loadRefsFile, type RefRecord } from '../io/refs-schema';
import { ConflictError } from '../store/errors';
import type { SqlWriter, Store } from '../store/types';

export interface ImportInput {
  /** A folder of images, a COCO instances JSON, or a RefCOCO folder (instances.json + refs file). */
  path: string;
  name?: string;
  imagesDir?: string;
  refsFile?: string;
}

type Source =
  | { type: 'folder'; root: string }
  | { type: 'coco'; file: string; root: string; coco: CocoInstances }
  | { type: 'refcoco'; file: string; root: string; coco: CocoInstances; refsPath: string; refs: RefRecord[] };

/** What an import will do: its source, the dataset name, and the image files to read (relative to root). */
export interface ImportPlan {
  source: Source;
  name: string;
  root: string;
  paths: string[];
}

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isFile() ?? false;
}

/**
 * Works out what the path is and reads everything but the images: a malformed JSON or refs file fails here, before
 * any image is read. `folderPaths` replaces the folder scan when the images are already known (a resumed job).
 */
export async function planImport(input: ImportInput, folderPaths?: readonly string[]): Promise<ImportPlan> {
  const path = resolve(input.path);
  const info = await stat(path).catch(() => null);
  if (!info) throw new Error(`${path}: no such file or folder`);
  if (info.isFile()) {
    if (extname(path).toLowerCase() !== '.json') {
      throw new Error(
        `${path}: not a COCO instances JSON (expected a .json file, a RefCOCO folder or an image folder)`,
      );
    }
    const coco = await readCocoFile(path);
    const root = cocoImagesRoot(path, input.imagesDir);
    const name = input.name ?? basename(path, extname(path));
    return { source: { type: 'coco', file: path, root, coco }, name, root, paths: cocoImagePaths(coco) };
  }
  if (input.refsFile || ((await isFile(join(path, 'instances.json'))) && (await findRefsFiles(path)).length > 0)) {
    const refsPath = await chooseRefsFile(path, input.refsFile);
    const refs = await loadRefsFile(refsPath);
    const file = join(path, 'instances.json');
    const coco = await readCocoFile(file);
    const root = cocoImagesRoot(file, input.imagesDir ?? path);
    const source: Source = { type: 'refcoco', file, root, coco, refsPath, refs };
    return { source, name: input.name ?? basename(path), root, paths: cocoImagePaths(coco) };
  }
  const paths = folderPaths ? [...folderPaths] : await listFolderImages(path);
  return { source: { type: 'folder', root: path }, name: input.name ?? basename(path), root: path, paths };
}

/** Refuses a name already taken before any image is read, rather than after. */
export async function checkNameFree(store: Store, name: string): Promise<void> {
  const taken = await store.read((db) => db.get<{ id: number }>('SELECT id FROM datasets WHERE name = ?', [name]));
  if (taken) throw new ConflictError(`dataset name '${name}' is already used by dataset ${taken.id}; choose another`);
}

/** Checks the plan against the probed images and returns the transaction that writes the dataset. */
export function buildImport(
  plan: ImportPlan,
  probes: Map<string, ProbedImage>,
  onProgress?: ImportProgressListener,
): (tx: SqlWriter) => Promise<ImportReport> {
  const { source } = plan;
  switch (source.type) {
    case 'folder':
      return folderWriter(source.root, plan.name, probes);
    case 'coco':
      return cocoWriter(prepareCoco(source.file, source.root, source.coco, probes, onProgress), plan.name);
    case 'refcoco': {
      const prepared = prepareCoco(source.file, source.root, source.coco, probes, onProgress);
      return refcocoWriter(prepared, source.refs, basename(source.refsPath), plan.name);
    }
  }
}

/** The file every problem of this import is reported against. */
export function importSubject(plan: ImportPlan): string {
  return plan.source.type === 'folder' ? plan.source.root : plan.source.file;
}

export async function importPath(
  store: Store,
  input: ImportInput & { onProgress?: ImportProgressListener },
): Promise<ImportReport> {
  const plan = await planImport(input);
  await checkNameFree(store, plan.name);
  const problems = new ImportProblems(importSubject(plan));
  const probes = await probeImages(
    plan.root,
    plan.paths,
    (path, message) => problems.add(`image file '${path}': ${message}`),
    (done, total) => input.onProgress?.({ phase: 'probe', done, total }),
  );
  problems.throwIfAny();
  const write = buildImport(plan, probes, input.onProgress);
  input.onProgress?.({ phase: 'write', done: 0, total: plan.paths.length });
  const report = await store.write(write);
  input.onProgress?.({ phase: 'write', done: plan.paths.length, total: plan.paths.length });
  return report;
}
