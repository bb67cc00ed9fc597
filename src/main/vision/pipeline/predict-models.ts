// The models the prediction engine runs, loaded once per (CLIP folder, SAM folder, tokenizer folder, cache folder,
// session settings) and kept for the process (or worker), with the per-image feature cache: opening sessions and
// hashing weights is paid by the first prediction only.
import { resolve } from 'node:path';
import { ClipTokenizer } from '../clip-tokenizer/tokenizer';
import { loadVocabularyFromFolder } from '../clip-tokenizer/vocabulary';
import { ClipModels } from './clip-models';
import type { EngineModels } from './engine';
import { FeatureCache } from './image-features';
import { SamProposals } from './sam-proposals';

export interface PredictModelPaths extends EngineModels {
  /** The CLIP tokenizer; read from vocabDir (or clipDir) when absent. Only the local engine takes an object. */
  tokenizer?: ClipTokenizer;
}

export interface PredictModels {
  clip: ClipModels;
  sam: SamProposals;
  tokenizer: ClipTokenizer;
  features: FeatureCache;
  /** Names the CLIP weights in feature-cache keys. */
  clipName: string;
}

const loaded = new Map<string, Promise<PredictModels>>();

async function load(paths: PredictModelPaths): Promise<PredictModels> {
  const clip = await ClipModels.load(paths.clipDir, paths.session);
  const sam = await SamProposals.load(paths.samDir, paths.session, { cacheDir: paths.cacheDir });
  const tokenizer =
    paths.tokenizer ?? new ClipTokenizer(await loadVocabularyFromFolder(paths.vocabDir ?? paths.clipDir));
  return { clip, sam, tokenizer, features: new FeatureCache(), clipName: resolve(paths.clipDir) };
}

/** The loaded models for these folders (and tokenizer), shared by every prediction in the process. */
export function predictModels(paths: PredictModelPaths): Promise<PredictModels> {
  const key = JSON.stringify([
    resolve(paths.clipDir),
    resolve(paths.samDir),
    paths.vocabDir ? resolve(paths.vocabDir) : null,
    paths.cacheDir ? resolve(paths.cacheDir) : null,
    paths.session ?? {},
  ]);
  let models = loaded.get(key);
  if (models) {
    const tokenizer = paths.tokenizer;
    if (tokenizer) models = models.then((m) => (m.tokenizer === tokenizer ? m : { ...m, tokenizer }));
    return models;
  }
  models = load(paths);
  loaded.set(key, models);
  models.catch(() => loaded.delete(key));
  return models;
}

/** Closes every session and forgets the cached features. */
export async function releasePredictModels(): Promise<void> {
  const all = [...loaded.values()];
  loaded.clear();
  for (const pending of all) {
    const models = await pending.catch(() => null);
    if (!models) continue;
    await models.clip.release();
    await models.sam.release();
  }
}
