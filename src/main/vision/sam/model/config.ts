// Segment Anything's Hugging Face config.json (SamConfig with vision_config / prompt_encoder_config /
// mask_decoder_config), with the defaults transformers applies to keys a file leaves out.
import { readModelConfigJson } from '../../model-config-file';

export interface SamVisionConfig {
  hiddenSize: number;
  outputChannels: number;
  numHiddenLayers: number;
  numAttentionHeads: number;
  numChannels: number;
  imageSize: number;
  patchSize: number;
  layerNormEps: number;
  qkvBias: boolean;
  mlpDim: number;
  useAbsPos: boolean;
  useRelPos: boolean;
  /** 0 means every layer attends globally. */
  windowSize: number;
  globalAttnIndexes: number[];
  numPosFeats: number;
}

export interface SamPromptEncoderConfig {
  hiddenSize: number;
  imageSize: number;
  patchSize: number;
  maskInputChannels: number;
  numPointEmbeddings: number;
  layerNormEps: number;
  /** image_size / patch_size: the side of the image embedding grid. */
  imageEmbeddingSize: number;
}

export interface SamMaskDecoderConfig {
  hiddenSize: number;
  mlpDim: number;
  numHiddenLayers: number;
  numAttentionHeads: number;
  attentionDownsampleRate: number;
  numMultimaskOutputs: number;
  iouHeadDepth: number;
  iouHeadHiddenDim: number;
  layerNormEps: number;
}

export interface SamConfig {
  vision: SamVisionConfig;
  promptEncoder: SamPromptEncoderConfig;
  maskDecoder: SamMaskDecoderConfig;
}

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

class Reader {
  constructor(
    private readonly file: string,
    private readonly where: string,
    private readonly json: Json,
  ) {}

  private fail(key: string, what: string, v: unknown): never {
    throw new Error(`${this.file}: ${this.where}.${key} must be ${what}, got ${JSON.stringify(v)}`);
  }

  int(key: string, fallback: number, min = 1): number {
    const v = this.json[key] ?? fallback;
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) this.fail(key, `an integer ≥ ${min}`, v);
    return v;
  }

  /** image_size and patch_size may be [h, w] pairs in transformers; SAM needs them square. */
  side(key: string, fallback: number): number {
    const v = this.json[key] ?? fallback;
    const n = Array.isArray(v) && v.length === 2 && v[0] === v[1] ? v[0] : v;
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 1) this.fail(key, 'a positive integer (square)', v);
    return n;
  }

  positive(key: string, fallback: number): number {
    const v = this.json[key] ?? fallback;
    if (typeof v !== 'number' || !(v > 0)) this.fail(key, 'a positive number', v);
    return v;
  }

  bool(key: string, fallback: boolean): boolean {
    const v = this.json[key] ?? fallback;
    if (typeof v !== 'boolean') this.fail(key, 'true or false', v);
    return v;
  }

  act(key: string, fallback: string, wanted: string): void {
    const v = this.json[key] ?? fallback;
    if (v !== wanted) this.fail(key, `"${wanted}" (the only activation SAM's checkpoints use here)`, v);
  }

  ints(key: string, fallback: number[]): number[] {
    const v = this.json[key] ?? fallback;
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'number' || !Number.isSafeInteger(x) || x < 0)) {
      this.fail(key, 'a list of non-negative integers', v);
    }
    return v as number[];
  }
}

function section(file: string, json: Json, name: string): Json {
  const v = json[name] ?? {};
  if (!isObject(v)) throw new Error(`${file}: ${name} must be an object`);
  return v;
}

export function parseSamConfig(json: unknown, file: string): SamConfig {
  if (!isObject(json)) throw new Error(`${file}: not a JSON object`);
  if (json.model_type !== undefined && json.model_type !== 'sam') {
    throw new Error(`${file}: model_type is ${JSON.stringify(json.model_type)}, expected "sam" (a SamModel config)`);
  }
  const v = new Reader(file, 'vision_config', section(file, json, 'vision_config'));
  const hiddenSize = v.int('hidden_size', 768);
  const mlpRatio = v.positive('mlp_ratio', 4);
  const vision: SamVisionConfig = {
    hiddenSize,
    outputChannels: v.int('output_channels', 256),
    numHiddenLayers: v.int('num_hidden_layers', 12),
    numAttentionHeads: v.int('num_attention_heads', 12),
    numChannels: v.int('num_channels', 3),
    imageSize: v.side('image_size', 1024),
    patchSize: v.side('patch_size', 16),
    layerNormEps: v.positive('layer_norm_eps', 1e-6),
    qkvBias: v.bool('qkv_bias', true),
    mlpDim: v.int('mlp_dim', Math.trunc(hiddenSize * mlpRatio)),
    useAbsPos: v.bool('use_abs_pos', true),
    useRelPos: v.bool('use_rel_pos', true),
    windowSize: v.int('window_size', 14, 0),
    globalAttnIndexes: v.ints('global_attn_indexes', [2, 5, 8, 11]),
    numPosFeats: v.int('num_pos_feats', 128),
  };
  v.act('hidden_act', 'gelu', 'gelu');
  const p = new Reader(file, 'prompt_encoder_config', section(file, json, 'prompt_encoder_config'));
  const promptImage = p.side('image_size', 1024);
  const promptPatch = p.side('patch_size', 16);
  const promptEncoder: SamPromptEncoderConfig = {
    hiddenSize: p.int('hidden_size', 256),
    imageSize: promptImage,
    patchSize: promptPatch,
    maskInputChannels: p.int('mask_input_channels', 16),
    numPointEmbeddings: p.int('num_point_embeddings', 4),
    layerNormEps: p.positive('layer_norm_eps', 1e-6),
    imageEmbeddingSize: Math.trunc(promptImage / promptPatch),
  };
  p.act('hidden_act', 'gelu', 'gelu');
  const m = new Reader(file, 'mask_decoder_config', section(file, json, 'mask_decoder_config'));
  const maskDecoder: SamMaskDecoderConfig = {
    hiddenSize: m.int('hidden_size', 256),
    mlpDim: m.int('mlp_dim', 2048),
    numHiddenLayers: m.int('num_hidden_layers', 2),
    numAttentionHeads: m.int('num_attention_heads', 8),
    attentionDownsampleRate: m.int('attention_downsample_rate', 2),
    numMultimaskOutputs: m.int('num_multimask_outputs', 3),
    iouHeadDepth: m.int('iou_head_depth', 3, 2),
    iouHeadHiddenDim: m.int('iou_head_hidden_dim', 256),
    layerNormEps: m.positive('layer_norm_eps', 1e-6),
  };
  m.act('hidden_act', 'relu', 'relu');
  checkConsistent(file, { vision, promptEncoder, maskDecoder });
  return { vision, promptEncoder, maskDecoder };
}

function checkConsistent(file: string, c: SamConfig): void {
  const fail = (msg: string): never => {
    throw new Error(`${file}: ${msg}`);
  };
  const { vision: v, promptEncoder: p, maskDecoder: m } = c;
  if (v.hiddenSize % v.numAttentionHeads !== 0) {
    fail(`vision_config.hidden_size ${v.hiddenSize} is not divisible by num_attention_heads ${v.numAttentionHeads}`);
  }
  if (v.imageSize % v.patchSize !== 0) {
    fail(`vision_config.image_size ${v.imageSize} is not a multiple of patch_size ${v.patchSize}`);
  }
  for (const i of v.globalAttnIndexes) {
    if (i >= v.numHiddenLayers) fail(`vision_config.global_attn_indexes names layer ${i} of ${v.numHiddenLayers}`);
  }
  if (p.hiddenSize !== m.hiddenSize || v.outputChannels !== m.hiddenSize) {
    fail(
      `vision_config.output_channels (${v.outputChannels}), prompt_encoder_config.hidden_size (${p.hiddenSize}) and mask_decoder_config.hidden_size (${m.hiddenSize}) must agree`,
    );
  }
  if (2 * v.numPosFeats !== p.hiddenSize) {
    fail(
      `vision_config.num_pos_feats ${v.numPosFeats} must be half of the prompt encoder's hidden_size ${p.hiddenSize}`,
    );
  }
  if (p.imageEmbeddingSize * p.patchSize !== p.imageSize) {
    fail(`prompt_encoder_config.image_size ${p.imageSize} is not a multiple of patch_size ${p.patchSize}`);
  }
  if (p.imageEmbeddingSize !== v.imageSize / v.patchSize) {
    fail(
      `the prompt encoder's ${p.imageEmbeddingSize}×${p.imageEmbeddingSize} embedding grid differs from the vision encoder's ${v.imageSize / v.patchSize}×${v.imageSize / v.patchSize}`,
    );
  }
  if (p.numPointEmbeddings !== 4)
    fail(`prompt_encoder_config.num_point_embeddings must be 4 (fg, bg, two box corners)`);
  if (p.maskInputChannels % 4 !== 0) fail(`prompt_encoder_config.mask_input_channels must be a multiple of 4`);
  if (m.hiddenSize % 8 !== 0) fail(`mask_decoder_config.hidden_size ${m.hiddenSize} must be a multiple of 8`);
  for (const rate of [1, 2, m.attentionDownsampleRate]) {
    if ((m.hiddenSize / rate) % m.numAttentionHeads !== 0) {
      fail(`mask_decoder_config: hidden_size / ${rate} does not split into ${m.numAttentionHeads} heads`);
    }
  }
}

export async function readSamConfig(path: string): Promise<SamConfig> {
  return parseSamConfig(await readModelConfigJson(path), path);
}
