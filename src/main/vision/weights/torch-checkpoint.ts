// Reads PyTorch checkpoints in the zip format torch.save has written since 1.6 (ALBEF.pth and the like): the
// archive's data.pkl is unpickled with hooks that stand in for torch's own classes, and every tensor becomes a
// description (storage member, element offset, shape, stride, dtype) whose data is read from the archive only when
// asked for. Members are stored uncompressed, so a contiguous tensor is also a plain byte range of the file.
// Nothing from the pickle is executed: classes the checkpoint names that are not torch's tensor machinery become
// inert PickleObject records (an argparse.Namespace of training options, say), so the weights stay readable.
import type { FileHandle } from 'node:fs/promises';
import { PickleGlobalRef, describe, readPickle, type PickleGlobal } from '../../io/pickle';
import { floatBytesToFloat32 } from './float16';
import { SAFETENSORS_DTYPE_BYTES, type SafetensorsDtype } from './safetensors';
import { openForReading, readAt } from './file-read';
import { readZipEntries, readZipEntry, type ZipEntry } from './zip-store';

export interface TorchStorage {
  /** The archive member holding it, e.g. 'archive/data/3'. */
  member: string;
  dtype: SafetensorsDtype;
  /** Elements in the storage. */
  numel: number;
  /** Absolute byte range of the storage in the checkpoint file. */
  begin: number;
  end: number;
}

export interface TorchTensor {
  /** Dotted path from the checkpoint's root, e.g. 'model.visual_encoder.cls_token'. */
  name: string;
  dtype: SafetensorsDtype;
  shape: number[];
  /** In elements, as torch gives them. */
  stride: number[];
  /** In elements from the start of the storage. */
  storageOffset: number;
  storage: TorchStorage;
  /** Absolute byte range when the tensor is contiguous (usable as ONNX external data), else null. */
  range: { begin: number; end: number } | null;
}

export interface TorchCheckpoint {
  file: string;
  /** The unpickled object; tensors in it are TorchTensor values. */
  root: unknown;
  tensors: Map<string, TorchTensor>;
}

/** An object of a class the checkpoint names but RefLabel does not interpret. */
export class PickleObject {
  state: unknown = null;
  constructor(
    readonly module: string,
    readonly name: string,
    readonly args: unknown[],
  ) {}
}

const STORAGE_DTYPES: Readonly<Record<string, SafetensorsDtype>> = {
  DoubleStorage: 'F64',
  FloatStorage: 'F32',
  HalfStorage: 'F16',
  BFloat16Storage: 'BF16',
  LongStorage: 'I64',
  IntStorage: 'I32',
  ShortStorage: 'I16',
  CharStorage: 'I8',
  ByteStorage: 'U8',
  BoolStorage: 'BOOL',
  UntypedStorage: 'U8',
};

/** The pickle's magic number that opens a legacy (pre-1.6, non-zip) torch.save file. */
const LEGACY_MAGIC = [0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19];

export async function readTorchCheckpoint(path: string): Promise<TorchCheckpoint> {
  const handle = await openForReading(path, 'the checkpoint');
  try {
    const entries = await readEntriesOrExplain(handle, path);
    const pickleEntry = [...entries.values()].find((e) => /^([^/]+\/)?data\.pkl$/.test(e.name));
    if (!pickleEntry) {
      const torchScript = [...entries.keys()].some((n) => /(^|\/)constants\.pkl$/.test(n));
      throw new Error(
        torchScript
          ? `${path}: a TorchScript archive (torch.jit.save), not a torch.save checkpoint; it is not supported`
          : `${path}: not a PyTorch checkpoint (the zip archive has no data.pkl)`,
      );
    }
    const prefix = pickleEntry.name.slice(0, -'data.pkl'.length);
    await checkByteOrder(handle, path, entries.get(`${prefix}byteorder`));
    const storages = new Map<string, TorchStorage>();
    const persistentLoad = (pid: unknown): TorchStorage => {
      const storage = loadStorage(path, prefix, entries, pid);
      const known = storages.get(storage.member);
      if (known) return known;
      storages.set(storage.member, storage);
      return storage;
    };
    const root = readPickle(await readZipEntry(handle, path, pickleEntry), {
      file: `${path}:${pickleEntry.name}`,
      findClass: (module, name) => findClass(path, module, name),
      persistentLoad,
    });
    const tensors = new Map<string, TorchTensor>();
    collectTensors(root, '', tensors);
    return { file: path, root, tensors };
  } finally {
    await handle.close();
  }
}

/** A floating-point tensor as float32, in row-major order. */
export async function readTorchTensorData(checkpoint: TorchCheckpoint, name: string): Promise<Float32Array> {
  const tensor = findTensor(checkpoint, name);
  const bytes = await readTorchTensorBytes(checkpoint, name);
  const values = floatBytesToFloat32(bytes, tensor.dtype);
  if (!values)
    throw new Error(
      `${checkpoint.file}: tensor '${name}' is ${tensor.dtype}, not floating point; read it with readTorchTensorBytes`,
    );
  return values;
}

/** A tensor's elements as little-endian bytes in row-major order (strided views are gathered). */
export async function readTorchTensorBytes(checkpoint: TorchCheckpoint, name: string): Promise<Uint8Array> {
  const tensor = findTensor(checkpoint, name);
  const handle = await openForReading(checkpoint.file, 'the checkpoint');
  try {
    if (tensor.range) {
      return await readAt(
        handle,
        tensor.range.begin,
        tensor.range.end - tensor.range.begin,
        checkpoint.file,
        `member '${name}'`,
      );
    }
    const size = SAFETENSORS_DTYPE_BYTES[tensor.dtype];
    const { first, last } = elementSpan(tensor);
    const span = await readAt(
      handle,
      tensor.storage.begin + first * size,
      (last - first + 1) * size,
      checkpoint.file,
      `member '${name}'`,
    );
    return gather(span, tensor, first, size);
  } finally {
    await handle.close();
  }
}

function findTensor(checkpoint: TorchCheckpoint, name: string): TorchTensor {
  const tensor = checkpoint.tensors.get(name);
  if (!tensor) throw new Error(`${checkpoint.file}: no tensor named '${name}'`);
  return tensor;
}

async function readEntriesOrExplain(handle: FileHandle, path: string): Promise<Map<string, ZipEntry>> {
  try {
    return await readZipEntries(handle, path);
  } catch (err) {
    const head = await readAt(handle, 0, Math.min(14, (await handle.stat()).size), path, 'a record');
    if (head[0] === 0x80 && LEGACY_MAGIC.every((b, i) => head[i + 2] === b)) {
      throw new Error(
        `${path}: a legacy (pre-1.6, non-zip) torch.save checkpoint, which is not supported; ` +
          're-save it with torch.save(torch.load(path), path) in PyTorch 1.6 or later',
        { cause: err },
      );
    }
    throw err;
  }
}

async function checkByteOrder(handle: FileHandle, path: string, entry: ZipEntry | undefined): Promise<void> {
  if (!entry) return; // written only since torch 2.1; older archives are little-endian
  const order = Buffer.from(await readZipEntry(handle, path, entry)).toString('latin1');
  if (order !== 'little') throw new Error(`${path}: a ${order}-endian checkpoint, which is not supported`);
}

function findClass(path: string, module: string, name: string): PickleGlobal {
  const qualified = `${module}.${name}`;
  if (qualified === 'torch._utils._rebuild_tensor_v2' || qualified === 'torch._utils._rebuild_tensor') {
    return { call: (args) => rebuildTensor(path, args) };
  }
  if (qualified === 'torch._utils._rebuild_parameter') return { call: (args) => args[0] };
  if (qualified === 'collections.OrderedDict') {
    // A state_dict's `_metadata` (module versions) arrives through BUILD; the weights do not need it.
    return { call: () => new Map(), setState: () => {} };
  }
  if (module === 'torch' && name in STORAGE_DTYPES) return {};
  if (module === 'torch._utils' && name.startsWith('_rebuild_')) {
    throw new Error(
      `${path}: the checkpoint uses ${qualified} (quantized, sparse or other special tensors), which RefLabel cannot read`,
    );
  }
  return {
    call: (args) => new PickleObject(module, name, args),
    construct: (args) => new PickleObject(module, name, args),
    setState: (obj, state) => {
      (obj as PickleObject).state = state;
    },
  };
}

/** persistent_id of torch.save: ('storage', storage class, key, location, numel). */
function loadStorage(path: string, prefix: string, entries: Map<string, ZipEntry>, pid: unknown): TorchStorage {
  if (!Array.isArray(pid) || pid[0] !== 'storage' || pid.length < 5) {
    throw new Error(`${path}: unexpected persistent id in data.pkl (${describe(pid)})`);
  }
  const [, type, key, , numel] = pid;
  if (!(type instanceof PickleGlobalRef) || !(type.name in STORAGE_DTYPES) || typeof key !== 'string') {
    throw new Error(`${path}: unexpected storage reference in data.pkl (${describe(type)}, key ${describe(key)})`);
  }
  if (typeof numel !== 'number' || !Number.isSafeInteger(numel) || numel < 0) {
    throw new Error(`${path}: storage '${key}' has an invalid element count ${String(numel)}`);
  }
  const dtype = STORAGE_DTYPES[type.name];
  const member = `${prefix}data/${key}`;
  const entry = entries.get(member);
  if (!entry) throw new Error(`${path}: storage '${key}' is missing from the archive (no member '${member}')`);
  if (entry.method !== 0) {
    throw new Error(
      `${path}: member '${member}' is compressed (method ${entry.method}); only stored members are supported`,
    );
  }
  // An UntypedStorage's numel is already in bytes.
  const bytes = type.name === 'UntypedStorage' ? numel : numel * SAFETENSORS_DTYPE_BYTES[dtype];
  if (entry.end - entry.begin !== bytes) {
    throw new Error(
      `${path}: storage '${key}' (${type.name} of ${numel} elements) needs ${bytes} bytes, ` +
        `but member '${member}' has ${entry.end - entry.begin}`,
    );
  }
  return { member, dtype, numel: bytes / SAFETENSORS_DTYPE_BYTES[dtype], begin: entry.begin, end: entry.end };
}

/** An unnamed tensor as _rebuild_tensor_v2(storage, storage_offset, size, stride, ...) describes it. */
function rebuildTensor(path: string, args: unknown[]): TorchTensor {
  const [storage, storageOffset, shape, stride] = args;
  if (!isStorage(storage)) throw new Error(`${path}: a tensor without a storage in data.pkl (${describe(storage)})`);
  if (!isIndexList(shape) || !isIndexList(stride) || shape.length !== stride.length) {
    throw new Error(`${path}: a tensor in ${storage.member} has an invalid size or stride`);
  }
  if (typeof storageOffset !== 'number' || !Number.isSafeInteger(storageOffset) || storageOffset < 0) {
    throw new Error(`${path}: a tensor in ${storage.member} has an invalid storage offset`);
  }
  const tensor: TorchTensor = { name: '', dtype: storage.dtype, shape, stride, storageOffset, storage, range: null };
  const { first, last } = elementSpan(tensor);
  if (shape.every((d) => d > 0) && (first < 0 || last >= storage.numel)) {
    throw new Error(
      `${path}: a tensor of shape [${shape.join(', ')}] reaches element ${last} of ${storage.member}, ` +
        `which holds ${storage.numel}`,
    );
  }
  if (isContiguous(shape, stride)) {
    const size = SAFETENSORS_DTYPE_BYTES[storage.dtype];
    const count = shape.reduce((a, b) => a * b, 1);
    const begin = storage.begin + storageOffset * size;
    tensor.range = { begin, end: begin + count * size };
  }
  return tensor;
}

function isStorage(value: unknown): value is TorchStorage {
  return typeof value === 'object' && value !== null && 'member' in value && 'numel' in value;
}

function isTensor(value: unknown): value is TorchTensor {
  return typeof value === 'object' && value !== null && 'storage' in value && 'stride' in value;
}

function isIndexList(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0);
}

function isContiguous(shape: number[], stride: number[]): boolean {
  let expected = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    if (shape[i] !== 1 && stride[i] !== expected) return false;
    expected *= shape[i];
  }
  return true;
}

/** The lowest and highest storage elements a tensor touches. */
function elementSpan(t: TorchTensor): { first: number; last: number } {
  let last = t.storageOffset;
  for (let i = 0; i < t.shape.length; i++) last += (t.shape[i] - 1) * t.stride[i];
  return { first: t.storageOffset, last };
}

function gather(span: Uint8Array, t: TorchTensor, first: number, size: number): Uint8Array {
  const count = t.shape.reduce((a, b) => a * b, 1);
  const out = new Uint8Array(count * size);
  const index = new Array<number>(t.shape.length).fill(0);
  for (let n = 0; n < count; n++) {
    let element = t.storageOffset - first;
    for (let i = 0; i < index.length; i++) element += index[i] * t.stride[i];
    out.set(span.subarray(element * size, element * size + size), n * size);
    for (let i = index.length - 1; i >= 0; i--) {
      if (++index[i] < t.shape[i]) break;
      index[i] = 0;
    }
  }
  return out;
}

function collectTensors(value: unknown, path: string, out: Map<string, TorchTensor>): void {
  const child = (key: unknown): string => (path ? `${path}.${String(key)}` : String(key));
  if (isTensor(value)) {
    // The same tensor object can sit under two names (tied weights); each name gets its own record.
    out.set(path, { ...value, name: path });
  } else if (value instanceof Map) {
    for (const [key, item] of value)
      if (typeof key === 'string' || typeof key === 'number') collectTensors(item, child(key), out);
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => collectTensors(item, child(i), out));
  } else if (value instanceof PickleObject) {
    collectTensors(value.state, path, out);
  }
}
