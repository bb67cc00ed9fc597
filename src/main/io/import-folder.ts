// A dataset from a folder of images (recursive): the plan is the list of image files; once each is probed for size
// and hash, the dataset and all its images are written in one transaction.
import type { ImportReport } from '../../shared/domain';
import { insertDataset } from '../services/datasets';
import { insertImages } from '../services/images';
import type { SqlWriter } from '../store/types';
import { scanImageFolder } from './image-folder';
import type { ProbedImage } from './probe-images';

export async function listFolderImages(root: string): Promise<string[]> {
  const paths = await scanImageFolder(root);
  if (paths.length === 0) throw new Error(`${root}: no jpg, png or webp images found (searched recursively)`);
  return paths;
}

export function folderWriter(
  root: string,
  name: string,
  probes: Map<string, ProbedImage>,
): (tx: SqlWriter) => Promise<ImportReport> {
  const paths = [...probes.keys()].sort();
  return async (tx) => {
    const dataset = await insertDataset(tx, { name, root });
    // Folder images get ids 1..n in path order, so exports have stable image ids from the first one on.
    await insertImages(
      tx,
      paths.map((path, index) => {
        const image = probes.get(path)!;
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
    return { datasetId: dataset.id, images: paths.length, categories: 0, annotations: 0, expressions: 0, warnings: [] };
  };
}
