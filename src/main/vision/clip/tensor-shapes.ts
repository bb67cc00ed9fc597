// Every tensor a Hugging Face CLIPModel checkpoint holds, with its shape for a given config: to check a
// downloaded model.safetensors as a whole, and to write random-weight checkpoints for tests and benchmarks.
import type { ClipConfig, ClipTowerConfig } from './config';

function towerShapes(prefix: string, c: ClipTowerConfig, out: Map<string, number[]>): void {
  const w = c.hiddenSize;
  for (let i = 0; i < c.numHiddenLayers; i++) {
    const layer = `${prefix}.encoder.layers.${i}`;
    for (const p of ['q_proj', 'k_proj', 'v_proj', 'out_proj']) {
      out.set(`${layer}.self_attn.${p}.weight`, [w, w]);
      out.set(`${layer}.self_attn.${p}.bias`, [w]);
    }
    for (const norm of ['layer_norm1', 'layer_norm2']) {
      out.set(`${layer}.${norm}.weight`, [w]);
      out.set(`${layer}.${norm}.bias`, [w]);
    }
    out.set(`${layer}.mlp.fc1.weight`, [c.intermediateSize, w]);
    out.set(`${layer}.mlp.fc1.bias`, [c.intermediateSize]);
    out.set(`${layer}.mlp.fc2.weight`, [w, c.intermediateSize]);
    out.set(`${layer}.mlp.fc2.bias`, [w]);
  }
}

export function clipTensorShapes(config: ClipConfig): Map<string, number[]> {
  const { text: t, vision: v, projectionDim: p } = config;
  const out = new Map<string, number[]>();
  out.set('text_model.embeddings.token_embedding.weight', [t.vocabSize, t.hiddenSize]);
  out.set('text_model.embeddings.position_embedding.weight', [t.maxPositionEmbeddings, t.hiddenSize]);
  towerShapes('text_model', t, out);
  out.set('text_model.final_layer_norm.weight', [t.hiddenSize]);
  out.set('text_model.final_layer_norm.bias', [t.hiddenSize]);
  out.set('text_projection.weight', [p, t.hiddenSize]);
  const grid = v.imageSize / v.patchSize;
  out.set('vision_model.embeddings.class_embedding', [v.hiddenSize]);
  out.set('vision_model.embeddings.patch_embedding.weight', [v.hiddenSize, v.numChannels, v.patchSize, v.patchSize]);
  out.set('vision_model.embeddings.position_embedding.weight', [grid * grid + 1, v.hiddenSize]);
  out.set('vision_model.pre_layrnorm.weight', [v.hiddenSize]);
  out.set('vision_model.pre_layrnorm.bias', [v.hiddenSize]);
  towerShapes('vision_model', v, out);
  out.set('vision_model.post_layernorm.weight', [v.hiddenSize]);
  out.set('vision_model.post_layernorm.bias', [v.hiddenSize]);
  out.set('visual_projection.weight', [p, v.hiddenSize]);
  out.set('logit_scale', []);
  return out;
}
