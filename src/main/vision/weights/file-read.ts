// Reading weight files by byte range, shared by the safetensors and the .pth readers: a short read means the file
// was cut off, and the error says what was cut and where.
import { open, type FileHandle } from 'node:fs/promises';

/** `kind` names the file in the error, e.g. 'the weights file'. */
export async function openForReading(path: string, kind: string): Promise<FileHandle> {
  try {
    return await open(path, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(`${path}: cannot open ${kind} (${code ?? String(err)})`, { cause: err });
  }
}

/**
 * Reads length bytes at position into a fresh buffer (aligned for any typed-array view); `subject` names what was
 * being read ("tensor 'x'", "the header") for the truncation error.
 */
export async function readAt(
  handle: FileHandle,
  position: number,
  length: number,
  file: string,
  subject: string,
): Promise<Uint8Array> {
  const out = new Uint8Array(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(out, done, length - done, position + done);
    if (bytesRead === 0) {
      throw new Error(
        `${file}: truncated: ${subject} ends at byte ${position + length}, the file ends at ${position + done}`,
      );
    }
    done += bytesRead;
  }
  return out;
}
