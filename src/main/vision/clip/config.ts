// CLIP's Hugging Face config.json (CLIPConfig with text_config / vision_config), with the defaults transformers
// applies to keys a file leaves out. Older openai files also carry text_config_dict / vision_config_dict, which
// transformers lets override the plain sections; so does this reader.
import { readModelConfigJson } from '../model-config-file';

export type ClipActivation = 'quick_gelu' | 'gelu' | 'gelu_pytorch_tanh';

export interface ClipTowerConfig {
  hiddenSize: number;
  intermediateSize: number;
  numAttentionHeads: number;
  numHiddenLayers: number;
  hiddenAct: ClipActivation;
  layerNormEps: number;
}

export interface ClipTextConfig extends ClipTowerConfig {
  vocabSize: number;
  maxPositionEmbeddings: number;
  /** 2 in the openai files: the end-of-text token is then found as the largest id, as transformers does. */
  eosTokenId: number;
}

export interface ClipVisionConfig extends ClipTowerConfig {
  imageSize: number;
  patchSize: number;
  numChannels: number;
}

export interface ClipConfig {
  text: ClipTextConfig;
  vision: ClipVisionConfig;
  projectionDim: number;
}

const TEXT_DEFAULTS = {
  vocab_size: 49408,
  hidden_size: 512,
  intermediate_size: 2048,
  num_hidden_layers: 12,
  num_attention_heads: 8,
  max_position_embeddings: 77,
  hidden_act: 'quick_gelu',
  layer_norm_eps: 1e-5,
  eos_token_id: 49407,
};

const VISION_DEFAULTS = {
  hidden_size: 768,
  intermediate_size: 3072,
  num_hidden_layers: 12,
  num_attention_heads: 12,
  num_channels: 3,
  image_size: 224,
  patch_size: 32,
  hidden_act: 'quick_gelu',
  layer_norm_eps: 1e-5,
};

const ACTIVATIONS: readonly string[] = ['quick_gelu', 'gelu', 'gelu_pytorch_tanh', 'gelu_new'];

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function section(file: string, json: Json, name: 'text_config' | 'vision_config'): Json {
  const plain = json[name] ?? {};
  const override = json[`${name}_dict`] ?? {};
  if (!isObject(plain) || !isObject(override)) throw new Error(`${file}: ${name} must be an object`);
  return { ...plain, ...override };
}

function positiveInt(file: string, where: string, json: Json, key: string, fallback: number): number {
  const v = json[key] ?? fallback;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v <= 0) {
    throw new Error(`${file}: ${where}.${key} must be a positive integer, got ${JSON.stringify(v)}`);
  }
  return v;
}

function tower(
  file: string,
  where: string,
  json: Json,
  defaults: typeof VISION_DEFAULTS | typeof TEXT_DEFAULTS,
): ClipTowerConfig {
  const hiddenSize = positiveInt(file, where, json, 'hidden_size', defaults.hidden_size);
  const numAttentionHeads = positiveInt(file, where, json, 'num_attention_heads', defaults.num_attention_heads);
  if (hiddenSize % numAttentionHeads !== 0) {
    throw new Error(
      `${file}: ${where}.hidden_size ${hiddenSize} is not divisible by num_attention_heads ${numAttentionHeads}`,
    );
  }
  const act = json.hidden_act ?? defaults.hidden_act;
  if (typeof act !== 'string' || !ACTIVATIONS.includes(act)) {
    throw new Error(`${file}: ${where}.hidden_act ${JSON.stringify(act)} is not supported (${ACTIVATIONS.join(', ')})`);
  }
  const eps = json.layer_norm_eps ?? defaults.layer_norm_eps;
  if (typeof eps !== 'number' || !(eps > 0)) {
    throw new Error(`${file}: ${where}.layer_norm_eps must be a positive number, got ${JSON.stringify(eps)}`);
  }
  return {
    hiddenSize,
    intermediateSize: positiveInt(file, where, json, 'intermediate_size', defaults.intermediate_size),
    numAttentionHeads,
    numHiddenLayers: positiveInt(file, where, json, 'num_hidden_layers', defaults.num_hidden_layers),
    // gelu_new is transformers' name for the same tanh approximation
    hiddenAct: (act === 'gelu_new' ? 'gelu_pytorch_tanh' : act) as ClipActivation,
    layerNormEps: eps,
  };
}

export function parseClipConfig(json: unknown, file: string): ClipConfig {
  if (!isObject(json)) throw new Error(`${file}: not a JSON object`);
  if (json.model_type !== undefined && json.model_type !== 'clip') {
    throw new Error(
      `${file}: model_type is ${JSON.stringify(json.model_type)}, expected "clip" (a CLIPModel config)` +
        (json.model_type === 'clip_text_model' ? '; a text-only checkpoint compiles only the clip.text variant' : ''),
    );
  }
  const t = section(file, json, 'text_config');
  const v = section(file, json, 'vision_config');
  const vision: ClipVisionConfig = {
    ...tower(file, 'vision_config', v, VISION_DEFAULTS),
    imageSize: positiveInt(file, 'vision_config', v, 'image_size', VISION_DEFAULTS.image_size),
    patchSize: positiveInt(file, 'vision_config', v, 'patch_size', VISION_DEFAULTS.patch_size),
    numChannels: positiveInt(file, 'vision_config', v, 'num_channels', VISION_DEFAULTS.num_channels),
  };
  if (vision.imageSize % vision.patchSize !== 0) {
    throw new Error(
      `${file}: vision_config.image_size ${vision.imageSize} is not a multiple of patch_size ${vision.patchSize}`,
    );
  }
  return {
    text: textSection(file, 'text_config', t),
    vision,
    projectionDim: positiveInt(file, 'config', json, 'projection_dim', 512),
  };
}

/**
 * The text side alone: a full CLIPModel config, or a CLIPTextModel config (Stable Diffusion's text_encoder/, whose
 * fields sit at the top level). `projectionDim` is null when the checkpoint has no text projection.
 */
export interface ClipTextModelConfig {
  text: ClipTextConfig;
  projectionDim: number | null;
}

export function parseClipTextConfig(json: unknown, file: string): ClipTextModelConfig {
  if (!isObject(json)) throw new Error(`${file}: not a JSON object`);
  if (json.model_type !== 'clip_text_model') {
    const { text, projectionDim } = parseClipConfig(json, file);
    return { text, projectionDim };
  }
  const architectures = Array.isArray(json.architectures) ? json.architectures : [];
  return {
    text: textSection(file, 'config', json),
    projectionDim: architectures.includes('CLIPTextModelWithProjection')
      ? positiveInt(file, 'config', json, 'projection_dim', 512)
      : null,
  };
}

function textSection(file: string, where: string, t: Json): ClipTextConfig {
  const eos = t.eos_token_id ?? TEXT_DEFAULTS.eos_token_id;
  if (typeof eos !== 'number' || !Number.isSafeInteger(eos) || eos < 0) {
    throw new Error(`${file}: ${where}.eos_token_id must be a non-negative integer, got ${JSON.stringify(eos)}`);
  }
  return {
    ...tower(file, where, t, TEXT_DEFAULTS),
    vocabSize: positiveInt(file, where, t, 'vocab_size', TEXT_DEFAULTS.vocab_size),
    maxPositionEmbeddings: positiveInt(
      file,
      where,
      t,
      'max_position_embeddings',
      TEXT_DEFAULTS.max_position_embeddings,
    ),
    eosTokenId: eos,
  };
}

export async function readClipConfig(path: string): Promise<ClipConfig> {
  return parseClipConfig(await readModelConfigJson(path), path);
}

export async function readClipTextConfig(path: string): Promise<ClipTextModelConfig> {
  return parseClipTextConfig(await readModelConfigJson(path), path);
}
