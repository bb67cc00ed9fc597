// Installs a catalog model into its folder, file by file: downloaded from the official URL, or copied / hard-linked
// from a folder the user already has (`reflabel models install --from DIR`). Every file is checked against the
// catalog's size and SHA-256, or, when the catalog has no hash, against the hash recorded when it was first
// installed, and only then moved into place. Files already installed are left alone, so an interrupted install
// continues where it stopped.
import { constants } from 'node:fs';
import { copyFile, link, mkdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { ModelEntry, ModelFile } from './catalog';
import { downloadFile } from './download';
import { sha256File } from './file-hash';
import { readInstallRecord, writeInstallRecord, type InstallRecord, type InstalledFile } from './install-record';
import { modelDir, modelFilePath } from './model-paths';

export interface InstallProgress {
  model: string;
  file: string;
  phase: 'download' | 'copy' | 'hash';
  done: number;
  total: number | null;
}

export interface InstallOptions {
  /** The models root (see defaultModelsRoot). */
  root: string;
  /** Take the files from this folder instead of downloading them. */
  from?: string;
  /** With `from`: hard-link instead of copying where the file system allows (falls back to a copy). */
  link?: boolean;
  onProgress?: (progress: InstallProgress) => void;
  signal?: AbortSignal;
  fetch?: typeof fetch;
  now?: () => Date;
}

export async function installModel(model: ModelEntry, options: InstallOptions): Promise<InstallRecord> {
  const dir = modelDir(options.root, model);
  await mkdir(dir, { recursive: true });
  const record = await readInstallRecord(dir, model.id);
  for (const file of model.files) {
    options.signal?.throwIfAborted();
    const target = modelFilePath(options.root, model, file);
    const known = record.files[file.path];
    let onDisk = await stat(target).catch(() => null);
    if (known && onDisk?.size === known.size) continue;
    if (known && onDisk) {
      // Damaged since it was installed (its size changed): fetch it again, still held to the recorded hash.
      await rm(target);
      onDisk = null;
    }
    const installed = onDisk
      ? await adoptFile(model, file, target, known, options)
      : options.from
        ? await copyFromFolder(model, file, target, known, options)
        : await download(model, file, target, known, options);
    record.files[file.path] = installed;
    await writeInstallRecord(dir, record);
  }
  return record;
}

/** The hash a file must have: the catalog's, else the one recorded when it was first installed. */
function expectedHash(file: ModelFile, known: InstalledFile | undefined): string | null {
  return file.sha256 ?? known?.sha256 ?? null;
}

function checkHash(
  model: ModelEntry,
  file: ModelFile,
  known: InstalledFile | undefined,
  where: string,
  sha256: string,
): void {
  const expected = expectedHash(file, known);
  if (expected && sha256 !== expected) {
    const against = file.sha256 ? 'the catalog' : 'the copy installed earlier';
    throw new Error(
      `${where}: SHA-256 ${sha256} differs from ${against} (${expected}) for ${model.id}/${file.path}; ` +
        (file.sha256 ? 'the file is damaged or not the official one' : 'remove the model first to replace it'),
    );
  }
}

function checkSize(model: ModelEntry, file: ModelFile, where: string, size: number): void {
  if (file.size !== null && size !== file.size) {
    throw new Error(`${where}: ${size} bytes, but ${model.id}/${file.path} has ${file.size}`);
  }
}

async function download(
  model: ModelEntry,
  file: ModelFile,
  target: string,
  known: InstalledFile | undefined,
  options: InstallOptions,
): Promise<InstalledFile> {
  const result = await downloadFile(file.url, target, {
    expectedSha256: expectedHash(file, known),
    expectedSize: file.size,
    signal: options.signal,
    fetch: options.fetch,
    onProgress: (p) =>
      options.onProgress?.({ model: model.id, file: file.path, phase: 'download', done: p.received, total: p.total }),
  });
  return entry(result.size, result.sha256, 'download', file.url, options);
}

/** A file already in the model folder that was never recorded (put there by hand): check it and record it. */
async function adoptFile(
  model: ModelEntry,
  file: ModelFile,
  target: string,
  known: InstalledFile | undefined,
  options: InstallOptions,
): Promise<InstalledFile> {
  const size = (await stat(target)).size;
  checkSize(model, file, target, size);
  const sha256 = await hashWithProgress(model, file, target, size, options);
  checkHash(model, file, known, target, sha256);
  return entry(size, sha256, 'found', target, options);
}

async function copyFromFolder(
  model: ModelEntry,
  file: ModelFile,
  target: string,
  known: InstalledFile | undefined,
  options: InstallOptions,
): Promise<InstalledFile> {
  const source = await findInFolder(options.from!, model, file);
  const size = (await stat(source)).size;
  checkSize(model, file, source, size);
  await mkdir(dirname(target), { recursive: true });
  const temp = `${target}.part`;
  await rm(temp, { force: true });
  let how: 'copy' | 'link' = 'copy';
  if (options.link) {
    // Hard links, not symlinks: onnxruntime refuses external data reached through a symlink.
    how = await link(source, temp).then(
      () => 'link' as const,
      () => 'copy' as const,
    );
  }
  if (how === 'copy') {
    options.onProgress?.({ model: model.id, file: file.path, phase: 'copy', done: 0, total: size });
    await copyFile(source, temp, constants.COPYFILE_FICLONE);
    options.onProgress?.({ model: model.id, file: file.path, phase: 'copy', done: size, total: size });
  }
  try {
    const sha256 = await hashWithProgress(model, file, temp, size, options);
    checkHash(model, file, known, source, sha256);
    await rename(temp, target);
    return entry(size, sha256, how, source, options);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}

/** Looks for the file as DIR/<path>, DIR/<model id>/<path>, then DIR/<file name>. */
async function findInFolder(folder: string, model: ModelEntry, file: ModelFile): Promise<string> {
  const parts = file.path.split('/');
  const candidates = [join(folder, ...parts), join(folder, model.id, ...parts), join(folder, basename(file.path))];
  for (const candidate of candidates) {
    if ((await stat(candidate).catch(() => null))?.isFile()) return candidate;
  }
  throw new Error(`${folder}: no ${file.path} for ${model.id} (looked for ${candidates.join(', ')})`);
}

async function hashWithProgress(
  model: ModelEntry,
  file: ModelFile,
  path: string,
  size: number,
  options: InstallOptions,
): Promise<string> {
  let done = 0;
  return sha256File(path, (bytes) => {
    done += bytes;
    options.onProgress?.({ model: model.id, file: file.path, phase: 'hash', done, total: size });
  });
}

function entry(
  size: number,
  sha256: string,
  source: InstalledFile['source'],
  origin: string,
  options: InstallOptions,
): InstalledFile {
  return { size, sha256, source, origin, installedAt: (options.now?.() ?? new Date()).toISOString() };
}

/** Deletes a model's folder: its files, partial downloads, install record and compiled graphs. */
export async function removeModel(root: string, model: ModelEntry): Promise<void> {
  await rm(modelDir(root, model), { recursive: true, force: true });
}
