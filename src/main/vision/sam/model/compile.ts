// Compiles sam.encoder or sam.decoder from a Hugging Face SAM checkpoint folder (config.json + model.safetensors)
// into an ONNX graph whose weights stay in model.safetensors as external data, so the .onnx file is written into
// (or above) the checkpoint folder.
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { writeFileAtomic } from '../../../io/write-atomic';
import { Graph, type GraphValue } from '../../onnx/graph';
import { encodeModel } from '../../onnx/serialize';
import { SafetensorsWeights } from '../../onnx/weights';
import { readSafetensorsHeader } from '../../weights/safetensors';
import { readSamConfig } from './config';
import { buildDecoderGraph } from './decoder-graph';
import { buildEncoderGraph } from './image-encoder';

/** Bumped whenever a graph changes for the same inputs, so cached compilations are rebuilt. */
export const SAM_BUILDER_VERSION = '2';

export const SAM_WEIGHTS_FILE = 'model.safetensors';
export const SAM_CONFIG_FILE = 'config.json';

export const SAM_VARIANTS = ['sam.encoder', 'sam.decoder'] as const;
export type SamVariant = (typeof SAM_VARIANTS)[number];

export function isSamVariant(v: string): v is SamVariant {
  return (SAM_VARIANTS as readonly string[]).includes(v);
}

export interface SamGraphOptions {
  /** Folder with config.json and model.safetensors. */
  weightsDir: string;
  variant: SamVariant;
  /** Where the .onnx file will be written (default: weightsDir); the weights must be inside it. */
  onnxDir?: string;
}

export interface SamGraph {
  bytes: Uint8Array;
  inputs: GraphValue[];
  outputs: GraphValue[];
  variant: SamVariant;
}

export async function buildSamGraph(options: SamGraphOptions): Promise<SamGraph> {
  if (!isSamVariant(options.variant)) {
    throw new Error(`unknown SAM variant '${String(options.variant)}' (one of ${SAM_VARIANTS.join(', ')})`);
  }
  const config = await readSamConfig(join(options.weightsDir, SAM_CONFIG_FILE));
  const header = await readSafetensorsHeader(join(options.weightsDir, SAM_WEIGHTS_FILE));
  const graph = new Graph(options.variant);
  const weights = new SafetensorsWeights(graph, header, {
    onnxDir: resolve(options.onnxDir ?? options.weightsDir),
    computeDtype: 'float32',
  });
  if (options.variant === 'sam.encoder') buildEncoderGraph({ graph, weights, config: config.vision });
  else buildDecoderGraph({ graph, weights, config });
  const bytes = encodeModel(graph, {
    docString: `SAM ${options.variant} compiled by RefLabel from ${basename(resolve(options.weightsDir))}`,
    metadata: { family: 'sam', variant: options.variant, dtype: 'float32', builder_version: SAM_BUILDER_VERSION },
  });
  return { bytes, inputs: graph.inputs, outputs: graph.outputs, variant: options.variant };
}

export interface CompileSamOptions {
  weightsDir: string;
  variant: SamVariant;
  /** Output file, relative to weightsDir; default '<variant>.onnx' in weightsDir. */
  out?: string;
}

/** Builds the graph and writes it (atomically) next to the weights. */
export async function compileSam(options: CompileSamOptions): Promise<SamGraph & { path: string }> {
  const name = options.out ?? `${options.variant}.onnx`;
  const path = isAbsolute(name) ? name : resolve(options.weightsDir, name);
  const graph = await buildSamGraph({
    weightsDir: options.weightsDir,
    variant: options.variant,
    onnxDir: dirname(path),
  });
  await writeFileAtomic(path, graph.bytes);
  return { ...graph, path };
}
