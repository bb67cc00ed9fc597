// Which installed models the app predicts with: the first CLIP and the first SAM model of the catalog whose files are
// all on disk (installed by the manager, or put there by hand). Catalog order is the preference order (CLIP
// ViT-B/16 first: the methods' paper presets are for it; SAM ViT-B first: the fastest on a CPU).
import type { Catalog } from '../models/catalog';
import { type ModelStatus, modelStatus } from '../models/status';
import type { EngineModels } from '../vision/pipeline/engine';

export interface PredictionModelChoice {
  clip: ModelStatus | null;
  sam: ModelStatus | null;
}

const usable = (m: ModelStatus): boolean => m.files.every((f) => f.state === 'installed' || f.state === 'unrecorded');

export async function choosePredictionModels(catalog: Catalog, modelsRoot: string): Promise<PredictionModelChoice> {
  const models = await modelStatus(catalog, modelsRoot);
  const first = (family: string) => models.find((m) => m.family === family && usable(m)) ?? null;
  return { clip: first('clip'), sam: first('sam') };
}

/** The engine's model folders, or an error that says what to install and where. */
export function predictionModelFolders(
  choice: PredictionModelChoice,
  modelsRoot: string,
  cacheDir: string,
): EngineModels {
  const missing = [!choice.clip && 'a CLIP model', !choice.sam && 'a SAM model'].filter(Boolean);
  if (!choice.clip || !choice.sam) {
    throw new Error(
      `predictions need ${missing.join(' and ')}: install one in Models (reflabel models install) under ${modelsRoot}`,
    );
  }
  return { clipDir: choice.clip.dir, samDir: choice.sam.dir, cacheDir };
}
