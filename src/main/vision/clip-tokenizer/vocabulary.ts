// Loads CLIP's BPE vocabulary: either the Hugging Face pair vocab.json + merges.txt that ships with every CLIP
// checkpoint (and Stable Diffusion's tokenizer/ folder), or OpenAI's original merges list
// (bpe_simple_vocab_16e6.txt.gz), from which the vocabulary is derived the way CLIP's SimpleTokenizer does.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { byteAlphabet } from './byte-encoder';
import type { MergeRanks } from './bpe';

export const START_OF_TEXT = '<|startoftext|>';
export const END_OF_TEXT = '<|endoftext|>';

/** CLIP uses the first 49152 − 256 − 2 merges of its list (the rest were never trained). */
const MERGE_COUNT = 49152 - 256 - 2;

export interface ClipVocabulary {
  encoder: ReadonlyMap<string, number>;
  ranks: MergeRanks;
}

export async function loadHuggingFaceVocabulary(vocabJson: string, mergesTxt: string): Promise<ClipVocabulary> {
  const encoder = parseVocabJson(vocabJson, await readFile(vocabJson, 'utf8'));
  const ranks = parseMerges(mergesTxt, await readFile(mergesTxt, 'utf8'));
  for (const token of [START_OF_TEXT, END_OF_TEXT]) {
    if (!encoder.has(token)) throw new Error(`${vocabJson}: the vocabulary has no ${token} token`);
  }
  for (const pair of ranks.keys()) {
    const merged = pair.replace(' ', '');
    if (!encoder.has(merged))
      throw new Error(`${mergesTxt}: merge '${pair}' makes '${merged}', which ${vocabJson} lacks`);
  }
  return { encoder, ranks };
}

/** vocab.json and merges.txt from a model folder (a CLIP checkpoint, or Stable Diffusion's tokenizer/ folder). */
export function loadVocabularyFromFolder(dir: string): Promise<ClipVocabulary> {
  return loadHuggingFaceVocabulary(join(dir, 'vocab.json'), join(dir, 'merges.txt'));
}

/** OpenAI's bpe_simple_vocab_16e6.txt(.gz): the vocabulary is bytes, bytes + '</w>', the merges, then the specials. */
export async function loadOriginalVocabulary(mergesFile: string): Promise<ClipVocabulary> {
  const raw = await readFile(mergesFile);
  const text = (mergesFile.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
  const ranks = parseMerges(mergesFile, text);
  const alphabet = byteAlphabet();
  const tokens = [...alphabet, ...alphabet.map((c) => `${c}</w>`), ...[...ranks.keys()].map((p) => p.replace(' ', ''))];
  tokens.push(START_OF_TEXT, END_OF_TEXT);
  return { encoder: new Map(tokens.map((t, i) => [t, i])), ranks };
}

/** The merges as text lines, as Hugging Face's merges.txt holds them (a version line, then 'left right' lines). */
export function mergesText(vocabulary: ClipVocabulary): string {
  return ['#version: 0.2', ...vocabulary.ranks.keys()].join('\n') + '\n';
}

function parseVocabJson(file: string, text: string): Map<string, number> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`${file}: not a vocab.json (${(err as Error).message})`, { cause: err });
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new Error(`${file}: not a vocab.json (expected an object of token → id)`);
  }
  const encoder = new Map<string, number>();
  for (const [token, id] of Object.entries(json)) {
    if (!Number.isSafeInteger(id) || (id as number) < 0)
      throw new Error(`${file}: token ${JSON.stringify(token)} has id ${JSON.stringify(id)}`);
    encoder.set(token, id as number);
  }
  return encoder;
}

function parseMerges(file: string, text: string): Map<string, number> {
  // The first line is a version header; like the reference, read exactly the merges CLIP was trained with.
  const lines = text
    .trim()
    .split('\n')
    .slice(1, MERGE_COUNT + 1);
  const ranks = new Map<string, number>();
  lines.forEach((line, i) => {
    const parts = line.split(' ');
    if (parts.length !== 2 || !parts[0] || !parts[1]) {
      throw new Error(`${file}: line ${i + 2} is not a merge ('left right'): ${JSON.stringify(line)}`);
    }
    if (!ranks.has(line)) ranks.set(line, i);
  });
  if (ranks.size === 0) throw new Error(`${file}: no merges`);
  return ranks;
}
