// clip.text: token + position embeddings, causal pre-norm transformer, final layer norm; the pooled vector is the
// end-of-text position, projected (transformers' CLIPModel.get_text_features, not normalised). A text-only
// checkpoint without a projection (Stable Diffusion's text encoder) gives the pooled vector as pooler_output.
import type { DType } from '../onnx/dtype';
import { lowestFinite } from '../onnx/dtype';
import type { Graph, Tensor } from '../onnx/graph';
import { add, cast, equal } from '../onnx/ops-elementwise';
import { matmul } from '../onnx/ops-linalg';
import { argMax } from '../onnx/ops-reduce';
import { gather, gatherND, transpose } from '../onnx/ops-shape';
import type { SafetensorsWeights } from '../onnx/weights';
import type { ClipTextModelConfig } from './config';
import { layers, towerLayerNorm, type Tower } from './tower';

export function buildTextGraph(g: Graph, weights: SafetensorsWeights, config: ClipTextModelConfig, dtype: DType): void {
  const t = config.text;
  // Checkpoints saved by transformers 5 drop the text_model. prefix of a text-only model; older ones (Stable
  // Diffusion v1.5's text_encoder among them) keep it.
  const prefix = weights.has('text_model.embeddings.token_embedding.weight') ? 'text_model.' : '';
  const tower: Tower = { graph: g, weights, prefix, scope: 'text', config: t };
  const length = t.maxPositionEmbeddings;
  const width = t.hiddenSize;
  const ids = g.input('input_ids', 'int64', ['B', length]);
  let x = g.scope('text.embeddings', () => {
    const tokens = weights.get(`${prefix}embeddings.token_embedding.weight`, [t.vocabSize, width]);
    const positions = weights.get(`${prefix}embeddings.position_embedding.weight`, [length, width]);
    return add(gather(tokens, ids, 0), positions);
  });
  const causal = g.scope('text.causal_mask', () => causalBias(g, length, dtype));
  for (const layer of layers(tower)) x = layer.forward(x, causal);
  x = g.scope('text.final_layer_norm', () => towerLayerNorm(tower, `${prefix}final_layer_norm`, x));
  g.output('last_hidden_state', cast(x, 'float32'));
  const pooled = g.scope('text.pool', () => gatherND(x, endOfTextIndex(ids, t.eosTokenId), 1));
  const projectionDim = config.projectionDim;
  if (projectionDim === null) {
    g.output('pooler_output', cast(pooled, 'float32'));
    return;
  }
  const embeds = g.scope('text.projection', () =>
    matmul(pooled, transpose(weights.get('text_projection.weight', [projectionDim, width]), [1, 0])),
  );
  g.output('text_embeds', cast(embeds, 'float32'));
}

/** Additive [T, T] bias that hides later positions. */
function causalBias(g: Graph, length: number, dtype: DType): Tensor {
  const low = lowestFinite(dtype);
  const values = new Float32Array(length * length);
  for (let i = 0; i < length; i++) for (let j = i + 1; j < length; j++) values[i * length + j] = low;
  return g.constant(dtype, [length, length], values);
}

/**
 * [B, 1] position of the end-of-text token. With the legacy eos_token_id 2 of the openai configs transformers takes
 * the largest id (EOT is the last vocabulary entry); otherwise the first position holding eos_token_id.
 */
function endOfTextIndex(ids: Tensor, eosTokenId: number): Tensor {
  const key = eosTokenId === 2 ? cast(ids, 'int32') : cast(equal(ids, ids.graph.scalar('int64', eosTokenId)), 'int32');
  return argMax(key, 1, true);
}
