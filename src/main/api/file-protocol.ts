// Serves dataset images to the Electron renderer through a custom protocol (FILE_PROTOCOL in the contract), so
// <img src> works without a server and without exposing file:// paths.
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { ApiError, FILE_PROTOCOL, HTTP_STATUS_FOR_CODE } from '../../shared/contract';
import {
  datasetFileHeaders,
  locateDatasetFile,
  parseDatasetFileRequest,
  type ResolveDatasetFile,
} from './dataset-files';
import type { ApiLog } from './dispatch';

/**
 * Pass to `protocol.registerSchemesAsPrivileged([...])` before the app is ready. `standard` gives the URLs a host and
 * normal path resolution; `secure` lets the renderer's CSP treat them like https; `stream` serves large images
 * incrementally.
 */
export const FILE_PROTOCOL_PRIVILEGES = {
  scheme: FILE_PROTOCOL.scheme,
  privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true },
};

/** Structural slice of Electron's Protocol. */
export interface ProtocolLike {
  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void;
  unhandle(scheme: string): void;
}

export function registerFileProtocol(options: {
  protocol: ProtocolLike;
  resolveDatasetFile: ResolveDatasetFile;
  log?: ApiLog;
}): () => void {
  const { protocol, resolveDatasetFile } = options;
  const log = options.log ?? ((message, error) => console.error(`[files] ${message}`, error ?? ''));
  protocol.handle(FILE_PROTOCOL.scheme, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response(null, { status: 405, headers: { Allow: 'GET, HEAD' } });
    }
    const url = new URL(request.url);
    if (url.host !== FILE_PROTOCOL.host) return new Response(null, { status: 404 });
    try {
      const file = await locateDatasetFile(
        resolveDatasetFile,
        parseDatasetFileRequest(url.pathname.split('/').slice(1)),
      );
      const body = request.method === 'HEAD' ? null : (Readable.toWeb(createReadStream(file.path)) as ReadableStream);
      return new Response(body, { status: 200, headers: datasetFileHeaders(file) });
    } catch (error) {
      if (!(error instanceof ApiError)) log(`serving ${url.pathname} failed`, error);
      const status = error instanceof ApiError ? HTTP_STATUS_FOR_CODE[error.code] : 500;
      return new Response(null, { status, headers: { 'X-Content-Type-Options': 'nosniff' } });
    }
  });
  return () => protocol.unhandle(FILE_PROTOCOL.scheme);
}
