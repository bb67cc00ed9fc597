// Exports a dataset in one of the ecosystem's formats. Only accepted annotations by default; `include` adds imported
// ground truth (gt) or every annotation (all).
import { join, resolve } from 'node:path';
import type { ExportFormat, ExportInclude, ExportReport, SegmentationFormat } from '../../shared/domain';
import { buildCocoDocument } from '../io/export-coco';
import { loadExportData } from '../io/export-data';
import { writePngMasks } from '../io/export-png';
import { buildRefs } from '../io/export-refcoco';
import { writeFileAtomic } from '../io/write-atomic';
import type { Store } from '../store/types';

export interface ExportInput {
  datasetId: number;
  format: ExportFormat;
  /** coco: the JSON file to write; refcoco and png: the folder to write into. */
  out: string;
  segmentation: SegmentationFormat;
  include: ExportInclude;
}

/** The refs file name ends like the originals' (refs(unc).p), so RefLabel's importer finds it next to instances.json. */
export const REFS_EXPORT_NAME = 'refs(reflabel).json';

export async function exportDataset(store: Store, input: ExportInput): Promise<ExportReport> {
  const out = resolve(input.out);
  const data = await loadExportData(store, input.datasetId, input.include);
  // PNG masks carry every pixel themselves; only the JSON formats write polygons.
  const coco = buildCocoDocument(data, input.format === 'png' ? 'rle' : input.segmentation);
  const report: ExportReport = {
    format: input.format,
    out,
    images: data.images.length,
    annotations: data.annotations.length,
    expressions: 0,
    warnings: coco.warnings,
  };
  if (data.annotations.length === 0) {
    report.warnings.push(`no annotations matched include='${input.include}'; the export has images only`);
  }
  switch (input.format) {
    case 'coco':
      await writeFileAtomic(out, JSON.stringify(coco.document));
      break;
    case 'refcoco': {
      const { refs, expressions } = buildRefs(data, coco.ids);
      await writeFileAtomic(join(out, 'instances.json'), JSON.stringify(coco.document));
      await writeFileAtomic(join(out, REFS_EXPORT_NAME), JSON.stringify(refs));
      report.expressions = expressions;
      break;
    }
    case 'png': {
      const manifest = await writePngMasks(out, data, coco);
      report.expressions = manifest.reduce((n, m) => n + m.expressions.length, 0);
      break;
    }
  }
  return report;
}
