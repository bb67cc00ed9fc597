// The on-disk form of a SAM image embedding: a header that says whose embedding it is (image, model, encoder
// build), its shape and a digest of the data, then the float32 values. A file is only ever trusted after every one
// of those checks passes; anything else (a crash mid-write, a disk error, a file from other weights) is a miss.
//
// Layout: 'RLSAMEMB' | u32 version | u32 header length | header JSON (UTF-8) | zero padding to 4 bytes | float32
// data. Numbers are little-endian; the float32 data is written in the machine's own order, which is little-endian
// everywhere onnxruntime runs, and the file never leaves the machine that wrote it.
import { createHash } from 'node:crypto';
import type { SamEmbedding } from '../sam/predictor/predictor';

const MAGIC = Buffer.from('RLSAMEMB', 'latin1');
const VERSION = 1;
const PREFIX_BYTES = MAGIC.length + 8;
/** Far above any real header (a few hundred bytes); a larger length is corruption. */
const MAX_HEADER_BYTES = 4096;

/** Whose embedding a file holds; every field must match for the file to be used. */
export interface EmbeddingIdentity {
  /** SHA-256 (hex) of the image file. */
  imageSha: string;
  /** The SAM model (weights) name. */
  model: string;
  /** The encoder graph's builder version. */
  builder: string;
}

interface Header extends EmbeddingIdentity {
  dims: number[];
  image: { width: number; height: number };
  /** SHA-256 (hex) of the data bytes. */
  digest: string;
}

export function encodeEmbeddingFile(embedding: SamEmbedding, identity: EmbeddingIdentity): Uint8Array {
  checkShape(embedding.dims, embedding.data.length, embedding.image);
  const data = new Uint8Array(embedding.data.buffer, embedding.data.byteOffset, embedding.data.byteLength);
  const header: Header = {
    imageSha: identity.imageSha,
    model: identity.model,
    builder: identity.builder,
    dims: [...embedding.dims],
    image: { width: embedding.image.width, height: embedding.image.height },
    digest: createHash('sha256').update(data).digest('hex'),
  };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const dataOffset = align4(PREFIX_BYTES + json.length);
  const out = new Uint8Array(dataOffset + data.length);
  const view = new DataView(out.buffer);
  out.set(MAGIC, 0);
  view.setUint32(MAGIC.length, VERSION, true);
  view.setUint32(MAGIC.length + 4, json.length, true);
  out.set(json, PREFIX_BYTES);
  out.set(data, dataOffset);
  return out;
}

/** The header's claims, checked against the identity and against the file's length (not yet the digest). */
export interface EmbeddingFileHeader {
  header: Header;
  dataOffset: number;
  dataBytes: number;
}

/**
 * Reads and checks the header from the first bytes of a file of `fileBytes` bytes. Throws, saying why, when the
 * file is not a complete embedding for this identity.
 */
export function readEmbeddingHeader(
  start: Uint8Array,
  fileBytes: number,
  identity: EmbeddingIdentity,
): EmbeddingFileHeader {
  if (start.length < PREFIX_BYTES || !Buffer.from(start.buffer, start.byteOffset, MAGIC.length).equals(MAGIC)) {
    throw new Error('not a SAM embedding file');
  }
  const view = new DataView(start.buffer, start.byteOffset, start.byteLength);
  const version = view.getUint32(MAGIC.length, true);
  if (version !== VERSION) throw new Error(`embedding file version ${version}, expected ${VERSION}`);
  const jsonBytes = view.getUint32(MAGIC.length + 4, true);
  if (jsonBytes > MAX_HEADER_BYTES) throw new Error(`header of ${jsonBytes} bytes`);
  if (start.length < PREFIX_BYTES + jsonBytes) throw new Error('truncated header');
  const header = parseHeader(Buffer.from(start.buffer, start.byteOffset + PREFIX_BYTES, jsonBytes).toString('utf8'));
  for (const key of ['imageSha', 'model', 'builder'] as const) {
    if (header[key] !== identity[key]) {
      throw new Error(`${key} is ${JSON.stringify(header[key])}, expected ${JSON.stringify(identity[key])}`);
    }
  }
  const dataOffset = align4(PREFIX_BYTES + jsonBytes);
  const dataBytes = header.dims.reduce((a, b) => a * b, 1) * 4;
  if (fileBytes !== dataOffset + dataBytes) {
    throw new Error(`file has ${fileBytes} bytes, its header promises ${dataOffset + dataBytes}`);
  }
  return { header, dataOffset, dataBytes };
}

/** Bytes to read for readEmbeddingHeader to see the whole header. */
export const EMBEDDING_HEADER_READ_BYTES = PREFIX_BYTES + MAX_HEADER_BYTES;

/** The embedding in a whole file, after every check; throws, saying why, otherwise. */
export function decodeEmbeddingFile(file: Uint8Array, identity: EmbeddingIdentity): SamEmbedding {
  const { header, dataOffset, dataBytes } = readEmbeddingHeader(file, file.length, identity);
  const bytes = file.subarray(dataOffset, dataOffset + dataBytes);
  if (createHash('sha256').update(bytes).digest('hex') !== header.digest) throw new Error('data digest mismatch');
  // A copy: the file's buffer may not be 4-byte aligned, and the embedding must not pin a larger pooled buffer.
  const data = new Float32Array(dataBytes / 4);
  new Uint8Array(data.buffer).set(bytes);
  return { data, dims: header.dims, image: header.image };
}

function parseHeader(text: string): Header {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new Error('header is not JSON');
  }
  const h = raw as Partial<Header> | null;
  const strings =
    h && ['imageSha', 'model', 'builder', 'digest'].every((k) => typeof h[k as keyof Header] === 'string');
  if (!h || !strings || !Array.isArray(h.dims) || !h.image || typeof h.image !== 'object') {
    throw new Error('header lacks fields');
  }
  const dims = h.dims as unknown[];
  if (!dims.every((d): d is number => typeof d === 'number')) throw new Error('header dims are not numbers');
  const size = dims.reduce((a, b) => a * b, 1);
  checkShape(dims, size, h.image);
  return h as Header;
}

function checkShape(dims: readonly number[], length: number, image: { width: unknown; height: unknown }): void {
  if (dims.length !== 4 || dims[0] !== 1 || !dims.every((d) => Number.isSafeInteger(d) && d > 0)) {
    throw new Error(`embedding dims must be [1, C, H, W], got [${dims.join(', ')}]`);
  }
  if (dims.reduce((a, b) => a * b, 1) !== length) {
    throw new Error(`embedding has ${length} values, its dims [${dims.join(', ')}] need another count`);
  }
  const { width, height } = image;
  if (
    !Number.isSafeInteger(width) ||
    !Number.isSafeInteger(height) ||
    (width as number) <= 0 ||
    (height as number) <= 0
  ) {
    throw new Error(`embedding image size must be positive integers, got ${String(width)} × ${String(height)}`);
  }
}

function align4(n: number): number {
  return Math.ceil(n / 4) * 4;
}
