// One CLIP transformer tower (text_model or vision_model) over its Hugging Face weights: the pre-norm encoder layer,
// split into the parts the method variants rewire (attention projections, attention, MLP).
import type { Graph, Tensor } from '../onnx/graph';
import { add } from '../onnx/ops-elementwise';
import { gelu, geluTanh, layerNorm, quickGelu } from '../onnx/ops-nn';
import { attention, linear, mergeHeads, splitHeads } from '../onnx/layers';
import type { SafetensorsWeights } from '../onnx/weights';
import type { ClipTowerConfig } from './config';

export interface Tower {
  graph: Graph;
  weights: SafetensorsWeights;
  /** 'text_model' or 'vision_model' */
  prefix: string;
  /** Scope name for node names and errors: 'text' or 'vision'. */
  scope: string;
  config: ClipTowerConfig;
}

export function towerLinear(tower: Tower, name: string, inFeatures: number, outFeatures: number, x: Tensor): Tensor {
  const w = tower.weights;
  return linear(x, w.get(`${name}.weight`, [outFeatures, inFeatures]), w.get(`${name}.bias`, [outFeatures]));
}

export function towerLayerNorm(tower: Tower, name: string, x: Tensor): Tensor {
  const width = tower.config.hiddenSize;
  const w = tower.weights;
  return layerNorm(x, w.get(`${name}.weight`, [width]), w.get(`${name}.bias`, [width]), tower.config.layerNormEps);
}

export function activation(tower: Tower, x: Tensor): Tensor {
  switch (tower.config.hiddenAct) {
    case 'quick_gelu':
      return quickGelu(x);
    case 'gelu':
      return gelu(x);
    case 'gelu_pytorch_tanh':
      return geluTanh(x);
  }
}

/** Scope of layer i (0-based), e.g. 'vision.layers.3'. */
export function inLayer<T>(tower: Tower, index: number, build: () => T): T {
  return tower.graph.scope(tower.scope, () =>
    tower.graph.scope('layers', () => tower.graph.scope(String(index), build)),
  );
}

export interface Heads {
  q: Tensor;
  k: Tensor;
  v: Tensor;
}

/** The pieces of encoder layer `index`; each call adds nodes to the graph. */
export class EncoderLayer {
  private readonly name: string;

  constructor(
    private readonly tower: Tower,
    readonly index: number,
  ) {
    this.name = `${tower.prefix}encoder.layers.${index}`;
  }

  /** layer_norm1 */
  norm1(x: Tensor): Tensor {
    return towerLayerNorm(this.tower, `${this.name}.layer_norm1`, x);
  }

  /** q, k, v as [B, H, T, D] from the normalised input. */
  heads(h: Tensor): Heads {
    const { hiddenSize: w, numAttentionHeads: heads } = this.tower.config;
    const proj = (p: string) => splitHeads(towerLinear(this.tower, `${this.name}.self_attn.${p}_proj`, w, w, h), heads);
    return { q: proj('q'), k: proj('k'), v: proj('v') };
  }

  /** out_proj of merged heads [B, H, T, D] → [B, T, W]. */
  outProj(context: Tensor): Tensor {
    const w = this.tower.config.hiddenSize;
    return towerLinear(this.tower, `${this.name}.self_attn.out_proj`, w, w, mergeHeads(context));
  }

  get scale(): number {
    const { hiddenSize, numAttentionHeads } = this.tower.config;
    return (hiddenSize / numAttentionHeads) ** -0.5;
  }

  /** Multi-head self-attention of the normalised input, with an optional additive bias on the scores. */
  selfAttention(h: Tensor, bias?: Tensor): Tensor {
    return this.tower.graph.scope('attn', () => {
      const { q, k, v } = this.heads(h);
      return this.outProj(attention(q, k, v, { scale: this.scale, bias }));
    });
  }

  /** x + MLP(layer_norm2(x)) */
  mlpResidual(x: Tensor): Tensor {
    return this.tower.graph.scope('mlp', () => {
      const { hiddenSize: w, intermediateSize: m } = this.tower.config;
      const h = towerLayerNorm(this.tower, `${this.name}.layer_norm2`, x);
      const up = activation(this.tower, towerLinear(this.tower, `${this.name}.mlp.fc1`, w, m, h));
      return add(x, towerLinear(this.tower, `${this.name}.mlp.fc2`, m, w, up));
    });
  }

  /** The whole pre-norm layer: x + attn(ln1(x)), then + mlp(ln2(·)). */
  forward(x: Tensor, bias?: Tensor): Tensor {
    return inLayer(this.tower, this.index, () => this.mlpResidual(add(x, this.selfAttention(this.norm1(x), bias))));
  }
}

export function layers(tower: Tower): EncoderLayer[] {
  return Array.from({ length: tower.config.numHiddenLayers }, (_, i) => new EncoderLayer(tower, i));
}
