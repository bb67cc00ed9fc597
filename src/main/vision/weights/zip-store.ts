// Lists the entries of a zip archive whose members are stored uncompressed, as torch.save writes them, and gives
// each member's absolute byte range in the file so tensors can be read (or referenced as ONNX external data) in
// place. Only the central directory and local headers are read; ZIP64 archives (checkpoints over 4 GiB or with
// more than 65535 members) are supported. No npm zip reader is needed for this subset.
import type { FileHandle } from 'node:fs/promises';
import { readAt } from './file-read';

export interface ZipEntry {
  name: string;
  /** 0 = stored; anything else is refused when the entry is read. */
  method: number;
  /** Absolute offsets of the member's data in the archive. */
  begin: number;
  end: number;
  crc32: number;
}

const EOCD_SIGNATURE = 0x06054b50;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const ZIP64_EOCD_SIGNATURE = 0x06064b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const EOCD_SIZE = 22;
const MAX_COMMENT = 0xffff;
const U32_MAX = 0xffffffff;

export async function readZipEntries(handle: FileHandle, file: string): Promise<Map<string, ZipEntry>> {
  const size = (await handle.stat()).size;
  const tailLength = Math.min(size, EOCD_SIZE + MAX_COMMENT);
  const tail = await readAt(handle, size - tailLength, tailLength, file, 'a record');
  const eocdAt = findBackwards(tail, EOCD_SIGNATURE);
  if (eocdAt < 0) throw new Error(`${file}: not a zip archive (no end-of-central-directory record)`);
  const eocd = new DataView(tail.buffer, eocdAt);
  let count = eocd.getUint16(10, true);
  let directorySize: number = eocd.getUint32(12, true);
  let directoryStart: number = eocd.getUint32(16, true);

  if (count === 0xffff || directorySize === U32_MAX || directoryStart === U32_MAX) {
    const locatorAt = size - tailLength + eocdAt - 20;
    const locator = new DataView((await readAt(handle, locatorAt, 20, file, 'a record')).buffer);
    if (locator.getUint32(0, true) !== ZIP64_LOCATOR_SIGNATURE) {
      throw new Error(`${file}: corrupt zip archive (ZIP64 sizes without a ZIP64 locator)`);
    }
    const record = new DataView(
      (await readAt(handle, safeNumber(locator.getBigUint64(8, true), file), 56, file, 'a record')).buffer,
    );
    if (record.getUint32(0, true) !== ZIP64_EOCD_SIGNATURE) {
      throw new Error(`${file}: corrupt zip archive (bad ZIP64 end-of-central-directory record)`);
    }
    count = safeNumber(record.getBigUint64(32, true), file);
    directorySize = safeNumber(record.getBigUint64(40, true), file);
    directoryStart = safeNumber(record.getBigUint64(48, true), file);
  }
  if (directoryStart + directorySize > size) {
    throw new Error(
      `${file}: truncated zip archive (the central directory ends at byte ${directoryStart + directorySize}, the file has ${size})`,
    );
  }

  const directory = await readAt(handle, directoryStart, directorySize, file, 'a record');
  const view = new DataView(directory.buffer);
  const entries = new Map<string, ZipEntry>();
  let at = 0;
  for (let i = 0; i < count; i++) {
    if (at + 46 > directory.length || view.getUint32(at, true) !== CENTRAL_SIGNATURE) {
      throw new Error(`${file}: corrupt zip archive (central directory entry ${i} is malformed)`);
    }
    const method = view.getUint16(at + 10, true);
    const crc32 = view.getUint32(at + 16, true);
    let compressedSize: number = view.getUint32(at + 20, true);
    let uncompressedSize: number = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    let localOffset: number = view.getUint32(at + 42, true);
    const name = Buffer.from(directory.subarray(at + 46, at + 46 + nameLength)).toString('utf8');
    const zip64 = readZip64Extra(
      view,
      at + 46 + nameLength,
      extraLength,
      {
        uncompressed: uncompressedSize === U32_MAX,
        compressed: compressedSize === U32_MAX,
        offset: localOffset === U32_MAX,
      },
      file,
    );
    uncompressedSize = zip64.uncompressed ?? uncompressedSize;
    compressedSize = zip64.compressed ?? compressedSize;
    localOffset = zip64.offset ?? localOffset;
    at += 46 + nameLength + extraLength + commentLength;

    if (method === 0 && compressedSize !== uncompressedSize) {
      throw new Error(`${file}: corrupt zip archive (stored member '${name}' has differing sizes)`);
    }
    const local = new DataView((await readAt(handle, localOffset, 30, file, 'a record')).buffer);
    if (local.getUint32(0, true) !== LOCAL_SIGNATURE) {
      throw new Error(`${file}: corrupt zip archive (no local header for member '${name}' at byte ${localOffset})`);
    }
    const begin = localOffset + 30 + local.getUint16(26, true) + local.getUint16(28, true);
    entries.set(name, { name, method, begin, end: begin + compressedSize, crc32 });
  }
  return entries;
}

/** The bytes of a stored member, checked against the file's length. */
export async function readZipEntry(handle: FileHandle, file: string, entry: ZipEntry): Promise<Uint8Array> {
  if (entry.method !== 0) {
    throw new Error(
      `${file}: member '${entry.name}' is compressed (method ${entry.method}); only stored members are supported`,
    );
  }
  return readAt(handle, entry.begin, entry.end - entry.begin, file, `member '${entry.name}'`);
}

function findBackwards(bytes: Uint8Array, signature: number): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = bytes.length - EOCD_SIZE; i >= 0; i--) if (view.getUint32(i, true) === signature) return i;
  return -1;
}

function readZip64Extra(
  view: DataView,
  start: number,
  length: number,
  wanted: { uncompressed: boolean; compressed: boolean; offset: boolean },
  file: string,
): { uncompressed?: number; compressed?: number; offset?: number } {
  let at = start;
  while (at + 4 <= start + length) {
    const id = view.getUint16(at, true);
    const size = view.getUint16(at + 2, true);
    if (id === 0x0001) {
      // The ZIP64 field holds only the values whose 32-bit slots are saturated, in this order.
      let field = at + 4;
      const next = (): number => {
        const value = safeNumber(view.getBigUint64(field, true), file);
        field += 8;
        return value;
      };
      return {
        uncompressed: wanted.uncompressed ? next() : undefined,
        compressed: wanted.compressed ? next() : undefined,
        offset: wanted.offset ? next() : undefined,
      };
    }
    at += 4 + size;
  }
  return {};
}

function safeNumber(value: bigint, file: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER))
    throw new Error(`${file}: corrupt zip archive (offset ${value} too large)`);
  return Number(value);
}
