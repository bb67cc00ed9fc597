// The models the prediction service runs, loaded once per (CLIP folder, SAM folder) and kept for the process, with
// the per-image feature cache: opening sessions and hashing weights is paid by the first prediction only.
import { resolve } from 'node:path';
import { ClipTokenizer } from '../clip-tokenizer/tokenizer';
import { loadVocabularyFromFolder } from '../clip-tokenizer/vocabulary';
import type { SessionConfig } from '../runtime/session-config';
import { ClipModels } from './clip-models';
import { FeatureCache } from './image-features';
import { SamProposals } from './sam-proposals';

export interface PredictModelPaths {
  /** A Hugging Face CLIP folder: config.json, model.safetensors (and vocab.json + merges.txt without tokenizer). */
  clipDir: string;
  /** A Hugging Face SAM folder: config.json, model.safetensors. */
  samDir: string;
  /** The CLIP tokenizer; read from clipDir's vocab.json and merges.txt when absent. */
  tokenizer?: ClipTokenizer;
  session?: SessionConfig;
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
  const sam = await SamProposals.load(paths.samDir, paths.session);
  const tokenizer = paths.tokenizer ?? new ClipTokenizer(await loadVocabularyFromFolder(paths.clipDir));
  return { clip, sam, tokenizer, features: new FeatureCache(), clipName: resolve(paths.clipDir) };
}

/** The loaded models for these folders (and tokenizer), shared by every prediction in the process. */
export function predictModels(paths: PredictModelPaths): Promise<PredictModels> {
  const key = JSON.stringify([resolve(paths.clipDir), resolve(paths.samDir), paths.session ?? {}]);
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
