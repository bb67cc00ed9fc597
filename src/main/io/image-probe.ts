// Reads what import needs to know about an image without decoding its pixels: displayed size, format, hash.
// sharp reads only the header for metadata, so a file cut short would pass; the end-of-file checks below catch
// truncation cheaply, from the container structure, before anyone tries to decode it.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import sharp, { type Metadata } from 'sharp';

export type ImageFormat = 'jpeg' | 'png' | 'webp';

export interface ImageProbe {
  /** Displayed size: after the EXIF orientation (5–8 swap width and height). */
  width: number;
  height: number;
  /** EXIF orientation 1–8; 1 when the file has none. */
  orientation: number;
  format: ImageFormat;
  /** File size. */
  bytes: number;
  /** Hex SHA-256 of the file's bytes. */
  sha256: string;
}

export interface ProbeOptions {
  /** Largest width × height accepted. */
  maxPixels?: number;
}

/** sharp's own default input limit (16383 × 16383): any image the probe accepts, sharp's default settings decode. */
export const DEFAULT_MAX_PIXELS = 0x3fff * 0x3fff;

export async function probeImage(absPath: string, opts: ProbeOptions = {}): Promise<ImageProbe> {
  const maxPixels = opts.maxPixels ?? DEFAULT_MAX_PIXELS;
  let data: Buffer;
  try {
    data = await readFile(absPath);
  } catch (e) {
    throw new Error(`${absPath}: cannot read the image: ${(e as Error).message}`, { cause: e });
  }

  const format = sniffFormat(data);
  if (!format) throw new Error(`${absPath}: not a JPEG, PNG or WebP image`);
  const incomplete = findTruncation(data, format);
  if (incomplete) throw new Error(`${absPath}: truncated ${format.toUpperCase()} file: ${incomplete}`);

  let meta: Metadata;
  try {
    // The pixel limit is checked below, with a message that gives the size; here sharp only reads the header.
    meta = await sharp(data, { limitInputPixels: false }).metadata();
  } catch (e) {
    throw new Error(`${absPath}: corrupt ${format.toUpperCase()} header: ${(e as Error).message}`, { cause: e });
  }
  if (meta.format !== format) throw new Error(`${absPath}: looks like ${format} but decodes as ${meta.format}`);
  const pixels = meta.width * meta.height;
  if (pixels > maxPixels) {
    throw new Error(
      `${absPath}: image is ${meta.width}x${meta.height} (${pixels} pixels), more than the limit of ${maxPixels} pixels`,
    );
  }
  return {
    width: meta.autoOrient.width,
    height: meta.autoOrient.height,
    orientation: meta.orientation ?? 1,
    format,
    bytes: data.length,
    sha256: createHash('sha256').update(data).digest('hex'),
  };
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function sniffFormat(data: Buffer): ImageFormat | null {
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'jpeg';
  if (data.length >= 8 && PNG_SIGNATURE.every((b, i) => data[i] === b)) return 'png';
  if (data.length >= 12 && data.toString('latin1', 0, 4) === 'RIFF' && data.toString('latin1', 8, 12) === 'WEBP') {
    return 'webp';
  }
  return null;
}

/** Why the file is incomplete, or null when its container is whole. */
function findTruncation(data: Buffer, format: ImageFormat): string | null {
  switch (format) {
    case 'jpeg': {
      // Some writers pad files with zeros after the end-of-image marker.
      let end = data.length;
      while (end > 0 && data[end - 1] === 0) end--;
      return end >= 4 && data[end - 2] === 0xff && data[end - 1] === 0xd9
        ? null
        : 'it does not end with an end-of-image marker (FFD9)';
    }
    case 'png': {
      // Walk the chunks (length, type, data, CRC) to IEND; each must fit in the file.
      let pos = 8;
      while (pos + 8 <= data.length) {
        const next = pos + 12 + data.readUInt32BE(pos);
        if (next > data.length) return `the chunk at byte ${pos} runs past the end of the file`;
        if (data.toString('latin1', pos + 4, pos + 8) === 'IEND') return null;
        pos = next;
      }
      return 'it has no IEND chunk';
    }
    case 'webp': {
      const expected = data.readUInt32LE(4) + 8;
      return data.length < expected ? `the RIFF header says ${expected} bytes, the file has ${data.length}` : null;
    }
  }
}
