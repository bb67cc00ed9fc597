import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  readSafetensorsHeader,
  readTensorBytes,
  readTensorData,
  writeSafetensors,
} from '../../../../src/main/vision/weights/safetensors';
import { withTempDir } from '../../../helpers/temp-dir';

const FIXTURES = join(import.meta.dirname, '../../../fixtures/vision/weights');
const MIXED = join(FIXTURES, 'mixed.safetensors');

interface Expected {
  dataStart: number;
  metadata: Record<string, string>;
  tensors: Record<string, { dtype: string; shape: number[]; begin: number; end: number; values: (number | string)[] }>;
}

function fromJson(v: number | string): number {
  return typeof v === 'number' ? v : v === 'nan' ? NaN : v === 'inf' ? Infinity : -Infinity;
}

/** A safetensors file assembled byte by byte, for the malformed cases. */
function rawFile(header: unknown, dataBytes: number, headerLength?: number): Buffer {
  const json = Buffer.from(JSON.stringify(header));
  const prefix = Buffer.alloc(8);
  prefix.writeBigUInt64LE(BigInt(headerLength ?? json.length));
  return Buffer.concat([prefix, json, Buffer.alloc(dataBytes)]);
}

test('reads a header written by an independent writer: dtypes, shapes, absolute ranges, metadata', async () => {
  const expected = JSON.parse(await readFile(`${MIXED}.expected.json`, 'utf8')) as Expected;
  const header = await readSafetensorsHeader(MIXED);
  assert.equal(header.dataStart, expected.dataStart);
  assert.deepEqual(header.metadata, expected.metadata);
  assert.deepEqual([...header.tensors.keys()].sort(), Object.keys(expected.tensors).sort());
  for (const [name, e] of Object.entries(expected.tensors)) {
    const t = header.tensors.get(name)!;
    assert.deepEqual(
      { dtype: t.dtype, shape: t.shape, begin: t.begin, end: t.end },
      {
        dtype: e.dtype,
        shape: e.shape,
        begin: e.begin,
        end: e.end,
      },
    );
  }
});

test('widens F16, BF16 and F64 to float32 exactly as numpy/torch do', async () => {
  const expected = JSON.parse(await readFile(`${MIXED}.expected.json`, 'utf8')) as Expected;
  const header = await readSafetensorsHeader(MIXED);
  for (const name of ['encoder.weight', 'encoder.half', 'encoder.bf16', 'encoder.double', 'empty']) {
    const values = await readTensorData(header, name);
    assert.deepEqual(
      [...values],
      expected.tensors[name].values.map((v) => Math.fround(fromJson(v))),
      name,
    );
  }
});

test('integer tensors are refused by readTensorData and readable as bytes', async () => {
  const header = await readSafetensorsHeader(MIXED);
  await assert.rejects(readTensorData(header, 'position_ids'), /'position_ids' is I64, not floating point/);
  const bytes = await readTensorBytes(header, 'position_ids');
  assert.deepEqual([...new BigInt64Array(bytes.buffer)], [0n, 1n, 2n]);
  await assert.rejects(readTensorData(header, 'nope'), /no tensor named 'nope'/);
});

test('writeSafetensors round-trips through the reader, converting float32 input to F16 and BF16', async () => {
  await withTempDir(async (dir) => {
    const file = join(dir, 'w.safetensors');
    const f32 = new Float32Array([0.1, -2.5, 1e-5, 70000, 3]);
    await writeSafetensors(
      file,
      {
        a: { dtype: 'F32', shape: [5], data: f32 },
        b: { dtype: 'F16', shape: [5], data: f32 },
        c: { dtype: 'BF16', shape: [1, 5], data: f32 },
        d: { dtype: 'I32', shape: [2], data: new Int32Array([7, -7]) },
      },
      { format: 'pt' },
    );
    const header = await readSafetensorsHeader(file);
    assert.equal(header.dataStart % 8, 0);
    assert.deepEqual(header.metadata, { format: 'pt' });
    assert.deepEqual([...(await readTensorData(header, 'a'))], [...f32]);
    // Expected values from torch: x.half().float() and x.bfloat16().float() for x = [0.1, -2.5, 1e-5, 70000, 3].
    assert.deepEqual(
      [...(await readTensorData(header, 'b'))],
      [0.0999755859375, -2.5, 0.000010013580322265625, Infinity, 3],
    );
    assert.deepEqual(
      [...(await readTensorData(header, 'c'))],
      [0.10009765625, -2.5, 0.000010013580322265625, 70144, 3],
    );
    await assert.rejects(
      writeSafetensors(join(dir, 'x.safetensors'), { a: { dtype: 'F32', shape: [4], data: new Float32Array(3) } }),
      /tensor 'a' \(F32 \[4\]\) needs 16 bytes, got 12/,
    );
  });
});

test('truncated files name the file and the tensor that is cut', async () => {
  await withTempDir(async (dir) => {
    const bytes = await readFile(MIXED);
    const cut = join(dir, 'cut.safetensors');
    const expected = JSON.parse(await readFile(`${MIXED}.expected.json`, 'utf8')) as Expected;
    const last = Object.entries(expected.tensors).sort((a, b) => b[1].end - a[1].end)[0];
    await writeFile(cut, bytes.subarray(0, last[1].end - 1));
    await assert.rejects(readSafetensorsHeader(cut), (err: Error) => {
      assert.match(err.message, new RegExp(`^${cut}: truncated: tensor '${last[0].replace('.', '\\.')}' ends at byte`));
      return true;
    });
    await writeFile(cut, bytes.subarray(0, 40));
    await assert.rejects(
      readSafetensorsHeader(cut),
      /cut\.safetensors: truncated safetensors file: the header needs \d+ bytes, the file has 40/,
    );
    await writeFile(cut, bytes.subarray(0, 5));
    await assert.rejects(readSafetensorsHeader(cut), /not a safetensors file \(5 bytes/);
  });
});

test('files that are not safetensors are refused with the reason', async () => {
  await withTempDir(async (dir) => {
    const file = join(dir, 'bad.safetensors');
    const cases: [Buffer, RegExp][] = [
      [Buffer.from('<!DOCTYPE html><html><body>Not Found</body></html>'), /header length of \d+ bytes/],
      [rawFile('just a string', 0), /the header is not a JSON object/],
      [Buffer.concat([rawFile({}, 0, 6), Buffer.from('{oops}')]).subarray(0, 14), /the header is not JSON/],
      [rawFile({ w: { dtype: 'F8', shape: [1], data_offsets: [0, 1] } }, 1), /tensor 'w': unknown dtype "F8"/],
      [rawFile({ w: { dtype: 'F32', shape: [2, -1], data_offsets: [0, 8] } }, 8), /tensor 'w': invalid shape \[2,-1\]/],
      [rawFile({ w: { dtype: 'F32', shape: [2], data_offsets: [8, 0] } }, 8), /tensor 'w': invalid data_offsets/],
      [
        rawFile({ w: { dtype: 'F16', shape: [2, 3], data_offsets: [0, 24] } }, 24),
        /tensor 'w': F16 \[2, 3\] needs 12 bytes, but data_offsets span 24/,
      ],
      [
        rawFile(
          {
            a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] },
            b: { dtype: 'F32', shape: [2], data_offsets: [4, 12] },
          },
          12,
        ),
        /tensor 'b' overlaps tensor 'a'/,
      ],
      [rawFile({ a: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } }, 8), /4 unused bytes before tensor 'a'/],
      [rawFile({ a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }, 9), /5 bytes after the last tensor/],
      [
        rawFile({ __metadata__: { n: 3 }, a: { dtype: 'U8', shape: [], data_offsets: [0, 1] } }, 1),
        /__metadata__\.n must be a string/,
      ],
    ];
    for (const [bytes, message] of cases) {
      await writeFile(file, bytes);
      await assert.rejects(readSafetensorsHeader(file), (err: Error) => {
        assert.ok(err.message.startsWith(`${file}: `), err.message);
        assert.match(err.message, message);
        return true;
      });
    }
    await assert.rejects(
      readSafetensorsHeader(join(dir, 'missing.safetensors')),
      /missing\.safetensors: cannot open the weights file \(ENOENT\)/,
    );
  });
});

test('a file truncated after the header was read is still caught when the tensor is read', async () => {
  await withTempDir(async (dir) => {
    const file = join(dir, 'w.safetensors');
    await writeSafetensors(file, { a: { dtype: 'F32', shape: [64], data: new Float32Array(64) } });
    const header = await readSafetensorsHeader(file);
    await writeFile(file, (await readFile(file)).subarray(0, header.dataStart + 10));
    await assert.rejects(readTensorData(header, 'a'), /truncated: tensor 'a' ends at byte/);
  });
});
