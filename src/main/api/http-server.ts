// Browser mode: the same API handlers behind HTTP + WebSocket on 127.0.0.1 (or a chosen interface), guarded by a
// random per-run token. Routes: POST /api/<op> (JSON in, CallResult out), WebSocket /events, GET /files/<datasetId>/
// <path…> (dataset images), and, when staticDir is given, the built renderer. Prints nothing: the caller prints the URL.
import { createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ApiError,
  HTTP_STATUS_FOR_CODE,
  HTTP_TRANSPORT,
  type AnyApi,
  type ApiHandlers,
  type CallResult,
} from '../../shared/contract';
import { datasetFileETag, datasetFileHeaders, locateDatasetFile, parseDatasetFileRequest } from './dataset-files';
import type { ResolveDatasetFile } from './dataset-files';
import { defaultCheckOutput, dispatch, type ApiLog } from './dispatch';
import type { ApiEventSource } from './event-hub';
import { attachEventSocket } from './http-events';
import {
  BASE_HEADERS,
  allowedHosts,
  generateToken,
  htmlHeaders,
  originProblem,
  readCookie,
  tokenCookie,
  tokenCookieName,
  tokensEqual,
} from './http-security';
import { staticSite } from './http-static';

export interface ApiServerOptions<A extends AnyApi> {
  api: A;
  handlers: ApiHandlers<A>;
  events: ApiEventSource<A>;
  resolveDatasetFile: ResolveDatasetFile;
  /** Default 127.0.0.1. Listening elsewhere (e.g. '0.0.0.0' on a GPU box) exposes the API to the network. */
  host?: string;
  /** Default 0: a free port chosen by the OS. */
  port?: number;
  /** Default: 32 random bytes as hex, new each run. */
  token?: string;
  /** The built renderer (out/renderer); without it only the API and files are served. */
  staticDir?: string;
  /** Extra Host header values to accept, e.g. 'gpu-box.lan:8080' when serving to other machines. */
  extraHosts?: readonly string[];
  /** Default 16 MiB: enough for an annotation with a full-resolution RLE mask. */
  maxBodyBytes?: number;
  checkOutput?: boolean;
  log?: ApiLog;
}

export interface ApiServer {
  /** The server's origin, e.g. http://127.0.0.1:41234 */
  url: string;
  /** The page to open: `${url}/?token=…`; the renderer moves the token out of the address bar. */
  pageUrl: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const DEFAULT_MAX_BODY = 16 * 1024 * 1024;

class BodyTooLarge extends Error {}

export async function startApiServer<A extends AnyApi>(options: ApiServerOptions<A>): Promise<ApiServer> {
  const { api, handlers, events, resolveDatasetFile } = options;
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? generateToken();
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const log = options.log ?? ((message, error) => console.error(`[api] ${message}`, error ?? ''));
  const dispatchOptions = { checkOutput: options.checkOutput ?? defaultCheckOutput(), log };
  const site = options.staticDir === undefined ? null : await staticSite(options.staticDir);
  // Nothing is accepted until the port, and so the Host names, are known.
  let hosts: Set<string> | null = new Set();
  let port = 0;

  const hasToken = (req: IncomingMessage) => tokensEqual(token, req.headers[HTTP_TRANSPORT.tokenHeader] as string);

  const handleApi = async (req: IncomingMessage, res: ServerResponse, pathname: string) => {
    if (req.method !== 'POST') return sendResult(res, 405, failure('bad-request', 'API calls must be POST'));
    if (!hasToken(req)) return sendResult(res, 401, failure('forbidden', 'missing or wrong API token'));
    let input: unknown;
    try {
      const body = await readBody(req, maxBody);
      input = body.length === 0 ? undefined : JSON.parse(body.toString('utf8'));
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        return sendResult(res, 413, failure('bad-request', `request body over ${maxBody} bytes`), true);
      }
      return sendResult(res, 400, failure('bad-request', 'request body is not valid JSON'));
    }
    const result = await dispatch(
      api,
      handlers,
      pathname.slice(HTTP_TRANSPORT.apiPrefix.length),
      input,
      dispatchOptions,
    );
    sendResult(res, result.ok ? 200 : HTTP_STATUS_FOR_CODE[result.error.code], result);
  };

  const handleFile = async (req: IncomingMessage, res: ServerResponse, pathname: string) => {
    const cookie = readCookie(req, tokenCookieName(port));
    if (!hasToken(req) && !tokensEqual(token, cookie)) return sendText(res, 401, 'missing or wrong API token');
    const segments = pathname.slice(HTTP_TRANSPORT.filesPrefix.length).split('/');
    const file = await locateDatasetFile(resolveDatasetFile, parseDatasetFileRequest(segments));
    const etag = datasetFileETag(file);
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { ETag: etag, 'Cache-Control': 'private, no-cache' });
      return void res.end();
    }
    res.writeHead(200, { ...datasetFileHeaders(file), 'Cross-Origin-Resource-Policy': 'same-origin' });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file.path)
      .on('error', (error) => {
        log(`reading ${file.path} failed`, error);
        res.destroy();
      })
      .pipe(res);
  };

  const handleStatic = async (req: IncomingMessage, res: ServerResponse, pathname: string, query: string) => {
    if (!site) return sendText(res, 404, 'not found');
    const extra: Record<string, string> = htmlHeaders(req.headers.host ?? '');
    // Opening the printed ?token= URL sets the cookie that <img src="/files/…"> requests authenticate with.
    if (tokensEqual(token, new URLSearchParams(query).get(HTTP_TRANSPORT.tokenParam))) {
      extra['Set-Cookie'] = tokenCookie(port, token);
    }
    await site.serve(pathname, res, req.method === 'HEAD', extra);
  };

  const server = createServer(async (req, res) => {
    for (const [name, value] of Object.entries(BASE_HEADERS)) res.setHeader(name, value);
    const refusal = originProblem(req, hosts);
    if (refusal) return sendResult(res, 403, failure('forbidden', refusal));
    const url = req.url ?? '/';
    const queryAt = url.indexOf('?');
    const pathname = queryAt < 0 ? url : url.slice(0, queryAt);
    const query = queryAt < 0 ? '' : url.slice(queryAt + 1);
    try {
      if (pathname.startsWith(HTTP_TRANSPORT.apiPrefix)) return await handleApi(req, res, pathname);
      if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'method not allowed');
      if (pathname.startsWith(HTTP_TRANSPORT.filesPrefix)) return await handleFile(req, res, pathname);
      await handleStatic(req, res, pathname, query);
    } catch (error) {
      if (error instanceof ApiError) return sendText(res, HTTP_STATUS_FOR_CODE[error.code], error.message);
      log(`${req.method} ${pathname} failed`, error);
      if (!res.headersSent) sendText(res, 500, 'internal error');
      else res.destroy();
    }
  });

  const sockets = attachEventSocket({
    server,
    api,
    events,
    refuse: (req) => {
      if (originProblem(req, hosts)) return 403;
      const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
      const given = offered.find((p) => p.startsWith(HTTP_TRANSPORT.wsTokenProtocolPrefix));
      return tokensEqual(token, given?.slice(HTTP_TRANSPORT.wsTokenProtocolPrefix.length)) ? null : 401;
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  hosts = allowedHosts(host, port, options.extraHosts ?? []);

  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const url = `http://${urlHost}:${port}`;
  return {
    url,
    pageUrl: `${url}/?${HTTP_TRANSPORT.tokenParam}=${token}`,
    port,
    token,
    close: async () => {
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function failure(code: ApiError['code'], message: string): CallResult<never> {
  return { ok: false, error: { code, message } };
}

function sendResult(res: ServerResponse, status: number, result: CallResult, closeConnection = false): void {
  const body = JSON.stringify(result);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
    ...(closeConnection ? { Connection: 'close' } : {}),
  });
  res.end(body);
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

/** Rejects with BodyTooLarge as soon as the declared or received size passes `limit`. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length'] ?? 0) > limit) return reject(new BodyTooLarge());
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
