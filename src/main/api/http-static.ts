// Serves the built renderer in browser mode, with the single-page-app fallback: a path without a file extension
// that names no file gets index.html, so client-side routes survive a reload.
import { createReadStream } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { join, sep } from 'node:path';
import { ApiError } from '../../shared/contract';
import { contentTypeFor } from './content-types';
import { decodePathSegments } from './url-path';

export interface StaticSite {
  /**
   * Answers a GET/HEAD for `pathname` (raw, still percent-encoded). `htmlHeaders` go on index.html only. Throws
   * ApiError for refused or missing paths.
   */
  serve(pathname: string, res: ServerResponse, head: boolean, htmlHeaders: Record<string, string>): Promise<void>;
}

export async function staticSite(dir: string): Promise<StaticSite> {
  let root: string;
  try {
    root = await realpath(dir);
  } catch (error) {
    throw new Error(`renderer folder ${dir} cannot be served: ${(error as Error).message}`, { cause: error });
  }

  const locate = async (segments: string[]): Promise<string | null> => {
    let path: string;
    try {
      path = await realpath(join(root, ...segments));
    } catch {
      return null;
    }
    // A symlink inside the build output must not lead out of it.
    if (!path.startsWith(root + sep)) throw new ApiError('forbidden', 'static request: outside the site folder');
    return (await stat(path)).isFile() ? path : null;
  };

  return {
    async serve(pathname, res, head, htmlHeaders) {
      const raw = pathname.split('/').slice(1);
      const wantsIndex = raw.length === 1 && raw[0] === '';
      const segments = wantsIndex ? [] : decodePathSegments(raw, 'static request');
      const found = wantsIndex ? null : await locate(segments);
      const last = segments.at(-1) ?? '';
      const path = found ?? (wantsIndex || !last.includes('.') ? await locate(['index.html']) : null);
      if (!path) throw new ApiError('not-found', 'static request: no such file');

      const type = contentTypeFor(path);
      if (type.startsWith('text/html')) {
        const body = await readFile(path);
        res.writeHead(200, { ...htmlHeaders, 'Content-Type': type, 'Content-Length': body.length });
        res.end(head ? undefined : body);
        return;
      }
      const { size } = await stat(path);
      res.writeHead(200, {
        'Content-Type': type,
        'Content-Length': size,
        // Vite puts a content hash in every file name under assets/, so those never change.
        'Cache-Control': segments[0] === 'assets' ? 'public, max-age=31536000, immutable' : 'no-cache',
      });
      if (head) res.end();
      else createReadStream(path).pipe(res);
    },
  };
}
