import type { ExportFormat, ExportInclude, SegmentationFormat } from '../../../shared/domain';
import { openStore } from '../../store/open-store';
import { getDatasetByName } from '../../services/datasets';
import { exportDataset } from '../../services/export';
import { databaseFile } from '../database-option';
import { oneOf, parseCommandArgs, requireOption, CliUsageError } from '../usage';

const FORMATS: readonly ExportFormat[] = ['coco', 'refcoco', 'png'];
const SEGMENTATIONS: readonly SegmentationFormat[] = ['rle', 'polygon'];
const INCLUDES: readonly ExportInclude[] = ['accepted', 'gt', 'all'];

export async function exportCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseCommandArgs(argv, {
    db: { type: 'string' },
    dataset: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
    segmentation: { type: 'string' },
    include: { type: 'string' },
  });
  if (positionals.length) throw new CliUsageError(`unexpected argument '${positionals[0]}'`);
  const datasetName = requireOption(values.dataset, 'dataset');
  const format = oneOf(requireOption(values.format, 'format'), 'format', FORMATS, 'coco');
  const out = requireOption(values.out, 'out');
  const segmentation = oneOf(values.segmentation, 'segmentation', SEGMENTATIONS, 'rle');
  const include = oneOf(values.include, 'include', INCLUDES, 'accepted');

  const store = await openStore(databaseFile(values.db));
  try {
    const dataset = await getDatasetByName(store, datasetName);
    const report = await exportDataset(store, { datasetId: dataset.id, format, out, segmentation, include });
    console.log(
      `exported ${report.images} images, ${report.annotations} annotations` +
        (report.expressions ? `, ${report.expressions} expressions` : '') +
        ` to ${report.out}`,
    );
    for (const warning of report.warnings) console.warn(`warning: ${warning}`);
  } finally {
    await store.close();
  }
}
