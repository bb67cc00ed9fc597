import { stat } from 'node:fs/promises';
import { openStore } from '../../store/open-store';
import { listDatasets } from '../../services/datasets';
import { databaseFile } from '../database-option';
import { CliUsageError, parseCommandArgs } from '../usage';

async function fileSize(path: string): Promise<number> {
  return (await stat(path).catch(() => null))?.size ?? 0;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

export async function statsCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseCommandArgs(argv, { db: { type: 'string' }, json: { type: 'boolean' } });
  if (positionals.length) throw new CliUsageError(`unexpected argument '${positionals[0]}'`);
  const file = databaseFile(values.db);
  const store = await openStore(file);
  try {
    const datasets = await listDatasets(store);
    const jobs = await store.read((db) =>
      db.all<{ state: string; n: number }>('SELECT state, count(*) AS n FROM jobs GROUP BY state ORDER BY state'),
    );
    const bytes = (await fileSize(file)) + (await fileSize(`${file}-wal`));
    if (values.json) {
      console.log(JSON.stringify({ database: file, bytes, datasets, jobs }, null, 2));
      return;
    }
    console.log(`database ${file} (${megabytes(bytes)})`);
    if (datasets.length === 0) console.log('no datasets');
    for (const d of datasets) {
      console.log(
        `${d.name} (#${d.id}): ${d.images} images, ${d.expressions} expressions, ${d.annotations} annotations ` +
          `(${d.accepted} accepted, ${d.needsReview} need review, ${d.groundTruth} ground truth) — root ${d.root}`,
      );
    }
    if (jobs.length) console.log(`jobs: ${jobs.map((j) => `${j.n} ${j.state}`).join(', ')}`);
  } finally {
    await store.close();
  }
}
