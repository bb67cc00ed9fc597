// Tensors as plain data for worker messages: a type name, dims and a typed array whose buffer can be transferred
// instead of copied.
import * as ort from 'onnxruntime-node';

export type TensorType = 'float32' | 'float16' | 'float64' | 'int64' | 'int32' | 'int8' | 'uint8' | 'bool';

export type TensorArray =
  Float32Array | Float64Array | BigInt64Array | Int32Array | Int8Array | Uint8Array | Uint16Array;

export interface TensorData {
  type: TensorType;
  dims: number[];
  /** float16 as raw bits (Uint16Array); bool as Uint8Array. */
  data: TensorArray;
}

export function toOrtTensor(t: TensorData): ort.Tensor {
  return new ort.Tensor(t.type, t.data as never, t.dims);
}

export function fromOrtTensor(name: string, t: ort.Tensor): TensorData {
  const data = t.data;
  if (typeof data === 'string' || !ArrayBuffer.isView(data) || data instanceof Array) {
    throw new Error(`output '${name}' is a ${t.type} tensor, which cannot be sent back from the worker`);
  }
  return { type: t.type as TensorType, dims: [...t.dims], data: data as TensorArray };
}

/**
 * The buffers of the tensors in a message that can be moved rather than copied: each buffer once, and only when a
 * single view covers all of it (a view into a larger buffer would take its neighbours along).
 */
export function transferList(tensors: Iterable<TensorData>): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const t of tensors) {
    const buffer = t.data.buffer;
    if (buffer instanceof ArrayBuffer && t.data.byteOffset === 0 && t.data.byteLength === buffer.byteLength) {
      out.add(buffer);
    }
  }
  return [...out];
}

/** Tensors anywhere in a message (an output record, a request's feeds), found by shape. */
export function tensorsIn(value: unknown, out: TensorData[] = []): TensorData[] {
  if (!value || typeof value !== 'object' || ArrayBuffer.isView(value)) return out;
  if ('dims' in value && 'data' in value && ArrayBuffer.isView((value as TensorData).data)) {
    out.push(value as TensorData);
    return out;
  }
  for (const item of Object.values(value)) tensorsIn(item, out);
  return out;
}
