// Writes a file so that a crash or a full disk never leaves a half-written export where a good one was.
import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  // Unique per call, not per process: worker threads share the pid, and two writers of one path must not collide.
  const temp = `${path}.${randomUUID()}.partial`;
  try {
    await writeFile(temp, data);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw new Error(`${path}: cannot write: ${(error as Error).message}`, { cause: error });
  }
}
