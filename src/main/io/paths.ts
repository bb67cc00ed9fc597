// The guard between dataset-relative paths (from import files, the database, HTTP requests) and the file system.
// A path is accepted only if it names something inside the dataset root both as written and after following
// symbolic links. Percent-decoding is the caller's job; this sees the decoded string.
import { lstatSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

/**
 * The absolute path of relPath under root. Throws if relPath is empty, absolute, contains NUL or a '..' segment,
 * or reaches outside root through a symbolic link (checked on the real paths of root and of the longest existing
 * part of the path). Backslashes count as separators, so Windows-made paths mean the same on every platform.
 * The result is root joined with the normalised relPath, not the link-resolved path.
 */
export function resolveInsideRoot(root: string, relPath: string): string {
  const refuse = (why: string): Error => new Error(`path ${JSON.stringify(relPath)} ${why}`);
  if (typeof relPath !== 'string' || relPath === '') throw refuse('is empty');
  if (relPath.includes('\0')) throw refuse('contains a NUL byte');
  const slashed = relPath.replace(/\\/g, '/');
  if (slashed.startsWith('/') || /^[A-Za-z]:/.test(slashed)) throw refuse('is absolute, not relative to the dataset');
  const segments = slashed.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) throw refuse("has a '..' segment, which leaves the dataset root");
  // Windows drops trailing dots and spaces from names, so '...' or '.. ' can act as '..' there.
  if (segments.some((s) => /^[. ]+$/.test(s))) throw refuse("has a segment of only dots and spaces, like '..'");
  if (segments.length === 0) throw refuse('names no file');

  const base = resolve(root);
  const path = join(base, ...segments);
  let realRoot: string;
  try {
    realRoot = realpathSync(base);
  } catch {
    throw new Error(`dataset root ${root} does not exist`);
  }
  if (!isInsideDir(realRoot, realpathOfExisting(path, refuse))) {
    throw refuse('leads outside the dataset root through a symbolic link');
  }
  return path;
}

/** path relative to root with forward slashes; throws if path is not inside root (as written or as resolved). */
export function toDatasetRelative(root: string, absPath: string): string {
  let rel = relative(resolve(root), resolve(absPath));
  if (!isRelativeInside(rel)) {
    try {
      rel = relative(realpathSync(root), realpathSync(absPath));
    } catch {
      // Either path is missing, so the written form was the only one to compare.
    }
  }
  if (!isRelativeInside(rel) || rel === '') throw new Error(`${absPath} is not inside the dataset root ${root}`);
  return rel.split(sep).join('/');
}

/** Whether path is root or below it; both must already be absolute and resolved the same way. */
export function isInsideDir(root: string, path: string): boolean {
  return isRelativeInside(relative(root, path));
}

function isRelativeInside(rel: string): boolean {
  return !isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${sep}`);
}

/** The real path of path, or, where it does not exist yet, of its longest existing ancestor plus the rest. */
function realpathOfExisting(path: string, refuse: (why: string) => Error): string {
  try {
    return realpathSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw refuse(`cannot be checked: ${(e as Error).message}`);
    if (lstatExists(path)) throw refuse('is a broken symbolic link');
    const parent = dirname(path);
    return parent === path ? path : join(realpathOfExisting(parent, refuse), basename(path));
  }
}

function lstatExists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}
