import assert from 'node:assert/strict';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { WebSocket } from 'ws';
import { ApiError, HTTP_TRANSPORT } from '../../../src/shared/contract';
import { startApiServer, type ApiServer } from '../../../src/main/api/http-server';
import type { ResolveDatasetFile } from '../../../src/main/api/dataset-files';
import { resolveInsideRoot } from '../../../src/main/io/paths';
import { SECRET_IN_CRASH, datasetFolder, memoryLog, testApi, testHandlers, testHub } from '../../unit/api/test-api';

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** node:http rather than fetch: fetch normalises '..' and '%2e%2e' out of URLs before they are sent. */
function raw(
  port: number,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer; chunks?: Buffer[] } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({
      host: '127.0.0.1',
      port,
      path,
      method: options.method ?? 'GET',
      headers: options.headers,
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (options.chunks) for (const chunk of options.chunks) req.write(chunk);
    req.end(options.body);
  });
}

describe('HTTP API server', () => {
  let folder: Awaited<ReturnType<typeof datasetFolder>>;
  let server: ApiServer;
  let laxServer: ApiServer;
  let hub: ReturnType<typeof testHub>;
  let logs: ReturnType<typeof memoryLog>;
  let calls = 0;
  let printed = '';
  const MAX_BODY = 64 * 1024;

  const post = (op: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/api/${op}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [HTTP_TRANSPORT.tokenHeader]: server.token, ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  before(async () => {
    folder = await datasetFolder();
    const site = join(folder.dir, 'site');
    await mkdir(join(site, 'assets'), { recursive: true });
    await writeFile(join(site, 'index.html'), '<!doctype html><div id="root"></div>');
    await writeFile(join(site, 'assets', 'app-1a2b.js'), 'console.log(1)');
    const roots: Record<number, string> = { 12: folder.root };
    const resolveDatasetFile: ResolveDatasetFile = (id, rel) => {
      if (!roots[id]) throw new ApiError('not-found', `dataset ${id}`);
      return resolveInsideRoot(roots[id], rel);
    };
    hub = testHub();
    logs = memoryLog();
    const handlers = {
      ...testHandlers,
      'app.ping': async () => {
        calls++;
        return 'pong' as const;
      },
    };
    const write = { out: process.stdout.write, err: process.stderr.write };
    const capture = (chunk: unknown) => ((printed += String(chunk)), true);
    process.stdout.write = capture as typeof process.stdout.write;
    process.stderr.write = capture as typeof process.stderr.write;
    try {
      server = await startApiServer({
        api: testApi,
        handlers,
        events: hub,
        resolveDatasetFile,
        staticDir: site,
        maxBodyBytes: MAX_BODY,
        checkOutput: true,
        log: logs.log,
      });
    } finally {
      process.stdout.write = write.out;
      process.stderr.write = write.err;
    }
    // Joins without any check: whatever this server refuses, it refused on its own.
    laxServer = await startApiServer({
      api: testApi,
      handlers,
      events: hub,
      resolveDatasetFile: (_id, rel) => join(folder.root, rel),
      log: () => undefined,
    });
  });

  after(async () => {
    await server?.close();
    await laxServer?.close();
    await folder?.cleanup();
  });

  it('listens on 127.0.0.1 with a random 32-byte token and prints nothing', () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.match(server.token, /^[0-9a-f]{64}$/);
    assert.notEqual(server.token, laxServer.token);
    assert.equal(server.pageUrl, `${server.url}/?token=${server.token}`);
    assert.equal(printed, '');
  });

  describe('POST /api/<op>', () => {
    it('answers a good call with 200 and the handler’s value', async () => {
      const response = await post('items.describe', { id: 5, tags: ['a'] });
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('cache-control'), 'no-store');
      assert.deepEqual(await response.json(), { ok: true, value: { id: 5, label: 'item 5', tagCount: 1 } });
    });

    it('treats an empty body as no input', async () => {
      assert.deepEqual(await (await post('app.ping', undefined)).json(), { ok: true, value: 'pong' });
    });

    it('refuses a missing or wrong token with 401 without running the handler', async () => {
      const before = calls;
      const wrongSameLength = server.token.replace(/^./, (c) => (c === 'a' ? 'b' : 'a'));
      const attempts: Record<string, string>[] = [
        {},
        { [HTTP_TRANSPORT.tokenHeader]: 'nope' },
        { [HTTP_TRANSPORT.tokenHeader]: wrongSameLength },
      ];
      for (const headers of attempts) {
        const response = await fetch(`${server.url}/api/app.ping`, { method: 'POST', headers });
        assert.equal(response.status, 401);
        assert.deepEqual(await response.json(), {
          ok: false,
          error: { code: 'forbidden', message: 'missing or wrong API token' },
        });
      }
      // The browser-mode cookie is for images only; API calls need the header.
      const cookie = `reflabel_token_${server.port}=${server.token}`;
      const withCookie = await raw(server.port, '/api/app.ping', { method: 'POST', headers: { cookie } });
      assert.equal(withCookie.status, 401);
      assert.equal(calls, before);
    });

    it('refuses a foreign Origin with 403, even with the token', async () => {
      const before = calls;
      for (const origin of ['https://evil.example', 'http://127.0.0.1:1', 'null']) {
        const response = await post('app.ping', undefined, { origin });
        assert.equal(response.status, 403, origin);
      }
      assert.equal(calls, before);
      assert.equal((await post('app.ping', undefined, { origin: server.url })).status, 200);
    });

    it('refuses a Host that is not this server (DNS rebinding) with 403', async () => {
      const response = await raw(server.port, '/api/app.ping', {
        method: 'POST',
        headers: { host: `evil.example:${server.port}`, [HTTP_TRANSPORT.tokenHeader]: server.token },
      });
      assert.equal(response.status, 403);
      const local = await raw(server.port, '/api/app.ping', {
        method: 'POST',
        headers: { host: `localhost:${server.port}`, [HTTP_TRANSPORT.tokenHeader]: server.token },
      });
      assert.equal(local.status, 200);
    });

    it('answers bad arguments with 400 and the issue path', async () => {
      const response = await post('items.describe', { id: 'x', tags: [1] });
      assert.equal(response.status, 400);
      const result = (await response.json()) as { ok: false; error: { code: string; message: string } };
      assert.equal(result.error.code, 'bad-request');
      assert.match(result.error.message, /at id:/);
      assert.match(result.error.message, /at tags\.0:/);
    });

    it('answers malformed JSON with 400', async () => {
      const response = await fetch(`${server.url}/api/items.describe`, {
        method: 'POST',
        headers: { [HTTP_TRANSPORT.tokenHeader]: server.token },
        body: '{"id": 1',
      });
      assert.equal(response.status, 400);
      assert.match(((await response.json()) as { error: { message: string } }).error.message, /not valid JSON/);
    });

    it('answers a body over the limit with 413, declared or streamed', async () => {
      const big = JSON.stringify({ id: 1, tags: ['x'.repeat(MAX_BODY)] });
      const declared = await post('items.describe', JSON.parse(big));
      assert.equal(declared.status, 413);
      const streamed = await raw(server.port, '/api/items.describe', {
        method: 'POST',
        headers: { [HTTP_TRANSPORT.tokenHeader]: server.token, 'transfer-encoding': 'chunked' },
        chunks: Array.from({ length: 8 }, () => Buffer.alloc(MAX_BODY / 4, 0x20)),
      });
      assert.equal(streamed.status, 413);
      // Just under the limit is fine.
      const fits = await post('items.describe', { id: 1, tags: ['x'.repeat(MAX_BODY - 100)] });
      assert.equal(fits.status, 200);
    });

    it('maps error codes to statuses and keeps unexpected errors’ details in the log', async () => {
      const expected = { 'bad-request': 400, 'not-found': 404, forbidden: 403, conflict: 409, internal: 500 };
      for (const [code, status] of Object.entries(expected)) {
        assert.equal((await post('items.fail', { code })).status, status, code);
      }
      const crash = await post('items.crash', undefined);
      assert.equal(crash.status, 500);
      assert.ok(!(await crash.text()).includes(SECRET_IN_CRASH));
      assert.ok(logs.lines.some((line) => line.includes(SECRET_IN_CRASH)));
    });

    it('answers unknown operations with 404 and other methods with 405', async () => {
      assert.equal((await post('items.remove', {})).status, 404);
      assert.equal((await post('constructor', {})).status, 404);
      const get = await fetch(`${server.url}/api/app.ping`, {
        headers: { [HTTP_TRANSPORT.tokenHeader]: server.token },
      });
      assert.equal(get.status, 405);
    });

    it('sends no CORS permission and nosniff on every answer', async () => {
      const response = await post('app.ping', undefined);
      assert.equal(response.headers.get('access-control-allow-origin'), null);
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    });
  });

  describe('WebSocket /events', () => {
    const open = (protocols: string[], origin?: string) =>
      new WebSocket(`ws://127.0.0.1:${server.port}/events`, protocols, origin ? { origin } : {});
    const tokenProtocols = () => [HTTP_TRANSPORT.wsProtocol, `${HTTP_TRANSPORT.wsTokenProtocolPrefix}${server.token}`];
    const refusedWith = (ws: WebSocket) =>
      new Promise<number>((resolve, reject) => {
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('open', () => reject(new Error('connection was accepted')));
        ws.on('error', () => undefined);
      });
    const messages = (ws: WebSocket) => {
      const queue: unknown[] = [];
      const waiting: ((m: unknown) => void)[] = [];
      ws.on('message', (data) => {
        const message = JSON.parse(String(data));
        const next = waiting.shift();
        if (next) next(message);
        else queue.push(message);
      });
      return () => (queue.length ? Promise.resolve(queue.shift()) : new Promise((r) => waiting.push(r)));
    };

    it('delivers subscribed events and stops after unsubscribe', async () => {
      const ws = open(tokenProtocols());
      const next = messages(ws);
      await new Promise((r) => ws.once('open', r));
      assert.equal(ws.protocol, HTTP_TRANSPORT.wsProtocol);
      ws.send(JSON.stringify({ type: 'subscribe', id: 1, events: ['job.progress'] }));
      assert.deepEqual(await next(), { type: 'ack', id: 1 });
      hub.emit('job.finished', { jobId: 7 });
      hub.emit('job.progress', { jobId: 7, done: 40 });
      assert.deepEqual(await next(), { type: 'event', event: 'job.progress', payload: { jobId: 7, done: 40 } });
      ws.send(JSON.stringify({ type: 'unsubscribe', id: 2, events: ['job.progress'] }));
      assert.deepEqual(await next(), { type: 'ack', id: 2 });
      hub.emit('job.progress', { jobId: 7, done: 41 });
      ws.send(JSON.stringify({ type: 'subscribe', id: 3, events: ['job.finished'] }));
      // The ack comes before any further event: the unsubscribed progress event was not sent.
      assert.deepEqual(await next(), { type: 'ack', id: 3 });
      ws.close();
    });

    it('answers unknown events and malformed messages with errors', async () => {
      const ws = open(tokenProtocols());
      const next = messages(ws);
      await new Promise((r) => ws.once('open', r));
      ws.send(JSON.stringify({ type: 'subscribe', id: 9, events: ['db.dump'] }));
      const unknown = (await next()) as { type: string; id: number; error: { code: string } };
      assert.equal(unknown.type, 'error');
      assert.equal(unknown.id, 9);
      assert.equal(unknown.error.code, 'bad-request');
      ws.send('{nope');
      assert.equal(((await next()) as { type: string }).type, 'error');
      ws.close();
    });

    it('refuses a connection without the token (401) or from a foreign origin (403)', async () => {
      assert.equal(await refusedWith(open([HTTP_TRANSPORT.wsProtocol])), 401);
      assert.equal(
        await refusedWith(open([HTTP_TRANSPORT.wsProtocol, `${HTTP_TRANSPORT.wsTokenProtocolPrefix}abc`])),
        401,
      );
      assert.equal(await refusedWith(open(tokenProtocols(), 'https://evil.example')), 403);
      const ok = open(tokenProtocols(), server.url);
      await new Promise((r, j) => (ok.once('open', r), ok.once('error', j)));
      ok.close();
    });
  });

  describe('GET /files/<datasetId>/<path>', () => {
    const auth = () => ({ [HTTP_TRANSPORT.tokenHeader]: server.token });

    it('serves a file inside the root with the right bytes and headers', async () => {
      const response = await raw(server.port, '/files/12/photo.png', { headers: auth() });
      assert.equal(response.status, 200);
      assert.equal(response.headers['content-type'], 'image/png');
      assert.equal(response.headers['x-content-type-options'], 'nosniff');
      assert.equal(response.headers['cache-control'], 'private, no-cache');
      assert.equal(response.headers['cross-origin-resource-policy'], 'same-origin');
      assert.deepEqual(response.body, folder.photo);
      const jpeg = await raw(server.port, '/files/12/sub%20dir/a%20b.jpg', { headers: auth() });
      assert.equal(jpeg.status, 200);
      assert.equal(jpeg.headers['content-type'], 'image/jpeg');
      assert.deepEqual(jpeg.body, folder.jpeg);
    });

    it('answers a matching If-None-Match with 304', async () => {
      const first = await raw(server.port, '/files/12/photo.png', { headers: auth() });
      const etag = String(first.headers.etag);
      const second = await raw(server.port, '/files/12/photo.png', { headers: { ...auth(), 'if-none-match': etag } });
      assert.equal(second.status, 304);
      assert.equal(second.body.length, 0);
    });

    it('authenticates with the cookie set by opening the ?token= page, and refuses without', async () => {
      assert.equal((await raw(server.port, '/files/12/photo.png')).status, 401);
      const page = await raw(server.port, `/?token=${server.token}`);
      const cookie = String(page.headers['set-cookie']);
      assert.match(cookie, new RegExp(`^reflabel_token_${server.port}=${server.token};`));
      assert.match(cookie, /HttpOnly/);
      assert.match(cookie, /SameSite=Strict/);
      const withCookie = await raw(server.port, '/files/12/photo.png', { headers: { cookie: cookie.split(';')[0] } });
      assert.equal(withCookie.status, 200);
      assert.deepEqual(withCookie.body, folder.photo);
      const wrong = await raw(server.port, '/files/12/photo.png', {
        headers: { cookie: `reflabel_token_${server.port}=00` },
      });
      assert.equal(wrong.status, 401);
    });

    it('never serves a file outside the root, whatever the encoding', async () => {
      const attempts = [
        '/files/12/../secret.txt',
        '/files/12/%2e%2e/secret.txt',
        '/files/12/%2E%2E%2Fsecret.txt',
        '/files/12/sub%20dir/..%2F..%2Fsecret.txt',
        '/files/12/%252e%252e/secret.txt',
        '/files/12/..%5Csecret.txt',
        `/files/12/${encodeURIComponent(join(folder.dir, 'secret.txt'))}`,
        `/files/12/${join(folder.dir, 'secret.txt').slice(1)}`,
        '/files/12//etc/passwd',
        '/files/12/photo.png%00.txt',
        '/files/12/%ZZ',
        '/files/../secret.txt',
        '/files/0/photo.png',
      ];
      for (const target of [server, laxServer]) {
        for (const path of attempts) {
          const response = await raw(target.port, path, { headers: { [HTTP_TRANSPORT.tokenHeader]: target.token } });
          assert.ok([400, 403, 404].includes(response.status), `${path} → ${response.status}`);
          assert.ok(!response.body.toString().includes('TOP SECRET'), path);
        }
      }
    });

    it('refuses symbolic links that lead out of the root with 403', async () => {
      for (const path of ['/files/12/link-out', '/files/12/dir-link/secret.txt']) {
        const response = await raw(server.port, path, { headers: auth() });
        assert.equal(response.status, 403, path);
        assert.ok(!response.body.toString().includes('TOP SECRET'));
      }
    });

    it('answers 404 for missing files and unknown datasets', async () => {
      assert.equal((await raw(server.port, '/files/12/missing.png', { headers: auth() })).status, 404);
      assert.equal((await raw(server.port, '/files/99/photo.png', { headers: auth() })).status, 404);
    });

    it('serves non-image dataset files as inert bytes', async () => {
      const response = await raw(server.port, '/files/12/page.html', { headers: auth() });
      assert.equal(response.headers['content-type'], 'application/octet-stream');
      assert.match(String(response.headers['content-security-policy']), /sandbox/);
    });
  });

  describe('the built renderer', () => {
    it('serves index.html with a CSP and without a cookie for a wrong token', async () => {
      const response = await raw(server.port, '/?token=wrong');
      assert.equal(response.status, 200);
      assert.equal(response.headers['content-type'], 'text/html; charset=utf-8');
      assert.equal(response.headers['set-cookie'], undefined);
      const csp = String(response.headers['content-security-policy']);
      assert.match(csp, /default-src 'self'/);
      assert.match(csp, /frame-ancestors 'none'/);
      assert.match(csp, new RegExp(`connect-src 'self' ws://127\\.0\\.0\\.1:${server.port}`));
      assert.equal(response.headers['referrer-policy'], 'no-referrer');
      assert.equal(response.headers['cache-control'], 'no-store');
    });

    it('falls back to index.html for app routes, not for missing assets', async () => {
      const route = await raw(server.port, '/datasets/12/images');
      assert.equal(route.status, 200);
      assert.match(route.body.toString(), /id="root"/);
      assert.equal((await raw(server.port, '/assets/missing-9f9f.js')).status, 404);
    });

    it('serves hashed assets as immutable', async () => {
      const asset = await raw(server.port, '/assets/app-1a2b.js');
      assert.equal(asset.status, 200);
      assert.equal(asset.headers['content-type'], 'text/javascript; charset=utf-8');
      assert.match(String(asset.headers['cache-control']), /immutable/);
      assert.equal(asset.body.toString(), 'console.log(1)');
    });

    it('does not serve files outside the site folder', async () => {
      for (const path of ['/../root/photo.png', '/%2e%2e/root/photo.png', '/assets/..%2F..%2Fsecret.txt']) {
        const response = await raw(server.port, path);
        assert.ok([400, 403, 404].includes(response.status), `${path} → ${response.status}`);
        assert.ok(!response.body.toString().includes('TOP SECRET'));
      }
    });

    it('serves no site when no staticDir was given', async () => {
      assert.equal((await raw(laxServer.port, '/')).status, 404);
    });
  });

  it('close() stops listening and ends event connections', async () => {
    const local = await startApiServer({
      api: testApi,
      handlers: testHandlers,
      events: hub,
      resolveDatasetFile: () => {
        throw new Error('unused');
      },
    });
    const ws = new WebSocket(`ws://127.0.0.1:${local.port}/events`, [
      HTTP_TRANSPORT.wsProtocol,
      `${HTTP_TRANSPORT.wsTokenProtocolPrefix}${local.token}`,
    ]);
    await new Promise((r) => ws.once('open', r));
    const closed = new Promise((r) => ws.once('close', r));
    await local.close();
    await closed;
    await assert.rejects(fetch(`${local.url}/api/app.ping`, { method: 'POST' }));
  });
});
