// One entry point for every import: decides from the path what it is and hands it to its importer.
import { stat } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import type { ImportReport } from '../../shared/domain';
import { importCoco } from '../io/import-coco';
import { importImageFolder } from '../io/import-folder';
import type { ImportProgressListener } from '../io/import-progress';
import { findRefsFiles, importRefcoco } from '../io/import-refcoco';
import type { Store } from '../store/types';

export interface ImportInput {
  /** A folder of images, a COCO instances JSON, or a RefCOCO folder (instances.json + refs file). */
  path: string;
  name?: string;
  imagesDir?: string;
  refsFile?: string;
  onProgress?: ImportProgressListener;
}

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isFile() ?? false;
}

export async function importPath(store: Store, input: ImportInput): Promise<ImportReport> {
  const path = resolve(input.path);
  const info = await stat(path).catch(() => null);
  if (!info) throw new Error(`${path}: no such file or folder`);
  if (info.isFile()) {
    if (extname(path).toLowerCase() !== '.json') {
      throw new Error(
        `${path}: not a COCO instances JSON (expected a .json file, a RefCOCO folder or an image folder)`,
      );
    }
    return importCoco(store, {
      file: path,
      imagesDir: input.imagesDir,
      name: input.name,
      onProgress: input.onProgress,
    });
  }
  if (input.refsFile || ((await isFile(join(path, 'instances.json'))) && (await findRefsFiles(path)).length > 0)) {
    return importRefcoco(store, {
      dir: path,
      refsFile: input.refsFile,
      imagesDir: input.imagesDir,
      name: input.name,
      onProgress: input.onProgress,
    });
  }
  return importImageFolder(store, { root: path, name: input.name, onProgress: input.onProgress });
}
