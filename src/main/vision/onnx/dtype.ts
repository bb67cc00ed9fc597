// Element types the graph builder emits, with their ONNX TensorProto codes and byte sizes.
import type { SafetensorsDtype } from '../weights/safetensors';

export type DType = 'float32' | 'float16' | 'bfloat16' | 'float64' | 'int64' | 'int32' | 'int8' | 'uint8' | 'bool';

/** onnx.TensorProto.DataType */
export const ONNX_DTYPE: Readonly<Record<DType, number>> = {
  float32: 1,
  uint8: 2,
  int8: 3,
  int32: 6,
  int64: 7,
  bool: 9,
  float16: 10,
  float64: 11,
  bfloat16: 16,
};

export const DTYPE_BYTES: Readonly<Record<DType, number>> = {
  float32: 4,
  float16: 2,
  bfloat16: 2,
  float64: 8,
  int64: 8,
  int32: 4,
  int8: 1,
  uint8: 1,
  bool: 1,
};

const FROM_SAFETENSORS: Readonly<Record<SafetensorsDtype, DType | null>> = {
  F64: 'float64',
  F32: 'float32',
  F16: 'float16',
  BF16: 'bfloat16',
  I64: 'int64',
  I32: 'int32',
  I16: null,
  I8: 'int8',
  U8: 'uint8',
  BOOL: 'bool',
};

export function dtypeFromSafetensors(dtype: SafetensorsDtype): DType {
  const d = FROM_SAFETENSORS[dtype];
  if (!d) throw new Error(`safetensors dtype ${dtype} has no ONNX counterpart the builder supports`);
  return d;
}

export function isFloat(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'float16' || dtype === 'bfloat16' || dtype === 'float64';
}

/** The most negative finite value: an additive attention bias that never overflows to -inf when summed once. */
export function lowestFinite(dtype: DType): number {
  switch (dtype) {
    case 'float16':
      return -65504;
    case 'float32':
      return -3.4028234663852886e38;
    case 'bfloat16':
      return -3.3895313892515355e38;
    case 'float64':
      return -Number.MAX_VALUE;
    default:
      throw new Error(`lowestFinite: ${dtype} is not a floating-point type`);
  }
}
