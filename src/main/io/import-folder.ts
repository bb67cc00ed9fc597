// Creates a dataset from a folder of images (recursive): every image is probed for size and hash first, then the
// dataset and all its images are written in one transaction.
import { basename, resolve } from 'node:path';
import type { ImportReport } from '../../shared/domain';
import { insertDataset } from '../services/datasets';
import { insertImages } from '../services/images';
import type { Store } from '../store/types';
import { scanImageFolder } from './image-folder';
import { ImportProblems, type ImportProgressListener } from './import-progress';
import { probeImages } from './probe-images';

export interface ImportFolderInput {
  root: string;
  name?: string;
  onProgress?: ImportProgressListener;
}

export async function importImageFolder(store: Store, input: ImportFolderInput): Promise<ImportReport> {
  const root = resolve(input.root);
  const name = input.name ?? basename(root);
  input.onProgress?.({ phase: 'scan', done: 0, total: 0 });
  const paths = await scanImageFolder(root);
  if (paths.length === 0) throw new Error(`${root}: no jpg, png or webp images found (searched recursively)`);

  const problems = new ImportProblems(root);
  const probed = await probeImages(
    root,
    paths,
    (path, message) => problems.add(`${path}: ${message}`),
    (done, total) => input.onProgress?.({ phase: 'probe', done, total }),
  );
  problems.throwIfAny();

  input.onProgress?.({ phase: 'write', done: 0, total: paths.length });
  return store.write(async (tx) => {
    const dataset = await insertDataset(tx, { name, root });
    // Folder images get ids 1..n in path order, so exports have stable image ids from the first one on.
    await insertImages(
      tx,
      paths.map((path, index) => {
        const image = probed.get(path)!;
        return {
          datasetId: dataset.id,
          path,
          width: image.width,
          height: image.height,
          sha256: image.sha256,
          bytes: image.bytes,
          sourceId: index + 1,
        };
      }),
    );
    input.onProgress?.({ phase: 'write', done: paths.length, total: paths.length });
    return { datasetId: dataset.id, images: paths.length, categories: 0, annotations: 0, expressions: 0, warnings: [] };
  });
}
