// --clip DIR and --sam DIR for the commands that run models; either left out means the installed model the app
// would use (the first of its family in the catalog under the models folder, REFLABEL_MODELS overriding it).
import { resolve } from 'node:path';
import { defaultCatalog } from '../models/catalog';
import { defaultModelsRoot } from '../models/model-paths';
import { choosePredictionModels } from '../services/prediction-models';
import { CliUsageError } from './usage';

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
