// Probes many image files with bounded concurrency (sharp and hashing run on libuv's thread pool).
import { probeImage, type ImageProbe } from './image-probe';
import { resolveInsideRoot } from './paths';

export type ImageProgressCallback = (done: number, total: number) => void;

export interface ProbedImage extends ImageProbe {
  path: string;
}

const CONCURRENCY = 8;

/**
 * Probes every path (relative to root). Each failure is passed to onError with the file's relative path and the
 * problem, and that image is left out of the result; the caller decides whether that fails the import.
 */
export async function probeImages(
  root: string,
  paths: readonly string[],
  onError: (path: string, message: string) => void,
  onProgress?: ImageProgressCallback,
): Promise<Map<string, ProbedImage>> {
  const out = new Map<string, ProbedImage>();
  let next = 0;
  let done = 0;
  async function worker(): Promise<void> {
    while (next < paths.length) {
      const path = paths[next++];
      try {
        const abs = resolveInsideRoot(root, path);
        out.set(path, { path, ...(await probeImage(abs)) });
      } catch (error) {
        onError(path, (error as Error).message);
      }
      onProgress?.(++done, paths.length);
    }
  }
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, paths.length) }, worker));
  return out;
}
