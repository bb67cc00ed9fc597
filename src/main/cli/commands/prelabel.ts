// `reflabel prelabel`: runs the chosen methods over every expression of a dataset as a job in this process, with a
// progress bar on stderr. A pre-labeling job of the same dataset that an earlier run left unfinished (killed,
// crashed or paused) is resumed with its own settings instead of starting a second one.
import { SPLITS, type Job } from '../../../shared/domain';
import { createJobRunner, type JobRunner } from '../../jobs/job-runner';
import { readItemOutcomes, setJobState } from '../../jobs/job-rows';
import { getDatasetByName } from '../../services/datasets';
import { PRELABEL_JOB, prelabelJobKind } from '../../services/prelabel-job';
import { openStore } from '../../store/open-store';
import { releasePredictModels } from '../../vision/pipeline/predict-models';
import { AMG_PRESETS, type AmgPresetName } from '../../vision/sam/amg/params';
import { databaseFile } from '../database-option';
import { createJobProgressBar, type JobProgressBar } from '../progress-bar';
import { CliUsageError, oneOf, parseCommandArgs, requireOption } from '../usage';
import { modelFolderOptions, parseMethodsOption } from '../model-options';
import { parseSettings } from './predict';

export const PRELABEL_USAGE =
  'prelabel --db FILE --dataset NAME --methods glclip,samclip,copatch,hybridgl [--clip DIR] [--sam DIR] [--vocab DIR] ' +
  '[--preset AMG_PRESET] [--split SPLIT] [--only-without-candidates] [--set method.param=value]…';

const UNFINISHED: readonly string[] = ['queued', 'running', 'paused'];

/** The unfinished pre-labeling job of the dataset, if an earlier run left one. */
async function unfinishedJob(runner: JobRunner, datasetId: number): Promise<Job | undefined> {
  return (await runner.list()).find(
    (job) => job.kind === PRELABEL_JOB && UNFINISHED.includes(job.state) && job.params.datasetId === datasetId,
  );
}

export async function prelabelCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseCommandArgs(argv, {
    db: { type: 'string' },
    dataset: { type: 'string' },
    methods: { type: 'string' },
    clip: { type: 'string' },
    sam: { type: 'string' },
    vocab: { type: 'string' },
    preset: { type: 'string' },
    split: { type: 'string' },
    'only-without-candidates': { type: 'boolean' },
    set: { type: 'string', multiple: true },
  });
  if (positionals.length) throw new CliUsageError(`unexpected argument '${positionals[0]}'`);
  const name = requireOption(values.dataset, 'dataset');
  const methods = parseMethodsOption(requireOption(values.methods, 'methods'));
  const { clipDir, samDir } = await modelFolderOptions(values);
  const preset = oneOf(values.preset, 'preset', Object.keys(AMG_PRESETS) as AmgPresetName[], 'hybridgl-refcoco');
  const split = values.split === undefined ? undefined : oneOf(values.split, 'split', SPLITS, 'none');
  const params = parseSettings(values.set ?? []);

  const store = await openStore(databaseFile(values.db));
  const runner = createJobRunner({ store, kinds: [prelabelJobKind(store)], maxRunning: 1 });
  // Listening before the job starts, so that no event of it is missed.
  let bar: JobProgressBar | null = null;
  const unsubscribe = runner.subscribe((event) => bar?.update(event));
  try {
    const dataset = await getDatasetByName(store, name);
    let job = await unfinishedJob(runner, dataset.id);
    if (job) {
      // A job a killed process left running is paused first, so that resume picks it alone and not the other
      // kinds' interrupted jobs, which this command cannot run.
      if (job.state !== 'paused') {
        await store.write((tx) => setJobState(tx, job!.id, 'paused', ['queued', 'running'], new Date().toISOString()));
      }
      console.error(
        `resuming prelabel job #${job.id} of '${name}' (${job.progress.done}/${job.progress.total} done) with its own settings`,
      );
      job = await runner.resume(job.id);
    } else {
      job = await runner.start(PRELABEL_JOB, {
        datasetId: dataset.id,
        methods,
        preset,
        clipDir,
        samDir,
        ...(values.vocab ? { vocabDir: values.vocab } : {}),
        ...(split || values['only-without-candidates']
          ? {
              filter: {
                ...(split ? { split } : {}),
                onlyWithoutCandidates: values['only-without-candidates'] ?? false,
              },
            }
          : {}),
        params: { ...params },
      });
    }
    bar = createJobProgressBar({ jobId: job.id });
    const settled = await runner.settled(job.id);
    if (settled.state !== 'done')
      throw new Error(`prelabel job #${settled.id} ${settled.state}: ${settled.error ?? ''}`);
    if (settled.progress.failed > 0) {
      const { failures } = await store.read((db) => readItemOutcomes(db, settled.id));
      const named = failures.map((f) => `\n  expression ${Number(f.key)}: ${f.error}`).join('');
      throw new Error(
        `prelabel job #${settled.id}: ${settled.progress.failed} of ${settled.progress.total} expressions failed${named}`,
      );
    }
  } finally {
    unsubscribe();
    bar?.stop();
    await runner.close();
    await releasePredictModels();
    await store.close();
  }
}
