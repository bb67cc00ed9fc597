// Compiles a CLIP variant from a Hugging Face checkpoint folder (config.json + model.safetensors) into an ONNX graph
// whose weights stay in model.safetensors as external data; the .onnx file therefore lives in (or above) the
// checkpoint folder.
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { writeFileAtomic } from '../../io/write-atomic';
import type { DType } from '../onnx/dtype';
import { Graph, type GraphValue } from '../onnx/graph';
import { encodeModel } from '../onnx/serialize';
import { SafetensorsWeights } from '../onnx/weights';
import { readSafetensorsHeader, readTensorData, type SafetensorsHeader } from '../weights/safetensors';
import { readClipConfig, readClipTextConfig, type ClipConfig } from './config';
import { buildGemGraph } from './gem-graph';
import { buildHybridGraph } from './hybrid-graph';
import { buildImageGraph } from './image-graph';
import { buildMaskClsGraph } from './mask-cls-graph';
import { interpolatePositionEmbedding } from './position-embedding';
import { buildTextGraph } from './text-graph';
import { buildTokenMaskGraph } from './token-mask-graph';
import { checkVariant, variantKey, type ClipVariant, type ImageSize } from './variant';
import { patchGrid, type VisionContext } from './vision';

/** Bumped whenever a graph changes for the same inputs, so cached compilations are rebuilt. */
export const CLIP_BUILDER_VERSION = '1';

export const CLIP_WEIGHTS_FILE = 'model.safetensors';
export const CLIP_CONFIG_FILE = 'config.json';

export interface ClipGraphOptions {
  /** Folder with config.json and model.safetensors. */
  weightsDir: string;
  variant: ClipVariant;
  /** float32 for the CPU; float16 computes in half precision (for CUDA) with float32 inputs and outputs. */
  dtype?: 'float32' | 'float16';
  /** Where the .onnx file will be written (default: weightsDir); the weights must be inside it. */
  onnxDir?: string;
}

export interface ClipGraph {
  bytes: Uint8Array;
  inputs: GraphValue[];
  outputs: GraphValue[];
  /** Stable name of the variant, e.g. 'clip.image.t8-10.448'. */
  key: string;
}

export async function buildClipGraph(options: ClipGraphOptions): Promise<ClipGraph> {
  const dtype: DType = options.dtype ?? 'float32';
  const configFile = join(options.weightsDir, CLIP_CONFIG_FILE);
  const v = options.variant;
  const key = variantKey(v);
  const graph = new Graph(key);
  // The config is read and checked before the (large) weights are opened, so a wrong config is what gets reported.
  const openWeights = async () => {
    const header = await readSafetensorsHeader(join(options.weightsDir, CLIP_WEIGHTS_FILE));
    const onnxDir = resolve(options.onnxDir ?? options.weightsDir);
    return { header, weights: new SafetensorsWeights(graph, header, { onnxDir, computeDtype: dtype }) };
  };
  if (v.variant === 'clip.text') {
    const config = await readClipTextConfig(configFile);
    buildTextGraph(graph, (await openWeights()).weights, config, dtype);
  } else {
    const config = await readClipConfig(configFile);
    checkVariant(v, config.vision.numHiddenLayers);
    const { header, weights } = await openWeights();
    const size = imageSize(v.imageSize, config);
    const ctx: VisionContext = {
      graph,
      weights,
      config,
      dtype,
      size,
      positions: await positionsFor(header, config, size),
    };
    switch (v.variant) {
      case 'clip.image':
        buildImageGraph(ctx, v);
        break;
      case 'clip.image.token-mask':
        buildTokenMaskGraph(ctx, v);
        break;
      case 'clip.image.mask-cls':
        buildMaskClsGraph(ctx, v);
        break;
      case 'clip.image.hybrid':
        buildHybridGraph(ctx, v);
        break;
      case 'clip.image.gem':
        buildGemGraph(ctx, v);
        break;
    }
  }
  const bytes = encodeModel(graph, {
    docString: `CLIP ${key} compiled by RefLabel from ${basename(options.weightsDir)}`,
    metadata: { family: 'clip', variant: key, dtype, builder_version: CLIP_BUILDER_VERSION },
  });
  return { bytes, inputs: graph.inputs, outputs: graph.outputs, key };
}

export interface CompileClipOptions extends Omit<ClipGraphOptions, 'onnxDir'> {
  /** Output file; relative to weightsDir; default '<variant key>[.fp16].onnx' in weightsDir. */
  out?: string;
}

/** Builds the graph and writes it (atomically) next to the weights. */
export async function compileClip(options: CompileClipOptions): Promise<ClipGraph & { path: string }> {
  const name = options.out ?? `${variantKey(options.variant)}${options.dtype === 'float16' ? '.fp16' : ''}.onnx`;
  const path = isAbsolute(name) ? name : resolve(options.weightsDir, name);
  const graph = await buildClipGraph({ ...options, onnxDir: dirname(path) });
  await writeFileAtomic(path, graph.bytes);
  return { ...graph, path };
}

function imageSize(size: ImageSize | undefined, config: ClipConfig): [number, number] {
  const [h, w] =
    size === undefined
      ? [config.vision.imageSize, config.vision.imageSize]
      : typeof size === 'number'
        ? [size, size]
        : size;
  const p = config.vision.patchSize;
  if (!Number.isInteger(h) || !Number.isInteger(w) || h < p || w < p) {
    throw new Error(`image size ${h}×${w} must be whole pixels, at least one ${p}-pixel patch each way`);
  }
  return [h, w];
}

/** The interpolated position table when the patch grid differs from the checkpoint's, else null. */
async function positionsFor(
  header: SafetensorsHeader,
  config: ClipConfig,
  size: readonly [number, number],
): Promise<Float32Array | null> {
  const native = config.vision.imageSize / config.vision.patchSize;
  const [gh, gw] = patchGrid(config, size);
  if (gh === native && gw === native) return null;
  const name = 'vision_model.embeddings.position_embedding.weight';
  const tensor = header.tensors.get(name);
  const width = config.vision.hiddenSize;
  if (!tensor || tensor.shape.length !== 2 || tensor.shape[0] !== native * native + 1 || tensor.shape[1] !== width) {
    throw new Error(
      `${header.file}: tensor '${name}' should have shape [${native * native + 1}, ${width}] for the config, found ${tensor ? `[${tensor.shape.join(', ')}]` : 'none'}`,
    );
  }
  return interpolatePositionEmbedding(await readTensorData(header, name), width, gh, gw);
}
