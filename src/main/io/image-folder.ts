// Lists the images under a dataset folder as dataset-relative paths.
import type { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isInsideDir } from './paths';

const IMAGE_NAME = /\.(jpe?g|png|webp)$/i;

/**
 * Every .jpg/.jpeg/.png/.webp file under root (any letter case), as sorted relative paths with forward slashes.
 * Names starting with a dot are skipped: hidden folders (.git, .cache) and macOS's ._ resource-fork files, which
 * carry image extensions but are not images. Symbolic links are followed only while they stay inside root, since
 * a dataset's paths must resolve inside it; links that loop back to a folder being walked are not followed again.
 */
export async function scanImageFolder(root: string): Promise<string[]> {
  let realRoot: string;
  try {
    realRoot = await realpath(root);
  } catch (e) {
    throw new Error(`${root}: cannot open the image folder: ${(e as Error).message}`, { cause: e });
  }
  const found: string[] = [];

  async function walk(dir: string, rel: string, ancestors: Set<string>): Promise<void> {
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (e) {
      throw new Error(`${join(root, rel)}: cannot read the folder: ${(e as Error).message}`, { cause: e });
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const relPath = rel === '' ? entry.name : `${rel}/${entry.name}`;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        await walk(path, relPath, new Set(ancestors).add(path));
      } else if (entry.isFile()) {
        if (IMAGE_NAME.test(entry.name)) found.push(relPath);
      } else if (entry.isSymbolicLink()) {
        const target = await realpath(path).catch(() => null);
        if (target === null || !isInsideDir(realRoot, target)) continue;
        const info = await stat(target);
        if (info.isDirectory() && !ancestors.has(target)) {
          await walk(target, relPath, new Set(ancestors).add(target));
        } else if (info.isFile() && IMAGE_NAME.test(entry.name)) {
          found.push(relPath);
        }
      }
    }
  }

  await walk(realRoot, '', new Set([realRoot]));
  return found.sort();
}
