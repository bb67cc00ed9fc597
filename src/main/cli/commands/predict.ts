// `reflabel predict`: runs the chosen methods on one image and expression, stores the candidates and prints them
// ranked. Settings beyond the paper presets are given as --set method.param=value (e.g. glclip.alpha=0.85,
// copatch.exitLayer=10, hybridgl.candidates=5, amg.pointsPerSide=16).
import { resolve } from 'node:path';
import { isInsideDir, toDatasetRelative } from '../../io/paths';
import { rleArea, rleBbox } from '../../masks';
import { type MethodRun, type PredictParams, predict } from '../../services/predict';
import { openStore } from '../../store/open-store';
import type { Store } from '../../store/types';
import { releasePredictModels } from '../../vision/pipeline/predict-models';
import { AMG_PRESETS, type AmgPresetName } from '../../vision/sam/amg/params';
import { databaseFile } from '../database-option';
import { CliUsageError, oneOf, parseCommandArgs, requireOption } from '../usage';
import { modelFolderOptions, parseMethodsOption } from '../model-options';

export const PREDICT_USAGE =
  'predict --db FILE --image ID|PATH --text "EXPRESSION" --methods glclip,samclip,copatch,hybridgl ' +
  '[--clip DIR] [--sam DIR] [--preset AMG_PRESET] [--set method.param=value]… [--json]';

const SETTABLE = ['glclip', 'samclip', 'copatch', 'hybridgl', 'amg'] as const;

/** 'glclip.alpha=0.85' → params.glclip.alpha = 0.85; values are JSON (numbers, true/false, null) or plain strings. */
export function parseSettings(settings: readonly string[]): PredictParams {
  const params: Record<string, Record<string, unknown>> = {};
  for (const setting of settings) {
    const match = /^([a-z]+)\.([A-Za-z]+)=(.*)$/.exec(setting);
    if (!match || !(SETTABLE as readonly string[]).includes(match[1])) {
      throw new CliUsageError(
        `--set takes method.param=value with method one of ${SETTABLE.join(', ')} (got '${setting}')`,
      );
    }
    const [, group, name, raw] = match;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      value = raw;
    }
    (params[group] ??= {})[name] = value;
  }
  return params as PredictParams;
}

/** An image id as given, or the image of a dataset whose root holds the file. */
async function imageIdOf(store: Store, image: string): Promise<number> {
  if (/^\d+$/.test(image)) return Number(image);
  const file = resolve(image);
  const datasets = await store.read((db) => db.all<{ id: number; root: string }>('SELECT id, root FROM datasets'));
  for (const dataset of datasets) {
    if (!isInsideDir(resolve(dataset.root), file)) continue;
    const relPath = toDatasetRelative(dataset.root, file);
    const found = await store.read((db) =>
      db.get<{ id: number }>('SELECT id FROM images WHERE dataset_id = ? AND path = ?', [dataset.id, relPath]),
    );
    if (found) return found.id;
  }
  throw new Error(`${file}: no dataset in the database holds this image`);
}

function describe(run: MethodRun) {
  return run.candidates.map((c, i) => ({
    method: run.method,
    rank: c.rank,
    score: c.score,
    proposalIndex: run.proposalIndices[i],
    bbox: rleBbox(c.mask),
    area: rleArea(c.mask),
  }));
}

export async function predictCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseCommandArgs(argv, {
    db: { type: 'string' },
    image: { type: 'string' },
    text: { type: 'string' },
    methods: { type: 'string' },
    clip: { type: 'string' },
    sam: { type: 'string' },
    preset: { type: 'string' },
    set: { type: 'string', multiple: true },
    json: { type: 'boolean' },
  });
  if (positionals.length) throw new CliUsageError(`unexpected argument '${positionals[0]}'`);
  const image = requireOption(values.image, 'image');
  const text = requireOption(values.text, 'text');
  const methods = parseMethodsOption(requireOption(values.methods, 'methods'));
  const { clipDir, samDir } = await modelFolderOptions(values);
  const preset = oneOf(values.preset, 'preset', Object.keys(AMG_PRESETS) as AmgPresetName[], 'hybridgl-refcoco');
  const params = parseSettings(values.set ?? []);
  const store = await openStore(databaseFile(values.db));
  try {
    const result = await predict({
      store,
      models: { clipDir, samDir },
      imageId: await imageIdOf(store, image),
      text,
      methods,
      preset,
      params,
      onMethodDone: values.json
        ? undefined
        : (run) => {
            console.log(`${run.method} (${run.ms.toFixed(0)} ms)`);
            for (const c of describe(run)) {
              console.log(
                `  #${c.rank} score ${c.score.toFixed(3)} proposal ${c.proposalIndex} bbox [${c.bbox.join(', ')}] area ${c.area}`,
              );
            }
          },
    });
    if (values.json) {
      console.log(
        JSON.stringify(
          {
            expressionId: result.expression.id,
            proposalSetId: result.proposalSet.id,
            proposals: result.proposals.length,
            proposalsComputed: result.proposalsComputed,
            candidates: result.methods.flatMap(describe),
          },
          null,
          2,
        ),
      );
    }
  } finally {
    await releasePredictModels();
    await store.close();
  }
}
