// Downloads one file over HTTP(S) into `<dest>.part`, resuming an earlier partial download with a Range request,
// checking size and SHA-256, and renaming into place only when the bytes are right (so `dest` is either absent or
// complete). The part file and a small `<dest>.part.json` (URL and validators) survive interruptions, so running
// the download again continues where it stopped; a server that ignores Range, or a file that changed upstream
// (If-Range), starts it over.
import { createHash } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { hashInto } from './file-hash';

export interface DownloadProgress {
  url: string;
  file: string;
  /** Bytes in the part file so far, resumed bytes included. */
  received: number;
  /** Full size when the server says it, else null. */
  total: number | null;
  /** Bytes that were already on disk when this attempt started. */
  resumedFrom: number;
}

export interface DownloadOptions {
  /** Refuse the result unless it hashes to this (lowercase hex). */
  expectedSha256?: string | null;
  expectedSize?: number | null;
  onProgress?: (progress: DownloadProgress) => void;
  signal?: AbortSignal;
  /** Injected for tests; defaults to the global fetch. */
  fetch?: typeof fetch;
}

export interface DownloadResult {
  file: string;
  size: number;
  sha256: string;
  resumedFrom: number;
}

interface PartInfo {
  url: string;
  etag: string | null;
  lastModified: string | null;
}

export async function downloadFile(url: string, dest: string, options: DownloadOptions = {}): Promise<DownloadResult> {
  const part = `${dest}.part`;
  const infoFile = `${part}.json`;
  const doFetch = options.fetch ?? fetch;
  await mkdir(dirname(dest), { recursive: true });

  const info = await readPartInfo(infoFile);
  let resumeFrom = info?.url === url ? await fileSize(part) : 0;
  if (resumeFrom === 0) await rm(part, { force: true });

  const headers: Record<string, string> = { 'user-agent': 'RefLabel model manager' };
  if (resumeFrom > 0) {
    headers.range = `bytes=${resumeFrom}-`;
    const validator = info?.etag ?? info?.lastModified;
    if (validator) headers['if-range'] = validator;
  }
  let response: Response;
  try {
    response = await doFetch(url, { headers, signal: options.signal, redirect: 'follow' });
  } catch (err) {
    throw new Error(`${url}: download failed (${describeError(err)})`, { cause: err });
  }

  if (response.status === 416 && resumeFrom > 0) {
    // The part file may already hold the whole file (an earlier run stopped just before renaming it).
    await response.body?.cancel();
    const total = totalFromContentRange(response.headers.get('content-range'));
    if (total !== resumeFrom) {
      await rm(part, { force: true });
      return downloadFile(url, dest, options);
    }
    return finish(url, dest, part, infoFile, await hashWhole(part), resumeFrom, resumeFrom, options);
  }
  if (response.status === 206) {
    const start = startFromContentRange(response.headers.get('content-range'));
    if (start !== resumeFrom) {
      await response.body?.cancel();
      throw new Error(`${url}: the server resumed at byte ${start}, not at ${resumeFrom} as asked`);
    }
  } else if (response.status === 200) {
    resumeFrom = 0;
  } else {
    await response.body?.cancel();
    throw new Error(`${url}: HTTP ${response.status} ${response.statusText}`.trim());
  }
  if (!response.body) throw new Error(`${url}: the response has no body`);

  const total = expectedTotal(response, resumeFrom);
  if (options.expectedSize != null && total !== null && total !== options.expectedSize) {
    await response.body.cancel();
    throw new Error(`${url}: the server offers ${total} bytes, the catalog expects ${options.expectedSize}`);
  }
  await writeFile(
    infoFile,
    JSON.stringify({
      url,
      etag: response.headers.get('etag'),
      lastModified: response.headers.get('last-modified'),
    } satisfies PartInfo),
  );

  const hash = createHash('sha256');
  if (resumeFrom > 0) await hashInto(hash, part);
  const handle = await open(part, resumeFrom > 0 ? 'a' : 'w');
  let received = resumeFrom;
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      await handle.write(chunk);
      hash.update(chunk);
      received += chunk.length;
      options.onProgress?.({ url, file: dest, received, total, resumedFrom: resumeFrom });
    }
    await handle.sync();
  } catch (err) {
    throw new Error(
      `${url}: download interrupted after ${received} bytes (${describeError(err)}); run it again to resume`,
      { cause: err },
    );
  } finally {
    await handle.close();
  }
  if (total !== null && received !== total) {
    throw new Error(`${url}: download interrupted after ${received} of ${total} bytes; run it again to resume`);
  }
  return finish(url, dest, part, infoFile, hash.digest('hex'), received, resumeFrom, options);
}

async function finish(
  url: string,
  dest: string,
  part: string,
  infoFile: string,
  sha256: string,
  size: number,
  resumedFrom: number,
  options: DownloadOptions,
): Promise<DownloadResult> {
  const discard = async (): Promise<void> => {
    await rm(part, { force: true });
    await rm(infoFile, { force: true });
  };
  if (options.expectedSize != null && size !== options.expectedSize) {
    await discard();
    throw new Error(`${url}: downloaded ${size} bytes, expected ${options.expectedSize}; the partial file was removed`);
  }
  if (options.expectedSha256 && sha256 !== options.expectedSha256) {
    await discard();
    throw new Error(
      `${url}: SHA-256 mismatch: expected ${options.expectedSha256}, got ${sha256}; the downloaded file was removed`,
    );
  }
  await rename(part, dest);
  await rm(infoFile, { force: true });
  return { file: dest, size, sha256, resumedFrom };
}

async function hashWhole(file: string): Promise<string> {
  const hash = createHash('sha256');
  await hashInto(hash, file);
  return hash.digest('hex');
}

async function readPartInfo(file: string): Promise<PartInfo | null> {
  try {
    const info = JSON.parse(await readFile(file, 'utf8')) as Partial<PartInfo>;
    return typeof info.url === 'string'
      ? { url: info.url, etag: info.etag ?? null, lastModified: info.lastModified ?? null }
      : null;
  } catch {
    return null;
  }
}

async function fileSize(file: string): Promise<number> {
  return (await stat(file).catch(() => null))?.size ?? 0;
}

function expectedTotal(response: Response, resumeFrom: number): number | null {
  if (response.status === 206) return totalFromContentRange(response.headers.get('content-range'));
  const length = response.headers.get('content-length');
  return length !== null && /^\d+$/.test(length) ? resumeFrom + Number(length) : null;
}

/** "bytes 100-199/200" → 100. */
function startFromContentRange(header: string | null): number | null {
  const match = header?.match(/^bytes (\d+)-\d+\/(\d+|\*)$/);
  return match ? Number(match[1]) : null;
}

// The total of a Content-Range header: "bytes 100-199/200", or "bytes */200" with a 416 → 200.
function totalFromContentRange(header: string | null): number | null {
  const match = header?.match(/\/(\d+)$/);
  return match ? Number(match[1]) : null;
}

function describeError(err: unknown): string {
  if (err instanceof Error) {
    const cause = err.cause instanceof Error ? `: ${err.cause.message}` : '';
    return `${err.message}${cause}`;
  }
  return String(err);
}
