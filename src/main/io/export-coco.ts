// Builds a COCO instances document from the exported records: compressed RLE by default, polygons on request with
// warnings for everything polygons cannot carry (holes, parts too small to form a polygon).
import type { Annotation, SegmentationFormat } from '../../shared/domain';
import { maskToCocoPolygons, runsFromRle, runsToMaskWindow } from '../masks';
import type { ExportData } from './export-data';
import { exportIds } from './export-ids';

/** Category for annotations nobody gave one: COCO requires a category on every annotation. */
export const FALLBACK_CATEGORY = 'object';

export interface CocoDocument {
  info: { description: string };
  images: { id: number; file_name: string; width: number; height: number }[];
  categories: { id: number; name: string; supercategory: string }[];
  annotations: {
    id: number;
    image_id: number;
    category_id: number;
    segmentation: { size: [number, number]; counts: string } | number[][];
    area: number;
    bbox: [number, number, number, number];
    iscrowd: 0 | 1;
  }[];
}

export interface CocoExportIds {
  images: Map<number, number>;
  categories: Map<number, number>;
  annotations: Map<number, number>;
  /** Export id of the fallback category, if any annotation needed it. */
  fallbackCategory: number | null;
}

export interface CocoExport {
  document: CocoDocument;
  ids: CocoExportIds;
  warnings: string[];
}

function listIds(ids: number[], limit = 10): string {
  return ids.slice(0, limit).join(', ') + (ids.length > limit ? `, … (${ids.length} in all)` : '');
}

/**
 * Traces the object inside its box plus a one-pixel margin rather than over the whole image: the cost follows the
 * object's size. Outlines run along pixel corners, so moving them back by whole pixels changes nothing.
 */
function objectPolygons(annotation: Annotation): ReturnType<typeof maskToCocoPolygons> {
  const [bx, by, bw, bh] = annotation.bbox;
  const x0 = bx - 1;
  const y0 = by - 1;
  const window = runsToMaskWindow(runsFromRle(annotation.mask), x0, y0, bw + 2, bh + 2);
  const { polygons, report } = maskToCocoPolygons(window);
  for (const polygon of polygons) {
    for (let i = 0; i < polygon.length; i += 2) {
      polygon[i] += x0;
      polygon[i + 1] += y0;
    }
  }
  return { polygons, report };
}

export function buildCocoDocument(data: ExportData, segmentation: SegmentationFormat): CocoExport {
  const warnings: string[] = [];
  const imageIds = exportIds(data.images);
  const categoryIds = exportIds(data.categories);
  const annotationIds = exportIds(data.annotations);

  const uncategorised = data.annotations.filter((a) => a.categoryId === null || !categoryIds.has(a.categoryId));
  let fallbackCategory: number | null = null;
  const categories = data.categories.map((c) => ({
    id: categoryIds.get(c.id)!,
    name: c.name,
    supercategory: c.supercategory ?? '',
  }));
  if (uncategorised.length > 0) {
    const existing = categories.find((c) => c.name === FALLBACK_CATEGORY);
    fallbackCategory = existing?.id ?? Math.max(0, ...categories.map((c) => c.id)) + 1;
    if (!existing) categories.push({ id: fallbackCategory, name: FALLBACK_CATEGORY, supercategory: '' });
    warnings.push(
      `${uncategorised.length} annotation(s) have no category and were exported as '${FALLBACK_CATEGORY}' ` +
        `(annotation ids ${listIds(uncategorised.map((a) => annotationIds.get(a.id)!))})`,
    );
  }

  const lostHoles: number[] = [];
  const lostParts: number[] = [];
  const keptAsRle: number[] = [];
  let holes = 0;
  const segmentationOf = (
    annotation: Annotation,
    exportId: number,
  ): CocoDocument['annotations'][number]['segmentation'] => {
    if (segmentation === 'rle') return { size: annotation.mask.size, counts: annotation.mask.counts };
    const { polygons, report } = objectPolygons(annotation);
    if (report.lostHoles > 0) {
      lostHoles.push(exportId);
      holes += report.lostHoles;
    }
    if (report.lostParts > 0) lostParts.push(exportId);
    if (polygons.length === 0) {
      keptAsRle.push(exportId);
      return { size: annotation.mask.size, counts: annotation.mask.counts };
    }
    return polygons;
  };

  const annotations = data.annotations.map((a) => {
    const id = annotationIds.get(a.id)!;
    return {
      id,
      image_id: imageIds.get(a.imageId)!,
      category_id:
        a.categoryId !== null && categoryIds.has(a.categoryId) ? categoryIds.get(a.categoryId)! : fallbackCategory!,
      segmentation: segmentationOf(a, id),
      area: a.area,
      bbox: a.bbox,
      iscrowd: a.crowd ? (1 as const) : (0 as const),
    };
  });

  if (lostHoles.length) {
    warnings.push(
      `polygon export lost ${holes} hole(s) in ${lostHoles.length} annotation(s): COCO polygons cannot carry holes ` +
        `(annotation ids ${listIds(lostHoles)}); export as RLE to keep them`,
    );
  }
  if (lostParts.length) {
    warnings.push(
      `polygon export dropped parts too small for a polygon in ${lostParts.length} annotation(s) ` +
        `(annotation ids ${listIds(lostParts)})`,
    );
  }
  if (keptAsRle.length) {
    warnings.push(
      `${keptAsRle.length} annotation(s) have no part large enough for a polygon and were written as RLE ` +
        `(annotation ids ${listIds(keptAsRle)})`,
    );
  }

  const document: CocoDocument = {
    info: { description: `RefLabel export of dataset '${data.dataset.name}'` },
    images: data.images.map((image) => ({
      id: imageIds.get(image.id)!,
      file_name: image.path,
      width: image.width,
      height: image.height,
    })),
    categories,
    annotations,
  };
  return {
    document,
    ids: { images: imageIds, categories: categoryIds, annotations: annotationIds, fallbackCategory },
    warnings,
  };
}
