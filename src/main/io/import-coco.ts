// Imports a COCO instances JSON with its images: parse and validate the file, probe every image, convert every
// segmentation to compressed RLE — all before the write lock is taken — then write the dataset, its images,
// categories and ground-truth annotations in one transaction.
import { readFile } from 'node:fs/promises';
import { basename, dirname, extname, resolve } from 'node:path';
import type { ImportReport, Rle } from '../../shared/domain';
import { insertAnnotations } from '../services/annotations';
import { ensureCategories } from '../services/categories';
import { insertDataset } from '../services/datasets';
import { insertImages } from '../services/images';
import type { SqlWriter, Store } from '../store/types';
import { segmentationToRle } from './coco-masks';
import { parseCocoInstances, type CocoInstances } from './coco-schema';
import { ImportProblems, type ImportProgressListener } from './import-progress';
import { probeImages, type ProbedImage } from './probe-images';

export interface ImportCocoInput {
  /** The instances JSON. */
  file: string;
  /** Folder the images' file_name values are relative to; defaults to the JSON's folder. */
  imagesDir?: string;
  name?: string;
  onProgress?: ImportProgressListener;
}

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

export async function prepareCoco(
  file: string,
  imagesDir: string | undefined,
  onProgress?: ImportProgressListener,
): Promise<PreparedCoco> {
  const coco = await readCocoFile(file);
  const root = resolve(imagesDir ?? dirname(file));
  const problems = new ImportProblems(file);

  const paths = coco.images.map((image) => image.fileName.replaceAll('\\', '/'));
  const probes = await probeImages(
    root,
    paths,
    (path, message) => problems.add(`image file '${path}': ${message}`),
    (done, total) => onProgress?.({ phase: 'probe', done, total }),
  );
  coco.images.forEach((image, index) => {
    const probe = probes.get(paths[index]);
    if (probe && (probe.width !== image.width || probe.height !== image.height)) {
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

export async function importCoco(store: Store, input: ImportCocoInput): Promise<ImportReport> {
  const file = resolve(input.file);
  const prepared = await prepareCoco(file, input.imagesDir, input.onProgress);
  const name = input.name ?? basename(file, extname(file));
  input.onProgress?.({ phase: 'write', done: 0, total: prepared.coco.annotations.length });
  return store.write(async (tx) => {
    const written = await writeCoco(tx, prepared, name);
    input.onProgress?.({
      phase: 'write',
      done: prepared.coco.annotations.length,
      total: prepared.coco.annotations.length,
    });
    return {
      datasetId: written.datasetId,
      images: prepared.coco.images.length,
      categories: prepared.coco.categories.length,
      annotations: prepared.coco.annotations.length,
      expressions: 0,
      warnings: [],
    };
  });
}
