import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  PickleObject,
  readTorchCheckpoint,
  readTorchTensorBytes,
  readTorchTensorData,
} from '../../../../src/main/vision/weights/torch-checkpoint';
import { withTempDir } from '../../../helpers/temp-dir';

const FIXTURES = join(import.meta.dirname, '../../../fixtures/vision/weights');
const STATE = join(FIXTURES, 'state.pth');

interface Expected {
  epoch: number;
  tensors: Record<
    string,
    {
      dtype: string;
      shape: number[];
      stride: number[];
      storageOffset: number;
      member: string;
      values: number[];
      range: { begin: number; end: number } | null;
    }
  >;
}

test('reads every tensor of a torch.save checkpoint: layout, storage member and byte range as torch/zipfile give them', async () => {
  const expected = JSON.parse(await readFile(`${STATE}.expected.json`, 'utf8')) as Expected;
  const ckpt = await readTorchCheckpoint(STATE);
  assert.deepEqual([...ckpt.tensors.keys()].sort(), Object.keys(expected.tensors).sort());
  for (const [name, e] of Object.entries(expected.tensors)) {
    const t = ckpt.tensors.get(name)!;
    assert.deepEqual(
      {
        dtype: t.dtype,
        shape: t.shape,
        stride: t.stride,
        storageOffset: t.storageOffset,
        member: t.storage.member,
        range: t.range,
      },
      {
        dtype: e.dtype,
        shape: e.shape,
        stride: e.stride,
        storageOffset: e.storageOffset,
        member: e.member,
        range: e.range,
      },
      name,
    );
  }
});

test('tensor values match torch, including a transposed view and a slice at a storage offset', async () => {
  const expected = JSON.parse(await readFile(`${STATE}.expected.json`, 'utf8')) as Expected;
  const ckpt = await readTorchCheckpoint(STATE);
  for (const [name, e] of Object.entries(expected.tensors)) {
    if (e.dtype === 'I64') continue;
    assert.deepEqual([...(await readTorchTensorData(ckpt, name))], e.values.map(Math.fround), name);
  }
  const ids = await readTorchTensorBytes(ckpt, 'model.text_encoder.embeddings.position_ids');
  assert.deepEqual([...new BigInt64Array(ids.buffer)], [0n, 1n, 2n, 3n, 4n, 5n, 6n]);
  await assert.rejects(
    readTorchTensorData(ckpt, 'model.text_encoder.embeddings.position_ids'),
    /is I64, not floating point/,
  );
});

test('non-tensor parts of the checkpoint are kept as plain values or inert objects', async () => {
  const ckpt = await readTorchCheckpoint(STATE);
  const root = ckpt.root as Map<string, unknown>;
  assert.equal(root.get('epoch'), 29);
  assert.equal((root.get('config') as Map<string, unknown>).get('image_res'), 256);
  const args = root.get('args');
  assert.ok(args instanceof PickleObject);
  assert.equal(`${args.module}.${args.name}`, 'argparse.Namespace');
  assert.deepEqual(
    args.state,
    new Map<string, unknown>([
      ['distributed', false],
      ['seed', 42],
    ]),
  );
});

test('the legacy non-zip format, TorchScript archives, non-checkpoints and damaged archives are refused clearly', async () => {
  await assert.rejects(
    readTorchCheckpoint(join(FIXTURES, 'legacy.pth')),
    /legacy\.pth: a legacy \(pre-1\.6, non-zip\) torch\.save checkpoint, which is not supported/,
  );
  await assert.rejects(
    readTorchCheckpoint(join(FIXTURES, 'mixed.safetensors')),
    /mixed\.safetensors: not a zip archive/,
  );
  await withTempDir(async (dir) => {
    const bytes = await readFile(STATE);
    const file = join(dir, 'bad.pth');

    await writeFile(file, bytes.subarray(0, bytes.length - 100));
    await assert.rejects(readTorchCheckpoint(file), /bad\.pth: not a zip archive|bad\.pth: truncated/);

    // Cut inside the data while keeping the directory: the central directory's offsets then point past the end.
    await writeFile(file, Buffer.concat([bytes.subarray(0, 1000), bytes.subarray(bytes.length - 800)]));
    await assert.rejects(readTorchCheckpoint(file), /bad\.pth: (truncated|corrupt zip archive)/);

    // A storage member whose size disagrees with its element count (FloatStorage of 5 elements stored in 16 bytes).
    const expected = JSON.parse(await readFile(`${STATE}.expected.json`, 'utf8')) as Expected;
    const pickle = Buffer.from(bytes);
    const patched = patchStorageSize(pickle, expected.tensors['model.visual_encoder.cls_token'].member);
    await writeFile(file, patched);
    await assert.rejects(
      readTorchCheckpoint(file),
      /storage '0' \(FloatStorage of 5 elements\) needs 20 bytes, but member 'state\/data\/0' has 16/,
    );
  });
});

test('a zip archive without data.pkl is not a checkpoint', async () => {
  await withTempDir(async (dir) => {
    const file = join(dir, 'other.zip');
    await writeFile(file, storedZip([['readme.txt', Buffer.from('hello')]]));
    await assert.rejects(
      readTorchCheckpoint(file),
      /other\.zip: not a PyTorch checkpoint \(the zip archive has no data\.pkl\)/,
    );
    await writeFile(
      file,
      storedZip([
        ['m/constants.pkl', Buffer.from('x')],
        ['m/code/__torch__.py', Buffer.from('')],
      ]),
    );
    await assert.rejects(readTorchCheckpoint(file), /a TorchScript archive/);
    await writeFile(
      file,
      storedZip([
        ['m/data.pkl', Buffer.from([0x80, 0x02, 0x4b, 0x07, 0x2e])],
        ['m/byteorder', Buffer.from('big')],
      ]),
    );
    await assert.rejects(readTorchCheckpoint(file), /a big-endian checkpoint, which is not supported/);
    await writeFile(file, storedZip([['m/data.pkl', Buffer.from([0x80, 0x02, 0x4b, 0x07, 0x2e])]]));
    assert.equal((await readTorchCheckpoint(file)).root, 7);
  });
});

/**
 * Shrinks one storage member's recorded sizes by 4 bytes in the central directory (torch's local headers say 0 and
 * defer the sizes to a data descriptor).
 */
function patchStorageSize(bytes: Buffer, member: string): Buffer {
  const name = Buffer.from(member);
  for (let at = bytes.indexOf(name); at >= 0; at = bytes.indexOf(name, at + 1)) {
    if (bytes.readUInt32LE(at - 46) === 0x02014b50) {
      bytes.writeUInt32LE(bytes.readUInt32LE(at - 26) - 4, at - 26);
      bytes.writeUInt32LE(bytes.readUInt32LE(at - 22) - 4, at - 22);
    }
  }
  return bytes;
}

/** A minimal stored (uncompressed) zip, written from the format's specification. */
function storedZip(files: [string, Buffer][]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of files) {
    const n = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(n.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(n.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, n, data);
    centrals.push(central, n);
    offset += 30 + n.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
