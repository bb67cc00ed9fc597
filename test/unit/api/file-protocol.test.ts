import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Protocol } from 'electron';
import { ApiError } from '../../../src/shared/contract';
import { FILE_PROTOCOL_PRIVILEGES, registerFileProtocol, type ProtocolLike } from '../../../src/main/api/file-protocol';
import type { ResolveDatasetFile } from '../../../src/main/api/dataset-files';
import { resolveInsideRoot } from '../../../src/main/io/paths';
import { datasetFolder } from './test-api';

export type ElectronFits = Protocol extends ProtocolLike ? true : never;
const electronFits: ElectronFits = true;

class FakeProtocol implements ProtocolLike {
  readonly handlers = new Map<string, (request: Request) => Response | Promise<Response>>();
  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>) {
    this.handlers.set(scheme, handler);
  }
  unhandle(scheme: string) {
    this.handlers.delete(scheme);
  }
  fetch(url: string, method = 'GET') {
    const handler = this.handlers.get(new URL(url).protocol.slice(0, -1));
    if (!handler) throw new Error(`no handler for ${url}`);
    return handler(new Request(url, { method }));
  }
}

describe('reflabel-file protocol', () => {
  let folder: Awaited<ReturnType<typeof datasetFolder>>;
  let protocol: FakeProtocol;
  let lax: FakeProtocol;

  before(async () => {
    folder = await datasetFolder();
    const roots: Record<number, string> = { 12: folder.root };
    const strict: ResolveDatasetFile = (id, rel) => {
      if (!roots[id]) throw new ApiError('not-found', `dataset ${id}`);
      return resolveInsideRoot(roots[id], rel);
    };
    protocol = new FakeProtocol();
    registerFileProtocol({ protocol, resolveDatasetFile: strict, log: () => undefined });
    // Joins without any check: whatever it refuses, the protocol handler refused on its own.
    lax = new FakeProtocol();
    registerFileProtocol({
      protocol: lax,
      resolveDatasetFile: (_id, rel) => join(folder.root, rel),
      log: () => undefined,
    });
  });
  after(() => folder.cleanup());

  it('fits Electron’s Protocol and registers a standard, secure scheme', () => {
    assert.equal(electronFits, true);
    assert.equal(FILE_PROTOCOL_PRIVILEGES.scheme, 'reflabel-file');
    assert.equal(FILE_PROTOCOL_PRIVILEGES.privileges.standard, true);
  });

  it('serves a file inside the root with its bytes and type', async () => {
    const response = await protocol.fetch('reflabel-file://dataset/12/photo.png');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'image/png');
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(response.headers.get('content-length'), String(folder.photo.length));
    assert.deepEqual(Buffer.from(await response.arrayBuffer()), folder.photo);
  });

  it('decodes percent-encoded names', async () => {
    const response = await protocol.fetch('reflabel-file://dataset/12/sub%20dir/a%20b.jpg');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'image/jpeg');
    assert.deepEqual(Buffer.from(await response.arrayBuffer()), folder.jpeg);
  });

  it('answers HEAD without a body', async () => {
    const response = await protocol.fetch('reflabel-file://dataset/12/photo.png', 'HEAD');
    assert.equal(response.status, 200);
    assert.equal((await response.arrayBuffer()).byteLength, 0);
  });

  it('never serves what lies outside the root', async () => {
    for (const p of [lax, protocol]) {
      for (const url of [
        'reflabel-file://dataset/12/%2e%2e/secret.txt',
        'reflabel-file://dataset/12/sub%20dir/%2E%2E%2F..%2Fsecret.txt',
        'reflabel-file://dataset/12/..%2fsecret.txt',
        'reflabel-file://dataset/12/%2Ftmp%2Fsecret.txt',
        'reflabel-file://dataset/12/sub%20dir%5C..%5C..%5Csecret.txt',
        'reflabel-file://dataset/12/photo.png%00.txt',
      ]) {
        const response = await p.fetch(url);
        assert.ok([400, 403, 404].includes(response.status), `${url} → ${response.status}`);
        assert.ok(!(await response.text()).includes('TOP SECRET'), url);
      }
    }
  });

  it('refuses symbolic links that lead out of the root', async () => {
    for (const url of ['reflabel-file://dataset/12/link-out', 'reflabel-file://dataset/12/dir-link/secret.txt']) {
      const response = await protocol.fetch(url);
      assert.equal(response.status, 403, url);
      assert.ok(!(await response.text()).includes('TOP SECRET'));
    }
  });

  it('answers 404 for missing files, directories and unknown datasets, 400 for bad ids', async () => {
    assert.equal((await protocol.fetch('reflabel-file://dataset/12/nope.png')).status, 404);
    assert.equal((await protocol.fetch('reflabel-file://dataset/12/sub%20dir')).status, 404);
    assert.equal((await protocol.fetch('reflabel-file://dataset/99/photo.png')).status, 404);
    assert.equal((await protocol.fetch('reflabel-file://dataset/abc/photo.png')).status, 400);
    assert.equal((await protocol.fetch('reflabel-file://other/12/photo.png')).status, 404);
  });

  it('never lets a dataset file render as a document', async () => {
    const response = await protocol.fetch('reflabel-file://dataset/12/page.html');
    assert.equal(response.headers.get('content-type'), 'application/octet-stream');
    assert.match(response.headers.get('content-security-policy') ?? '', /sandbox/);
  });

  it('refuses other methods', async () => {
    assert.equal((await protocol.fetch('reflabel-file://dataset/12/photo.png', 'POST')).status, 405);
  });
});
