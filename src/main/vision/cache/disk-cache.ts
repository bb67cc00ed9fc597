// A folder of cache files bounded by their total size: writes are atomic, a read touches the file's mtime, and
// after every write the least recently used files (oldest mtime) are deleted until the folder fits. Several
// processes may share the folder; a file another one deletes first is simply gone.
import { type FileHandle, open, readFile, readdir, rm, stat, utimes } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { writeFileAtomic } from '../../io/write-atomic';

export class DiskCache {
  constructor(
    readonly root: string,
    readonly maxBytes: number,
  ) {
    if (!(maxBytes >= 0)) throw new Error(`DiskCache: maxBytes must be ≥ 0, got ${maxBytes}`);
  }

  /** The file of a key: a relative path of plain names ('model/sha.bin'), never leaving the root. */
  path(key: string): string {
    if (!/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/.test(key) || key.split('/').some((p) => /^\.+$/.test(p))) {
      throw new Error(`DiskCache: '${key}' is not a relative path of plain names`);
    }
    return join(this.root, ...key.split('/'));
  }

  /** The whole file, or null when there is none; a hit becomes the most recently used. */
  async read(key: string): Promise<Buffer | null> {
    const path = this.path(key);
    const bytes = await readFile(path).catch(missing);
    if (bytes) await touch(path);
    return bytes;
  }

  /** The first `length` bytes and the file's size, without touching it; null when there is no file. */
  async peek(key: string, length: number): Promise<{ start: Uint8Array; size: number } | null> {
    let handle: FileHandle | null = null;
    try {
      handle = await open(this.path(key), 'r');
      const size = (await handle.stat()).size;
      const start = new Uint8Array(Math.min(length, size));
      const { bytesRead } = await handle.read(start, 0, start.length, 0);
      return { start: start.subarray(0, bytesRead), size };
    } catch (error) {
      return missing(error);
    } finally {
      await handle?.close();
    }
  }

  /** Writes the file atomically (never seen half-written), then evicts down to the budget. */
  async write(key: string, data: Uint8Array): Promise<void> {
    await writeFileAtomic(this.path(key), data);
    await this.evict();
  }

  async remove(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }

  /** Deletes the least recently used files until the total fits the budget. */
  async evict(): Promise<void> {
    const files = await this.files();
    let total = files.reduce((a, f) => a + f.size, 0);
    files.sort((a, b) => a.mtimeMs - b.mtimeMs || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    for (const file of files) {
      if (total <= this.maxBytes) break;
      await rm(this.path(file.key), { force: true });
      total -= file.size;
    }
  }

  /** Every file under the root (partial writes included: a crash leaves them, and they age out), with key. */
  async files(): Promise<{ key: string; size: number; mtimeMs: number }[]> {
    const names = await readdir(this.root, { recursive: true }).catch(missing);
    const out: { key: string; size: number; mtimeMs: number }[] = [];
    for (const name of names ?? []) {
      const info = await stat(join(this.root, name)).catch(missing);
      if (!info?.isFile()) continue;
      out.push({
        key: relative(this.root, join(this.root, name)).split(sep).join('/'),
        size: info.size,
        mtimeMs: info.mtimeMs,
      });
    }
    return out;
  }
}

function missing(error: unknown): null {
  if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
  throw error;
}

async function touch(path: string): Promise<void> {
  const now = new Date();
  await utimes(path, now, now).catch(missing);
}
