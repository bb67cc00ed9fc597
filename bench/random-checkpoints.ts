// Full-size random-weight checkpoints in the official Hugging Face layouts, written in TypeScript so the benchmarks
// need no download and no Python: CLIP ViT-B/16 (openai/clip-vit-base-patch16's config) and SAM ViT-B
// (facebook/sam-vit-base's config).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseClipConfig } from '../src/main/vision/clip/config';
import { clipTensorShapes } from '../src/main/vision/clip/tensor-shapes';
import { parseSamConfig } from '../src/main/vision/sam/model/config';
import { samTensorShapes } from '../src/main/vision/sam/model/tensor-shapes';
import { writeSafetensors, type SafetensorsInput } from '../src/main/vision/weights/safetensors';

export const VIT_B16_CONFIG = {
  model_type: 'clip',
  projection_dim: 512,
  text_config: {
    hidden_size: 512,
    intermediate_size: 2048,
    num_attention_heads: 8,
    num_hidden_layers: 12,
    max_position_embeddings: 77,
    vocab_size: 49408,
    eos_token_id: 2,
    hidden_act: 'quick_gelu',
  },
  vision_config: {
    hidden_size: 768,
    intermediate_size: 3072,
    num_attention_heads: 12,
    num_hidden_layers: 12,
    image_size: 224,
    patch_size: 16,
    hidden_act: 'quick_gelu',
  },
};

/**
 * Uniform noise with std 0.02 (layer-norm scales 1): activations stay in the range trained weights give. The
 * config is ViT-B/16's unless another (e.g. a tiny one for tests) is given, in the same Hugging Face layout.
 */
export async function writeRandomClipCheckpoint(dir: string, rawConfig: object = VIT_B16_CONFIG): Promise<void> {
  const config = parseClipConfig(rawConfig, 'config.json');
  let state = 0x9e3779b9;
  const tensors = new Map<string, SafetensorsInput>();
  for (const [name, shape] of clipTensorShapes(config)) {
    const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
    if (/norm[12]?\.weight$|layrnorm\.weight$|layernorm\.weight$/.test(name)) data.fill(1);
    else if (name === 'logit_scale') data.fill(Math.log(100));
    else {
      for (let i = 0; i < data.length; i++) {
        state ^= state << 13;
        state ^= state >>> 17;
        state ^= state << 5;
        data[i] = ((state >>> 0) / 4294967296 - 0.5) * 0.0693;
      }
    }
    tensors.set(name, { dtype: 'F32', shape, data });
  }
  await writeFile(join(dir, 'config.json'), JSON.stringify(rawConfig));
  await writeSafetensors(join(dir, 'model.safetensors'), tensors);
}

export const VIT_B_CONFIG = {
  model_type: 'sam',
  vision_config: {
    hidden_size: 768,
    output_channels: 256,
    num_hidden_layers: 12,
    num_attention_heads: 12,
    num_channels: 3,
    image_size: 1024,
    patch_size: 16,
    hidden_act: 'gelu',
    layer_norm_eps: 1e-6,
    qkv_bias: true,
    mlp_ratio: 4.0,
    mlp_dim: 3072,
    use_abs_pos: true,
    use_rel_pos: true,
    window_size: 14,
    global_attn_indexes: [2, 5, 8, 11],
    num_pos_feats: 128,
  },
  prompt_encoder_config: {
    hidden_size: 256,
    image_size: 1024,
    patch_size: 16,
    mask_input_channels: 16,
    num_point_embeddings: 4,
    hidden_act: 'gelu',
    layer_norm_eps: 1e-6,
  },
  mask_decoder_config: {
    hidden_size: 256,
    hidden_act: 'relu',
    mlp_dim: 2048,
    num_hidden_layers: 2,
    num_attention_heads: 8,
    attention_downsample_rate: 2,
    num_multimask_outputs: 3,
    iou_head_depth: 3,
    iou_head_hidden_dim: 256,
    layer_norm_eps: 1e-6,
  },
};

/** Deterministic pseudo-random weights: unit-scale Gaussian-like values over sqrt(fan-in), norms near 1. */
function randomWeights(shapes: Map<string, number[]>): Map<string, SafetensorsInput> {
  let seed = 12345;
  const next = () => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return seed / 2 ** 32 - 0.5;
  };
  const out = new Map<string, SafetensorsInput>();
  for (const [name, shape] of shapes) {
    const n = shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(n);
    const fanIn = shape.length >= 2 ? shape.slice(1).reduce((a, b) => a * b, 1) : 1;
    const isNorm = name.includes('layer_norm') && name.endsWith('.weight');
    const scale = shape.length >= 2 ? Math.sqrt(12 / fanIn) : 0.2;
    for (let i = 0; i < n; i++) data[i] = isNorm ? 1 + 0.1 * next() : scale * next();
    out.set(name, { dtype: 'F32', shape, data });
  }
  return out;
}

export async function writeRandomSamCheckpoint(dir: string): Promise<void> {
  await writeFile(join(dir, 'config.json'), JSON.stringify(VIT_B_CONFIG));
  const config = parseSamConfig(VIT_B_CONFIG, 'sam-vit-base config');
  await writeSafetensors(join(dir, 'model.safetensors'), randomWeights(samTensorShapes(config)));
}
