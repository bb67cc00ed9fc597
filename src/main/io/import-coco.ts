// A COCO instances JSON with its images: the file is parsed and validated, every image probed, every segmentation
// converted to compressed RLE — all before the write lock is taken — then the dataset, its images, categories and
// ground-truth annotations are written in one transaction.
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { ImportReport, Rle } from '../../shared/domain';
import { insertAnnotations } from '../services/annotations';
import { ensureCategories } from '../services/categories';
import { insertDataset } from '../services/datasets';
import { insertImages } from '../services/images';
import type { SqlWriter } from '../store/types';
import { segmentationToRle } from './coco-masks';
import { parseCocoInstances, type CocoInstances } from './coco-schema';
import { ImportProblems, type ImportProgressListener } from './import-progress';
import type { ProbedImage } from './probe-images';

/** A COCO file checked against its images and converted, ready to be written. */
export interface PreparedCoco {
  file: string;
  root: string;
  coco: CocoInstances;
  probes: Map<string, ProbedImage>;
  masks: Rle[];
}

export async function readCocoFile(file: string): Promise<CocoInstances> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new Error(`${file}: cannot read: ${(error as Error).message}`, { cause: error });
  }
  return parseCocoInstances(text, file);
}

/** Where a COCO file's images are: file_name values are relative to it. */
export function cocoImagesRoot(file: string, imagesDir: string | undefined): string {
  return resolve(imagesDir ?? dirname(file));
}

export function cocoImagePaths(coco: CocoInstances): string[] {
  return coco.images.map((image) => image.fileName.replaceAll('\\', '/'));
}

/**
 * Checks the file against its probed images (every image present, sizes as the JSON says) and converts every
 * segmentation to compressed RLE; throws with all problems found.
 */
export function prepareCoco(
  file: string,
  root: string,
  coco: CocoInstances,
  probes: Map<string, ProbedImage>,
  onProgress?: ImportProgressListener,
): PreparedCoco {
  const problems = new ImportProblems(file);
  const paths = cocoImagePaths(coco);
  coco.images.forEach((image, index) => {
    const probe = probes.get(paths[index]);
    if (!probe) {
      problems.add(`image ${image.id} ('${image.fileName}'): the file was not read`);
    } else if (probe.width !== image.width || probe.height !== image.height) {
      problems.add(
        `image ${image.id} ('${image.fileName}'): the JSON says ${image.width}×${image.height} ` +
          `but the file is ${probe.width}×${probe.height} (after EXIF orientation)`,
      );
    }
  });
  problems.throwIfAny();

  const sizes = new Map(coco.images.map((image) => [image.id, image]));
  const masks: Rle[] = [];
  coco.annotations.forEach((annotation, index) => {
    const image = sizes.get(annotation.imageId)!;
    try {
      masks.push(segmentationToRle(annotation.segmentation, image.height, image.width));
    } catch (error) {
      problems.add(`annotation ${annotation.id} (index ${index}): ${(error as Error).message}`);
    }
    if (index % 1000 === 999) onProgress?.({ phase: 'convert', done: index + 1, total: coco.annotations.length });
  });
  problems.throwIfAny();
  return { file, root, coco, probes, masks };
}

export interface WrittenCoco {
  datasetId: number;
  imageIds: Map<number, number>;
  annotationIds: Map<number, number>;
  categoryIds: Map<number, number>;
}

/** Writes a prepared COCO file as a new dataset inside the caller's transaction. */
export async function writeCoco(tx: SqlWriter, prepared: PreparedCoco, name: string): Promise<WrittenCoco> {
  const { coco, probes } = prepared;
  const dataset = await insertDataset(tx, { name, root: prepared.root });
  const imageDbIds = await insertImages(
    tx,
    coco.images.map((image) => {
      const probe = probes.get(image.fileName.replaceAll('\\', '/'))!;
      return {
        datasetId: dataset.id,
        path: probe.path,
        width: image.width,
        height: image.height,
        sha256: probe.sha256,
        bytes: probe.bytes,
        sourceId: image.id,
      };
    }),
  );
  const imageIds = new Map(coco.images.map((image, i) => [image.id, imageDbIds[i]]));

  const categories = await ensureCategories(
    tx,
    coco.categories.map((c) => ({
      datasetId: dataset.id,
      name: c.name,
      supercategory: c.supercategory,
      sourceId: c.id,
    })),
  );
  const categoryIds = new Map(coco.categories.map((c, i) => [c.id, categories[i].id]));

  const annotationDbIds = await insertAnnotations(
    tx,
    coco.annotations.map((annotation, i) => ({
      imageId: imageIds.get(annotation.imageId)!,
      mask: prepared.masks[i],
      categoryId: categoryIds.get(annotation.categoryId)!,
      status: 'accepted' as const,
      provenance: 'ground-truth' as const,
      crowd: annotation.iscrowd === 1,
      sourceId: annotation.id,
      author: 'import',
    })),
  );
  const annotationIds = new Map(coco.annotations.map((annotation, i) => [annotation.id, annotationDbIds[i]]));
  return { datasetId: dataset.id, imageIds, annotationIds, categoryIds };
}

export function cocoWriter(prepared: PreparedCoco, name: string): (tx: SqlWriter) => Promise<ImportReport> {
  return async (tx) => {
    const written = await writeCoco(tx, prepared, name);
    return {
      datasetId: written.datasetId,
      images: prepared.coco.images.length,
      categories: prepared.coco.categories.length,
      annotations: prepared.coco.annotations.length,
      expressions: 0,
      warnings: [],
    };
  };
}
