// Turns a dataset file request (from GET /files/… or reflabel-file://…) into a regular file inside the dataset's root,
// for both transports. The injected resolver (backed by resolveInsideRoot) is the containment check; the URL path is
// decoded before it (url-path.ts), so percent-encoded '..' or '/' reach it as what they are, and traversal segments
// are refused there as well, so a lax resolver is not the only line.
import { stat } from 'node:fs/promises';
import { ApiError } from '../../shared/contract';
import { datasetFileContentType } from './content-types';
import { decodePathSegments } from './url-path';

/** Returns the absolute path of `relPath` inside dataset `datasetId`'s root; throws when it lies outside. */
export type ResolveDatasetFile = (datasetId: number, relPath: string) => string | Promise<string>;

export interface DatasetFileRequest {
  datasetId: number;
  /** Decoded, '/'-separated, free of '.', '..' and empty segments. */
  relPath: string;
}

export interface DatasetFile {
  path: string;
  size: number;
  mtimeMs: number;
  contentType: string;
}

/** `segments` are the still percent-encoded URL path segments after the route prefix: datasetId, then the path. */
export function parseDatasetFileRequest(segments: readonly string[]): DatasetFileRequest {
  const [idSegment, ...pathSegments] = segments;
  if (idSegment === undefined || !/^[1-9][0-9]{0,15}$/.test(idSegment)) {
    throw new ApiError('bad-request', 'file request: the first path segment must be a dataset id');
  }
  if (pathSegments.length === 0) throw new ApiError('bad-request', 'file request: no file path after the dataset id');
  const decoded = decodePathSegments(pathSegments, 'file request');
  return { datasetId: Number(idSegment), relPath: decoded.join('/') };
}

/** Resolves and stats the file; failures become ApiErrors ('forbidden' outside the root, 'not-found' if absent). */
export async function locateDatasetFile(
  resolve: ResolveDatasetFile,
  request: DatasetFileRequest,
): Promise<DatasetFile> {
  let path: string;
  try {
    path = await resolve(request.datasetId, request.relPath);
  } catch (error) {
    throw asFileError(error);
  }
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    throw asFileError(error);
  }
  if (!info.isFile()) throw new ApiError('not-found', 'file request: not a regular file');
  return { path, size: info.size, mtimeMs: info.mtimeMs, contentType: datasetFileContentType(path) };
}

const MISSING = new Set(['ENOENT', 'ENOTDIR']);

function asFileError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code && MISSING.has(code)) return new ApiError('not-found', 'file request: no such file');
  // The resolver throws plain Errors when a path escapes the root; their messages name real paths, so they stay here.
  return new ApiError('forbidden', 'file request: the path must stay inside the dataset folder');
}

/** Headers both transports send with a dataset file. */
export function datasetFileHeaders(file: DatasetFile): Record<string, string> {
  return {
    'Content-Type': file.contentType,
    'Content-Length': String(file.size),
    ETag: datasetFileETag(file),
    // Images change only when someone edits the folder; revalidating against the ETag each time is cheap.
    'Cache-Control': 'private, no-cache',
    'X-Content-Type-Options': 'nosniff',
    // If a file is opened directly rather than through <img>, it gets no origin and can run nothing.
    'Content-Security-Policy': "default-src 'none'; sandbox",
  };
}

/** Size and modification time: enough to notice an edited image without hashing it on every request. */
export function datasetFileETag(file: DatasetFile): string {
  return `"${file.size.toString(36)}-${Math.round(file.mtimeMs * 1000).toString(36)}"`;
}
