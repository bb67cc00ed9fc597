import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** SHA-256 (lowercase hex) of a file, streamed; `onBytes` reports progress as chunks are hashed. */
export async function sha256File(file: string, onBytes?: (bytes: number) => void): Promise<string> {
  const hash = createHash('sha256');
  await hashInto(hash, file, onBytes);
  return hash.digest('hex');
}

/** Feeds a file's bytes into a running hash (a resumed download continues from what is already on disk). */
export async function hashInto(hash: Hash, file: string, onBytes?: (bytes: number) => void): Promise<void> {
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    hash.update(chunk as Buffer);
    onBytes?.((chunk as Buffer).length);
  }
}
