import { openStore } from '../../store/open-store';
import { importPath } from '../../services/import';
import { createPhaseProgressBar } from '../phase-progress-bar';
import { databaseFile } from '../database-option';
import { CliUsageError, parseCommandArgs } from '../usage';

export async function importCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseCommandArgs(argv, {
    db: { type: 'string' },
    name: { type: 'string' },
    images: { type: 'string' },
    refs: { type: 'string' },
  });
  if (positionals.length !== 1) throw new CliUsageError('give exactly one PATH to import');
  const store = await openStore(databaseFile(values.db));
  const bar = createPhaseProgressBar();
  try {
    const report = await importPath(store, {
      path: positionals[0],
      name: values.name,
      imagesDir: values.images,
      refsFile: values.refs,
      onProgress: bar.update,
    });
    bar.stop();
    console.log(
      `imported dataset ${report.datasetId}: ${report.images} images, ${report.categories} categories, ` +
        `${report.annotations} annotations, ${report.expressions} expressions`,
    );
    for (const warning of report.warnings) console.warn(`warning: ${warning}`);
  } finally {
    bar.stop();
    await store.close();
  }
}
