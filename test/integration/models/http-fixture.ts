// A small HTTP file server on 127.0.0.1 for the download tests: serves byte ranges as a real server does, can cut a
// response short once (an interrupted download) or ignore Range headers, and records what each request asked for.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ServedFile {
  body: Buffer;
  /** Cut the first full response after this many bytes by destroying the socket. */
  cutFirstAfter?: number;
  /** Answer every request with the whole body (status 200), as servers without Range support do. */
  ignoreRange?: boolean;
  etag?: string;
}

export interface FileServer {
  url(path: string): string;
  /** The Range header of every request per path, null when absent. */
  ranges: Map<string, (string | null)[]>;
  close(): Promise<void>;
}

export async function startFileServer(files: Record<string, ServedFile>): Promise<FileServer> {
  const ranges = new Map<string, (string | null)[]>();
  const cut = new Set<string>();
  const server: Server = createServer((req: IncomingMessage, res) => {
    const path = req.url ?? '/';
    const file = files[path];
    const range = req.headers.range ?? null;
    ranges.set(path, [...(ranges.get(path) ?? []), range]);
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const total = file.body.length;
    const etag = file.etag ?? '"v1"';
    const match = range?.match(/^bytes=(\d+)-$/);
    const ifRange = req.headers['if-range'];
    if (match && !file.ignoreRange && (!ifRange || ifRange === etag)) {
      const start = Number(match[1]);
      if (start >= total) {
        res.writeHead(416, { 'content-range': `bytes */${total}` }).end();
        return;
      }
      res.writeHead(206, {
        'content-length': total - start,
        'content-range': `bytes ${start}-${total - 1}/${total}`,
        etag,
      });
      res.end(file.body.subarray(start));
      return;
    }
    res.writeHead(200, { 'content-length': total, etag, 'accept-ranges': file.ignoreRange ? 'none' : 'bytes' });
    if (file.cutFirstAfter !== undefined && !cut.has(path)) {
      cut.add(path);
      res.write(file.body.subarray(0, file.cutFirstAfter), () => res.destroy());
      return;
    }
    res.end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    ranges,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
