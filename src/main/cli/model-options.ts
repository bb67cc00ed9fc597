// Options of the commands that run the methods: --methods, and --clip DIR and --sam DIR, either of which left out
// means the installed model the app would use (the first of its family in the catalog under the models folder,
// REFLABEL_MODELS overriding it).
import { resolve } from 'node:path';
import { defaultCatalog } from '../models/catalog';
import { defaultModelsRoot } from '../models/model-paths';
import { choosePredictionModels } from '../services/prediction-models';
import { PIPELINE_METHODS, type PipelineMethod } from '../vision/pipeline/run-methods';
import { CliUsageError } from './usage';

/** '--methods glclip,copatch' → the methods, each one known. */
export function parseMethodsOption(value: string): PipelineMethod[] {
  const methods = value
    .split(',')
    .map((m) => m.trim())
    .filter(Boolean);
  const unknown = methods.filter((m) => !(PIPELINE_METHODS as readonly string[]).includes(m));
  if (unknown.length || methods.length === 0) {
    throw new CliUsageError(`--methods takes a comma list of ${PIPELINE_METHODS.join(', ')} (got '${value}')`);
  }
  return methods as PipelineMethod[];
}

export async function modelFolderOptions(values: {
  clip?: string | boolean;
  sam?: string | boolean;
}): Promise<{ clipDir: string; samDir: string }> {
  const given = (v: string | boolean | undefined) => (typeof v === 'string' && v !== '' ? resolve(v) : null);
  let clipDir = given(values.clip);
  let samDir = given(values.sam);
  if (clipDir && samDir) return { clipDir, samDir };
  const root = defaultModelsRoot();
  const installed = await choosePredictionModels(defaultCatalog(), root);
  clipDir ??= installed.clip?.dir ?? null;
  samDir ??= installed.sam?.dir ?? null;
  const missing = [!clipDir && ['--clip', 'CLIP'], !samDir && ['--sam', 'SAM']].filter((m) => m !== false);
  if (missing.length || !clipDir || !samDir) {
    throw new CliUsageError(
      missing
        .map(([flag, family]) => `${flag} DIR not given and no ${family} model is installed in ${root}`)
        .join('; ') + ' (reflabel models install, or give the folder)',
    );
  }
  return { clipDir, samDir };
}
