// Reads and writes the safetensors format: an 8-byte little-endian header length, a JSON header naming each tensor's
// dtype, shape and byte range, then the raw little-endian data. The header is checked as strictly as the reference
// Rust implementation does (every byte of the data section belongs to exactly one tensor), so a truncated download or
// a file that is not a checkpoint is refused here, before any graph or session is built on it.
import { open } from 'node:fs/promises';
import { openForReading, readAt } from './file-read';
import { float32ToBfloat16, float32ToFloat16, floatBytesToFloat32 } from './float16';

export type SafetensorsDtype = 'F64' | 'F32' | 'F16' | 'BF16' | 'I64' | 'I32' | 'I16' | 'I8' | 'U8' | 'BOOL';

export interface SafetensorsTensor {
  name: string;
  dtype: SafetensorsDtype;
  shape: number[];
  /** absolute byte offsets in the file */
  begin: number;
  end: number;
}

export interface SafetensorsHeader {
  file: string;
  /** Absolute offset of the data section (8 + header length); tensor offsets in the JSON are relative to it. */
  dataStart: number;
  tensors: Map<string, SafetensorsTensor>;
  metadata: Record<string, string>;
}

export const SAFETENSORS_DTYPE_BYTES: Readonly<Record<SafetensorsDtype, number>> = {
  F64: 8,
  F32: 4,
  F16: 2,
  BF16: 2,
  I64: 8,
  I32: 4,
  I16: 2,
  I8: 1,
  U8: 1,
  BOOL: 1,
};

/** The reference implementation refuses headers above 100 MB; real checkpoints have headers of a few hundred KB. */
const MAX_HEADER_BYTES = 100_000_000;

export async function readSafetensorsHeader(path: string): Promise<SafetensorsHeader> {
  const handle = await openForReading(path, 'the weights file');
  try {
    const fileSize = (await handle.stat()).size;
    if (fileSize < 8) throw new Error(`${path}: not a safetensors file (${fileSize} bytes, shorter than the header)`);
    const lengthBytes = await readAt(handle, 0, 8, path, 'the header');
    const headerLength = new DataView(lengthBytes.buffer).getBigUint64(0, true);
    if (headerLength < 2n || headerLength > BigInt(MAX_HEADER_BYTES)) {
      throw new Error(
        `${path}: not a safetensors file (the first 8 bytes give a header length of ${headerLength} bytes)`,
      );
    }
    const dataStart = 8 + Number(headerLength);
    if (dataStart > fileSize) {
      throw new Error(
        `${path}: truncated safetensors file: the header needs ${dataStart} bytes, the file has ${fileSize}`,
      );
    }
    const json = parseHeaderJson(path, await readAt(handle, 8, dataStart - 8, path, 'the header'));
    return checkHeader(path, json, dataStart, fileSize);
  } finally {
    await handle.close();
  }
}

/** A floating-point tensor as float32 (F16, BF16 and F64 are converted). */
export async function readTensorData(header: SafetensorsHeader, name: string): Promise<Float32Array> {
  const tensor = findTensor(header, name);
  const bytes = await readTensorBytes(header, name);
  const values = floatBytesToFloat32(bytes, tensor.dtype);
  if (!values)
    throw new Error(
      `${header.file}: tensor '${name}' is ${tensor.dtype}, not floating point; read it with readTensorBytes`,
    );
  return values;
}

/** A tensor's raw little-endian bytes, in a fresh buffer aligned for any typed-array view. */
export async function readTensorBytes(header: SafetensorsHeader, name: string): Promise<Uint8Array> {
  const tensor = findTensor(header, name);
  const handle = await openForReading(header.file, 'the weights file');
  try {
    return await readAt(handle, tensor.begin, tensor.end - tensor.begin, header.file, `tensor '${name}'`);
  } finally {
    await handle.close();
  }
}

export interface SafetensorsInput {
  dtype: SafetensorsDtype;
  shape: readonly number[];
  /**
   * The values: a Float32Array is converted to the dtype when it is F16, BF16 or F32; any other typed array is
   * written as its bytes, which must match the dtype and shape.
   */
  data: ArrayBufferView;
}

/**
 * Writes tensors in the order given, the header padded with spaces to a multiple of 8 bytes so every tensor starts
 * aligned (as the Python and Rust writers do).
 */
export async function writeSafetensors(
  path: string,
  tensors: ReadonlyMap<string, SafetensorsInput> | Readonly<Record<string, SafetensorsInput>>,
  metadata: Record<string, string> = {},
): Promise<void> {
  const entries = tensors instanceof Map ? [...tensors] : Object.entries(tensors);
  const encoded = entries.map(([name, t]) => ({ name, t, bytes: tensorBytes(path, name, t) }));
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) header.__metadata__ = metadata;
  let offset = 0;
  for (const { name, t, bytes } of encoded) {
    header[name] = { dtype: t.dtype, shape: [...t.shape], data_offsets: [offset, offset + bytes.byteLength] };
    offset += bytes.byteLength;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - ((Buffer.byteLength(json) + 8) % 8)) % 8);
  const jsonBytes = Buffer.from(json, 'utf8');
  const prefix = Buffer.alloc(8);
  prefix.writeBigUInt64LE(BigInt(jsonBytes.length));
  const handle = await open(path, 'w');
  try {
    await handle.write(prefix);
    await handle.write(jsonBytes);
    for (const { bytes } of encoded) await handle.write(bytes);
  } finally {
    await handle.close();
  }
}

function tensorBytes(path: string, name: string, t: SafetensorsInput): Uint8Array {
  const count = elementCount(t.shape);
  if (count === null) throw new Error(`${path}: tensor '${name}' has an invalid shape [${t.shape.join(', ')}]`);
  let data: ArrayBufferView = t.data;
  if (data instanceof Float32Array && t.dtype === 'F16') data = float32ToFloat16(data);
  else if (data instanceof Float32Array && t.dtype === 'BF16') data = float32ToBfloat16(data);
  const expected = count * SAFETENSORS_DTYPE_BYTES[t.dtype];
  if (data.byteLength !== expected) {
    throw new Error(
      `${path}: tensor '${name}' (${t.dtype} [${t.shape.join(', ')}]) needs ${expected} bytes, got ${data.byteLength}`,
    );
  }
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

function findTensor(header: SafetensorsHeader, name: string): SafetensorsTensor {
  const tensor = header.tensors.get(name);
  if (!tensor) throw new Error(`${header.file}: no tensor named '${name}'`);
  return tensor;
}

function parseHeaderJson(path: string, bytes: Uint8Array): Record<string, unknown> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new Error(`${path}: not a safetensors file (the header is not UTF-8 text)`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new Error(`${path}: not a safetensors file (the header is not JSON: ${(err as Error).message})`, {
      cause: err,
    });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`${path}: not a safetensors file (the header is not a JSON object)`);
  }
  return value as Record<string, unknown>;
}

function isDtype(value: unknown): value is SafetensorsDtype {
  return typeof value === 'string' && Object.hasOwn(SAFETENSORS_DTYPE_BYTES, value);
}

function elementCount(shape: readonly unknown[]): number | null {
  let count = 1;
  for (const d of shape) {
    if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 0) return null;
    count *= d;
  }
  return Number.isSafeInteger(count) ? count : null;
}

function checkHeader(
  path: string,
  json: Record<string, unknown>,
  dataStart: number,
  fileSize: number,
): SafetensorsHeader {
  const metadata: Record<string, string> = {};
  const tensors = new Map<string, SafetensorsTensor>();
  for (const [name, entry] of Object.entries(json)) {
    if (name === '__metadata__') {
      if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
        throw new Error(`${path}: __metadata__ must be an object of strings`);
      }
      for (const [key, value] of Object.entries(entry)) {
        if (typeof value !== 'string') throw new Error(`${path}: __metadata__.${key} must be a string`);
        metadata[key] = value;
      }
      continue;
    }
    tensors.set(name, checkTensor(path, name, entry, dataStart));
  }
  checkCoverage(path, [...tensors.values()], dataStart, fileSize);
  return { file: path, dataStart, tensors, metadata };
}

function checkTensor(path: string, name: string, entry: unknown, dataStart: number): SafetensorsTensor {
  const where = `${path}: tensor '${name}'`;
  if (typeof entry !== 'object' || entry === null) throw new Error(`${where}: entry is not an object`);
  const { dtype, shape, data_offsets: offsets } = entry as Record<string, unknown>;
  if (!isDtype(dtype)) throw new Error(`${where}: unknown dtype ${JSON.stringify(dtype)}`);
  const count = Array.isArray(shape) ? elementCount(shape) : null;
  if (!Array.isArray(shape) || count === null) throw new Error(`${where}: invalid shape ${JSON.stringify(shape)}`);
  if (
    !Array.isArray(offsets) ||
    offsets.length !== 2 ||
    !offsets.every((o) => typeof o === 'number' && Number.isSafeInteger(o) && o >= 0) ||
    offsets[1] < offsets[0]
  ) {
    throw new Error(`${where}: invalid data_offsets ${JSON.stringify(offsets)}`);
  }
  const [from, to] = offsets as [number, number];
  const expected = count * SAFETENSORS_DTYPE_BYTES[dtype];
  if (to - from !== expected) {
    throw new Error(
      `${where}: ${dtype} [${shape.join(', ')}] needs ${expected} bytes, but data_offsets span ${to - from}`,
    );
  }
  return { name, dtype, shape: shape as number[], begin: dataStart + from, end: dataStart + to };
}

/** Every data byte must belong to exactly one tensor: overlaps, gaps and a short file are all refused. */
function checkCoverage(path: string, tensors: SafetensorsTensor[], dataStart: number, fileSize: number): void {
  const sorted = [...tensors].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let cursor = dataStart;
  for (const t of sorted) {
    if (t.begin < cursor) {
      const other = sorted.find((o) => o !== t && o.begin < t.end && t.begin < o.end);
      throw new Error(`${path}: tensor '${t.name}' overlaps tensor '${other?.name ?? '?'}' in the data section`);
    }
    if (t.begin > cursor) {
      throw new Error(`${path}: ${t.begin - cursor} unused bytes before tensor '${t.name}' in the data section`);
    }
    if (t.end > fileSize) {
      throw new Error(
        `${path}: truncated: tensor '${t.name}' ends at byte ${t.end}, but the file has only ${fileSize} bytes`,
      );
    }
    cursor = t.end;
  }
  if (cursor !== fileSize) {
    throw new Error(
      `${path}: ${fileSize - cursor} bytes after the last tensor; the file is not a valid safetensors file`,
    );
  }
}
