// What the manager installed in a model's folder, kept in `<model folder>/.reflabel-install.json`: each file's size
// and SHA-256 as installed. It is what status checks against, what later installs must match when the catalog
// has no hash, and where compiled-graph cache keys get their weights hashes.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../io/write-atomic';

export const INSTALL_RECORD = '.reflabel-install.json';

export interface InstalledFile {
  size: number;
  sha256: string;
  /** How it arrived: downloaded from a URL, copied or hard-linked from a folder, or found already in place. */
  source: 'download' | 'copy' | 'link' | 'found';
  /** The URL or path it came from. */
  origin: string;
  installedAt: string;
}

export interface InstallRecord {
  model: string;
  files: Record<string, InstalledFile>;
}

export async function readInstallRecord(dir: string, model: string): Promise<InstallRecord> {
  const file = join(dir, INSTALL_RECORD);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return { model, files: {} };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`${file}: not valid JSON (${(err as Error).message}); remove it and install the model again`, {
      cause: err,
    });
  }
  const record = json as Partial<InstallRecord>;
  if (record.model !== model || typeof record.files !== 'object' || record.files === null) {
    throw new Error(`${file}: not an install record for model '${model}'`);
  }
  return { model, files: record.files };
}

export async function writeInstallRecord(dir: string, record: InstallRecord): Promise<void> {
  await writeFileAtomic(join(dir, INSTALL_RECORD), `${JSON.stringify(record, null, 2)}\n`);
}
