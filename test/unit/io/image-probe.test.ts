import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { DEFAULT_MAX_PIXELS, probeImage } from '../../../src/main/io/image-probe';

let dir = '';
const path = (name: string): string => join(dir, name);

const solid = (width: number, height: number, channels: 3 | 4 = 3) =>
  sharp({ create: { width, height, channels, background: { r: 200, g: 40, b: 10, alpha: 0.5 } } });

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'probe-'));
  writeFileSync(path('tiny.jpg'), await solid(30, 20).jpeg().toBuffer());
  writeFileSync(path('tiny.png'), await solid(7, 5, 4).png().toBuffer());
  writeFileSync(path('tiny.webp'), await solid(9, 4).webp().toBuffer());
  for (const orientation of [3, 6, 8]) {
    writeFileSync(path(`o${orientation}.jpg`), await solid(30, 20).jpeg().withMetadata({ orientation }).toBuffer());
  }
});

after(() => rmSync(dir, { recursive: true, force: true }));

function copyWith(name: string, from: string, change: (data: Buffer) => Buffer): string {
  writeFileSync(path(name), change(readFileSync(path(from))));
  return path(name);
}

test('size, format, orientation, byte count and hash of plain images', async () => {
  for (const [name, format, width, height] of [
    ['tiny.jpg', 'jpeg', 30, 20],
    ['tiny.png', 'png', 7, 5],
    ['tiny.webp', 'webp', 9, 4],
  ] as const) {
    const file = readFileSync(path(name));
    assert.deepEqual(await probeImage(path(name)), {
      width,
      height,
      orientation: 1,
      format,
      bytes: file.length,
      sha256: createHash('sha256').update(file).digest('hex'),
    });
  }
});

test('EXIF orientations 5-8 swap width and height, others do not', async () => {
  const o6 = await probeImage(path('o6.jpg'));
  assert.deepEqual([o6.width, o6.height, o6.orientation], [20, 30, 6]);
  const o8 = await probeImage(path('o8.jpg'));
  assert.deepEqual([o8.width, o8.height, o8.orientation], [20, 30, 8]);
  const o3 = await probeImage(path('o3.jpg'));
  assert.deepEqual([o3.width, o3.height, o3.orientation], [30, 20, 3]);
});

test('a JPEG padded with zeros after its end marker is whole', async () => {
  const padded = copyWith('padded.jpg', 'tiny.jpg', (d) => Buffer.concat([d, Buffer.alloc(16)]));
  const probe = await probeImage(padded);
  assert.equal(probe.bytes, readFileSync(path('tiny.jpg')).length + 16);
  assert.equal(probe.width, 30);
});

test('truncated files are caught without decoding', async () => {
  const half = (d: Buffer): Buffer => d.subarray(0, d.length >> 1);
  const jpg = copyWith('cut.jpg', 'tiny.jpg', half);
  await assert.rejects(
    probeImage(jpg),
    new Error(`${jpg}: truncated JPEG file: it does not end with an end-of-image marker (FFD9)`),
  );

  const png = copyWith('cut.png', 'tiny.png', half);
  await assert.rejects(
    probeImage(png),
    new RegExp(`^Error: ${escape(png)}: truncated PNG file: the chunk at byte \\d+ runs past the end`),
  );
  const noEnd = copyWith('noiend.png', 'tiny.png', (d) => d.subarray(0, d.length - 12));
  await assert.rejects(probeImage(noEnd), new Error(`${noEnd}: truncated PNG file: it has no IEND chunk`));

  const webpSize = readFileSync(path('tiny.webp')).length;
  const webp = copyWith('cut.webp', 'tiny.webp', (d) => d.subarray(0, webpSize - 3));
  await assert.rejects(
    probeImage(webp),
    new Error(`${webp}: truncated WEBP file: the RIFF header says ${webpSize} bytes, the file has ${webpSize - 3}`),
  );
});

test('garbage, other formats and corrupt headers are refused by name', async () => {
  writeFileSync(path('garbage.jpg'), Buffer.from('this is not an image at all'));
  await assert.rejects(
    probeImage(path('garbage.jpg')),
    new Error(`${path('garbage.jpg')}: not a JPEG, PNG or WebP image`),
  );
  writeFileSync(path('x.gif'), await solid(3, 3).gif().toBuffer());
  await assert.rejects(probeImage(path('x.gif')), /not a JPEG, PNG or WebP image/);
  // Right magic and end marker, nonsense in between.
  writeFileSync(
    path('bad-header.jpg'),
    Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.from('garbage'), Buffer.from([0xff, 0xd9])]),
  );
  await assert.rejects(
    probeImage(path('bad-header.jpg')),
    new RegExp(`^Error: ${escape(path('bad-header.jpg'))}: corrupt JPEG header: `),
  );
  await assert.rejects(
    probeImage(path('missing.png')),
    new RegExp(`^Error: ${escape(path('missing.png'))}: cannot read the image: ENOENT`),
  );
});

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

test('a header claiming 100000x100000 pixels is refused with its size', async () => {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(100000, 0);
  ihdr.writeUInt32BE(100000, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(Buffer.alloc(16))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
  writeFileSync(path('huge.png'), png);
  assert.equal(DEFAULT_MAX_PIXELS, 16383 * 16383);
  await assert.rejects(
    probeImage(path('huge.png')),
    new Error(
      `${path('huge.png')}: image is 100000x100000 (10000000000 pixels), more than the limit of 268402689 pixels`,
    ),
  );
});

test('the pixel limit is configurable', async () => {
  await assert.rejects(
    probeImage(path('tiny.png'), { maxPixels: 34 }),
    /image is 7x5 \(35 pixels\), more than the limit of 34 pixels/,
  );
  assert.equal((await probeImage(path('tiny.png'), { maxPixels: 35 })).width, 7);
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
