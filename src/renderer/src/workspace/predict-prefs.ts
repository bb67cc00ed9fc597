// The methods and proposal preset the expression bar runs, remembered in localStorage between sessions. What is
// stored is checked against the API's lists, so an old or hand-edited value falls back to the defaults.
import {
  PREDICTION_METHODS,
  PROPOSAL_PRESETS,
  type predictionMethodSchema,
  type proposalPresetSchema,
} from '../../../shared/api';
import type { z } from 'zod';

export type PredictionMethod = z.infer<typeof predictionMethodSchema>;
export type ProposalPreset = z.infer<typeof proposalPresetSchema>;

export const METHODS_KEY = 'reflabel.predict.methods';
export const PRESET_KEY = 'reflabel.predict.preset';
export const DEFAULT_PRESET: ProposalPreset = 'hybridgl-refcoco';

/** The stored methods in the canonical order; every method when nothing valid is stored. */
export function parseMethods(stored: string | null): PredictionMethod[] {
  if (stored === null) return [...PREDICTION_METHODS];
  let value: unknown;
  try {
    value = JSON.parse(stored);
  } catch {
    return [...PREDICTION_METHODS];
  }
  if (!Array.isArray(value)) return [...PREDICTION_METHODS];
  return PREDICTION_METHODS.filter((m) => value.includes(m));
}

export function parsePreset(stored: string | null): ProposalPreset {
  return PROPOSAL_PRESETS.find((p) => p === stored) ?? DEFAULT_PRESET;
}

/** Turns one method on or off, keeping the canonical order. */
export function toggleMethod(
  methods: readonly PredictionMethod[],
  method: PredictionMethod,
  on: boolean,
): PredictionMethod[] {
  return PREDICTION_METHODS.filter((m) => (m === method ? on : methods.includes(m)));
}
