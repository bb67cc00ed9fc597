// Initialisers read in place from a .safetensors file: each becomes ONNX external data pointing at the tensor's byte
// range, relative to the directory the .onnx file will sit in (onnxruntime refuses absolute paths, '..' and
// symlinks there). Stored half-precision weights get a Cast to the graph's compute dtype.
import { relative, sep } from 'node:path';
import type { SafetensorsHeader } from '../weights/safetensors';
import { dtypeFromSafetensors, isFloat, type DType } from './dtype';
import type { Graph, Tensor } from './graph';
import { cast } from './ops-elementwise';
import { formatShape } from './shape';

/** The external-data location of `file` seen from `onnxDir`; the file must be inside that directory. */
export function externalLocation(onnxDir: string, file: string): string {
  const rel = relative(onnxDir, file);
  if (rel === '' || rel.startsWith('..') || rel.split(sep).includes('..') || /^([a-zA-Z]:|[\\/])/.test(rel)) {
    throw new Error(
      `${file}: the weights must be in the directory of the compiled graph (${onnxDir}) or below it; onnxruntime refuses external data elsewhere`,
    );
  }
  return rel.split(sep).join('/');
}

export interface SafetensorsWeightsOptions {
  /** Directory the .onnx file will be written to. */
  onnxDir: string;
  /** Floating-point weights are cast to this dtype in the graph when stored otherwise. */
  computeDtype: DType;
}

export class SafetensorsWeights {
  private readonly location: string;
  private readonly cache = new Map<string, Tensor>();

  constructor(
    private readonly graph: Graph,
    readonly header: SafetensorsHeader,
    private readonly options: SafetensorsWeightsOptions,
  ) {
    this.location = externalLocation(options.onnxDir, header.file);
  }

  has(name: string): boolean {
    return this.header.tensors.has(name);
  }

  /** The weight as a graph value, checked against the shape the model's config implies. */
  get(name: string, expected: readonly number[]): Tensor {
    const cached = this.cache.get(name);
    if (cached) return cached;
    const t = this.header.tensors.get(name);
    if (!t)
      throw new Error(
        `${this.header.file}: no tensor named '${name}' (needed by ${this.graph.scopeName || this.graph.name})`,
      );
    if (t.shape.length !== expected.length || t.shape.some((d, i) => d !== expected[i])) {
      throw new Error(
        `${this.header.file}: tensor '${name}' has shape ${formatShape(t.shape)}, but the model config implies ${formatShape(expected)}`,
      );
    }
    const stored = dtypeFromSafetensors(t.dtype);
    const value = this.graph.external(name, stored, t.shape, {
      location: this.location,
      offset: t.begin,
      length: t.end - t.begin,
    });
    const wanted = isFloat(stored) ? this.options.computeDtype : stored;
    const result = wanted === stored ? value : this.graph.scope('weights', () => cast(value, wanted));
    this.cache.set(name, result);
    return result;
  }
}
